import { type Address, type Hex, toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

/** The public Hardhat/anvil development mnemonic. Its keys are public: local chains only. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/**
 * Roles of the dev accounts on the devnet (index in the mnemonic):
 * 0 deployer + Perp maker, 1–3 Safe owners, 4 scenario trader (moves the pools), 5 twin/comparison account,
 * 6 third-party liquidator, 7 keeper/proposer. 8–19 free.
 */
export const DevRole = {
  deployer: 0,
  owner1: 1,
  owner2: 2,
  owner3: 3,
  scenarioTrader: 4,
  twin: 5,
  liquidator: 6,
  keeper: 7,
} as const;

export type DevKey = { index: number; address: Address; privateKey: Hex };

/** The dev key at `index` (address and private key). */
export function devKey(index: number): DevKey {
  const account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
  const privateKey = account.getHdKey().privateKey;
  if (!privateKey) throw new RangeError(`no private key at dev index ${index}`);
  return { index, address: account.address, privateKey: toHex(privateKey) };
}
