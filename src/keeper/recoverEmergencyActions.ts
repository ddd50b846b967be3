import type { Address, Hex, PublicClient } from "viem";
import { policyRegistryAbi } from "../abi/policyRegistryAbi.ts";
import { emergencyRecordId, emergencyTxData } from "../executors/recordModuleAction.ts";
import { emergencyModuleAbi } from "../guard/guardAbis.ts";
import type { HedgeIntent } from "../planner/HedgeIntent.ts";
import { canonicalPlan, planKeyOf } from "../planner/planKey.ts";
import type { Policy } from "../policy/Policy.ts";
import { describeIntent } from "../proposer/describeIntent.ts";
import { encodeEmergencyCall } from "../proposer/emergencyPath.ts";
import type { ProposalEvidence } from "../proposer/ProposalEvidence.ts";
import { EmergencyAction } from "../reconcile/EmergencyStatus.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import type { ProposalRecord } from "../store/types.ts";
import type { KeeperBook } from "./KeeperBook.ts";

const safeNonceAbi = [
  { type: "function", name: "nonce", stateMutability: "view", inputs: [], outputs: [{ type: "uint256" }] },
] as const;

/** Store key of the last block scanned for a module's `Protected` events. */
export const emergencyScanKey = (module: Address) => `emergency-scan:${module.toLowerCase()}`;

export type RecoverEmergencyArgs = {
  publicClient: PublicClient;
  store: KeeperStore;
  module: Address;
  chainId: number;
  /** Policy registry (the policy in force at the event's block is read from it). */
  registry: Address;
  /** The keeper's books; events of other books are ignored. */
  books: readonly KeeperBook[];
  /** First block to scan when the store has no cursor yet (the module's deployment block). */
  fromBlock: bigint;
  /** Last block to scan (the tick's block). */
  toBlock: bigint;
  /** Maintenance margin ratio (ppm), for the evidence (or how to get it, awaited only when a record is made). */
  maintenanceRatioPpm: bigint | (() => Promise<bigint>);
  symbolOf?: (market: string) => string;
  /** Largest block range of one `eth_getLogs` (default 10,000). */
  maxBlockRange?: bigint;
};

/**
 * Rebuilds the store's record of every EmergencyModule action the chain has and the store lacks (a keeper that
 * crashed after sending `protect` and before recording it, or a `protect` sent by someone else): scans the
 * module's `Protected` events from the stored cursor (else `fromBlock`) to `toBlock` and records each as an
 * executed emergency action, under the same id the keeper gives its own (`emergencyRecordId`), so a record is
 * never duplicated. The cursor advances only after the whole range was read and recorded. Returns the records
 * it added, in chain order.
 */
export async function recoverEmergencyActions(args: RecoverEmergencyArgs): Promise<ProposalRecord[]> {
  const { publicClient, store, module } = args;
  const cursor = store.loadState<{ block: bigint }>(emergencyScanKey(module));
  const start = cursor ? cursor.block + 1n : args.fromBlock;
  if (start > args.toBlock) return [];
  const books = new Map(args.books.map((b) => [b.id, b]));
  const step = args.maxBlockRange ?? 10_000n;
  const added: ProposalRecord[] = [];
  for (let from = start; from <= args.toBlock; from += step) {
    const to = from + step - 1n < args.toBlock ? from + step - 1n : args.toBlock;
    const logs = await publicClient.getContractEvents({
      address: module,
      abi: emergencyModuleAbi,
      eventName: "Protected",
      fromBlock: from,
      toBlock: to,
      strict: true,
    });
    for (const log of logs) {
      const book = books.get(log.args.bookId.toString());
      if (!book) continue;
      const id = emergencyRecordId(args.chainId, book.id, log.transactionHash);
      if (store.getProposal(id)) continue;
      added.push(await recordFromEvent(args, book, id, log));
    }
  }
  store.saveState(emergencyScanKey(module), { block: args.toBlock });
  return added;
}

type ProtectedLog = {
  args: {
    bookId: bigint;
    action: number;
    caller: Address;
    amount: bigint;
    before: { accountValue: bigint; maintenanceRequirement: bigint; bufferPpm: bigint; positionSize: bigint };
    afterwards: { accountValue: bigint; maintenanceRequirement: bigint; bufferPpm: bigint; positionSize: bigint };
  };
  blockNumber: bigint;
  transactionHash: Hex;
  logIndex: number;
};

const intentAction = (i: HedgeIntent) => (i.kind === "addMargin" ? EmergencyAction.addMargin : EmergencyAction.reduce);

async function recordFromEvent(
  args: RecoverEmergencyArgs,
  book: KeeperBook,
  id: Hex,
  log: ProtectedLog,
): Promise<ProposalRecord> {
  const { publicClient, module } = args;
  const e = log.args;
  const at = { blockNumber: log.blockNumber } as const;
  const mm = args.maintenanceRatioPpm;
  const [maintenanceRatioPpm, block, tx, nonce, [version, policyHash], rawPolicy] = await Promise.all([
    typeof mm === "bigint" ? mm : mm(),
    publicClient.getBlock(at),
    publicClient.getTransaction({ hash: log.transactionHash }),
    publicClient.readContract({ address: book.account, abi: safeNonceAbi, functionName: "nonce", ...at }),
    publicClient.readContract({
      address: args.registry,
      abi: policyRegistryAbi,
      functionName: "policyVersion",
      args: [e.bookId],
      ...at,
    }),
    publicClient.readContract({
      address: args.registry,
      abi: policyRegistryAbi,
      functionName: "getPolicy",
      args: [e.bookId],
      ...at,
    }),
  ]);
  const policy: Policy = {
    layers: [{ ...rawPolicy.layers[0] }, { ...rawPolicy.layers[1] }, { ...rawPolicy.layers[2] }],
    settings: { ...rawPolicy.settings },
  };
  const intent: HedgeIntent =
    e.action === EmergencyAction.addMargin
      ? { kind: "addMargin", amount: e.amount }
      : { kind: "reduce", market: book.market, notional: e.amount };
  const canonical = canonicalPlan(book.id, version, 3, [intent]);
  const key = planKeyOf(canonical);
  // The calldata as sent when the keeper's transaction called the module directly; else the equivalent call.
  const data =
    tx.to?.toLowerCase() === module.toLowerCase()
      ? tx.input
      : encodeEmergencyCall(module, { bookId: e.bookId, action: intentAction(intent), amount: e.amount }).data;
  const symbolOf = args.symbolOf ?? ((m: string) => m);
  const figures = (f: ProtectedLog["args"]["before"]) => ({
    accountValue: f.accountValue,
    maintenanceRequirement: f.maintenanceRequirement,
    bufferPpm: f.bufferPpm,
  });
  const threshold = policy.layers[2].marginBufferPpm;
  const time = Number(block.timestamp) * 1000;
  const evidence: ProposalEvidence = {
    book: { id: book.id, side: book.side, market: book.market, symbol: symbolOf(book.market), account: book.account },
    block: { number: log.blockNumber, timestamp: Number(block.timestamp) },
    policy: { version: Number(version), hash: policyHash, policy },
    decision: {
      status: "act",
      layer: 3,
      previousLayer: 3,
      escalating: false,
      held: false,
      warm: true,
      marginBufferPpm: Number(e.before.bufferPpm),
      dataTime: time,
      time,
    },
    reasons: [
      {
        text: `recovered from the EmergencyModule's Protected event (tx ${log.transactionHash}, log ${log.logIndex}): on-chain margin buffer ${e.before.bufferPpm} ppm <= Layer-3 threshold ${threshold} ppm`,
        layer: 3,
        signal: "marginBuffer",
        value: Number(e.before.bufferPpm),
        threshold: Number(threshold),
        op: "<=",
        fired: true,
      },
    ],
    inputs: { recoveredFrom: "Protected", caller: e.caller, logIndex: log.logIndex },
    plan: { key, canonical, intents: [intent], words: [describeIntent(intent, book.side, symbolOf)] },
    calls: [{ to: module, value: 0n, data, operation: 0 }],
    // The event carries the venue's own figures after the action: the "expected" margin is the actual one.
    margin: {
      before: figures(e.before),
      expectedAfter: figures(e.afterwards),
      maintenanceRatioPpm,
    },
  };
  return args.store.recordEmergencyAction(
    {
      id,
      book: book.id,
      chainId: args.chainId,
      safe: book.account,
      safeNonce: Number(nonce),
      safeTxHash: log.transactionHash,
      policyVersion: Number(version),
      policyHash,
      layer: 3,
      planKey: key,
      block: log.blockNumber,
      tx: emergencyTxData(module, data, Number(nonce)),
      evidence,
      intents: [intent],
    },
    log.transactionHash,
    Number(block.timestamp),
  );
}
