import hre from "hardhat";
import {
  type Address,
  createPublicClient,
  createWalletClient,
  custom,
  type EIP1193RequestFn,
  keccak256,
  toHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { beforeAll, describe, expect, it } from "vitest";
import type { Clients } from "../../src/deploy/Clients.ts";
import { deployMulticall3 } from "../../src/deploy/deployMulticall3.ts";
import { deployPerp, type PerpDeployment } from "../../src/deploy/deployPerp.ts";
import { fundSettlement } from "../../src/devnet/fundSettlement.ts";
import { openEoaPosition } from "../../src/devnet/openEoaPosition.ts";
import { PerpV2Venue } from "../../src/venues/perp/PerpV2Venue.ts";
import { accountBalanceAbi, clearingHouseAbi } from "../../src/venues/perp/perpAbis.ts";
import { must } from "../helpers/must.ts";

const E18 = 10n ** 18n;
const ACCOUNTS = 50;

let clients: Clients;
let perp: PerpDeployment;
let multicall3: Address;
let traders: Address[];
let provider: { request: EIP1193RequestFn };
let rawRequest: (args: { method: string; params?: unknown }) => Promise<unknown>;

beforeAll(async () => {
  const conn = await hre.network.create();
  provider = conn.provider as unknown as { request: EIP1193RequestFn };
  rawRequest = conn.provider.request.bind(conn.provider) as typeof rawRequest;
  const publicClient = await conn.viem.getPublicClient();
  const [walletClient] = await conn.viem.getWalletClients();
  clients = { publicClient, walletClient: must(walletClient) };
  multicall3 = await deployMulticall3(clients);
  perp = await deployPerp(clients);
  const venue = new PerpV2Venue({ publicClient, perp, multicall3 });
  traders = [];
  // 50 deterministic accounts, alternating long ETH / short BTC with varying size.
  for (let i = 0; i < ACCOUNTS; i++) {
    const account = privateKeyToAccount(keccak256(toHex(`alvh-batch-read-${i}`)));
    await rawRequest({ method: "hardhat_setBalance", params: [account.address, toHex(10n ** 20n)] });
    const walletClient = createWalletClient({ account, chain: publicClient.chain, transport: custom(provider) });
    const collateral = BigInt(1_000 + 100 * i) * E18;
    await fundSettlement(clients, perp, account.address, collateral);
    await openEoaPosition({
      trader: { publicClient, walletClient },
      perp,
      venue,
      position: { market: i % 2 ? "BTC" : "ETH", side: i % 2 ? "short" : "long", leverage: 2 + (i % 5), collateral },
    });
    traders.push(account.address);
  }
});

describe("PerpV2Venue batch read", () => {
  it("reads 50 accounts with at most 3 JSON-RPC requests, matching the venue's own views", async () => {
    const methods: string[] = [];
    const counting = custom({
      request: (args: { method: string; params?: unknown }) => {
        methods.push(args.method);
        return rawRequest(args);
      },
    });
    const publicClient = createPublicClient({ chain: clients.publicClient.chain, transport: counting });
    const venue = new PerpV2Venue({ publicClient, perp, multicall3 });
    const t0 = performance.now();
    const snapshot = await venue.read(traders);
    console.log(
      `read 50 accounts: ${methods.length} requests (${methods.join(",")}), ${Math.round(performance.now() - t0)} ms`,
    );
    expect(methods.length).toBeGreaterThan(0);
    expect(methods.length).toBeLessThanOrEqual(3);
    expect(snapshot.accounts).toHaveLength(ACCOUNTS);
    expect(snapshot.markets).toHaveLength(2);

    // Spot-check against direct single reads at the same block.
    for (const i of [0, 1, 24, 49]) {
      const trader = must(traders[i]);
      const a = must(snapshot.accounts[i]);
      expect(a.account).toBe(trader);
      const blockNumber = snapshot.blockNumber;
      const value = await clients.publicClient.readContract({
        address: perp.clearingHouse,
        abi: clearingHouseAbi,
        functionName: "getAccountValue",
        args: [trader],
        blockNumber,
      });
      const size = await clients.publicClient.readContract({
        address: perp.accountBalance,
        abi: accountBalanceAbi,
        functionName: "getTotalPositionSize",
        args: [trader, must(perp.markets[i % 2]).baseToken],
        blockNumber,
      });
      expect(a.accountValue).toBe(value);
      expect(a.positions).toHaveLength(1);
      expect(must(a.positions[0]).size).toBe(size);
      expect(size > 0n).toBe(i % 2 === 0);
    }
  });
});
