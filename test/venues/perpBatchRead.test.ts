import {
  type Address,
  createPublicClient,
  createWalletClient,
  custom,
  type EIP1193RequestFn,
  type Hash,
  keccak256,
  toHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { beforeAll, describe, expect, it } from "vitest";
import type { Clients } from "../../src/deploy/Clients.ts";
import { deployMulticall3 } from "../../src/deploy/deployMulticall3.ts";
import { deployPerp, type PerpDeployment } from "../../src/deploy/deployPerp.ts";
import { write } from "../../src/deploy/tx.ts";
import { fundSettlement } from "../../src/devnet/fundSettlement.ts";
import { PerpV2Venue } from "../../src/venues/perp/PerpV2Venue.ts";
import { accountBalanceAbi, clearingHouseAbi, erc20Abi, vaultAbi } from "../../src/venues/perp/perpAbis.ts";
import { createPinnedNetwork } from "../helpers/createPinnedNetwork.ts";
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
  const conn = await createPinnedNetwork();
  provider = conn.provider as unknown as { request: EIP1193RequestFn };
  rawRequest = conn.provider.request.bind(conn.provider) as typeof rawRequest;
  const publicClient = await conn.viem.getPublicClient();
  const [walletClient] = await conn.viem.getWalletClients();
  clients = { publicClient, walletClient: must(walletClient) };
  multicall3 = await deployMulticall3(clients);
  perp = await deployPerp(clients);
  const venue = new PerpV2Venue({ publicClient, perp, multicall3 });
  traders = [];
  // Cheap set-up: the deployer mints once and deposits for each trader (Vault.depositFor); trades are encoded
  // against one market snapshot. 50 deterministic accounts, alternating long ETH / short BTC, varying size.
  const total = 50_000_000n * E18;
  await fundSettlement(clients, perp, clients.walletClient.account.address, total);
  await write(clients, {
    address: perp.settlementToken,
    abi: erc20Abi,
    functionName: "approve",
    args: [perp.vault, total],
  });
  const prices = await venue.read([]);
  // Set-up transactions are sent with a fixed gas (no estimate/simulation) to keep this file fast.
  const hashes: Hash[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const account = privateKeyToAccount(keccak256(toHex(`alvh-batch-read-${i}`)));
    await rawRequest({ method: "hardhat_setBalance", params: [account.address, toHex(10n ** 20n)] });
    const walletClient = createWalletClient({ account, chain: publicClient.chain, transport: custom(provider) });
    const collateral = BigInt(1_000 + 100 * i) * E18;
    hashes.push(
      await clients.walletClient.writeContract({
        address: perp.vault,
        abi: vaultAbi,
        functionName: "depositFor",
        args: [account.address, perp.settlementToken, collateral],
        account: clients.walletClient.account,
        chain: publicClient.chain,
        gas: 300_000n,
      }),
    );
    const [call] = await venue.encodeIntents(
      account.address,
      [{ kind: "restore", market: must(perp.markets[i % 2]).baseToken, notional: collateral * BigInt(2 + (i % 5)) }],
      { bookSide: i % 2 ? "short" : "long", snapshot: prices, slippagePpm: 50_000 },
    );
    hashes.push(await walletClient.sendTransaction({ to: must(call).to, data: must(call).data, gas: 1_000_000n }));
    traders.push(account.address);
  }
  for (const hash of hashes) {
    expect((await publicClient.getTransactionReceipt({ hash })).status).toBe("success");
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
