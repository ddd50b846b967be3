import hre from "hardhat";
import { pinProviderClock } from "../../src/deploy/pinChainClock.ts";

/**
 * A fresh in-process chain whose block timestamps follow chain time only (see `pinChainClock`), so a chain test
 * mines the same blocks at the same timestamps however loaded the machine is. Every client of the returned
 * connection (`conn.viem`, `conn.networkHelpers`, `conn.provider`) goes through the pinned clock.
 */
export async function createPinnedNetwork() {
  const conn = await hre.network.create();
  pinProviderClock(conn.provider);
  return conn;
}
