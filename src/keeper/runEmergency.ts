import {
  type Account,
  type Address,
  type Chain,
  encodeAbiParameters,
  type Hex,
  keccak256,
  type PublicClient,
  type Transport,
  type WalletClient,
  zeroAddress,
} from "viem";
import { sendUntilMined } from "../executors/sendUntilMined.ts";
import { emergencyModuleAbi } from "../guard/guardAbis.ts";
import type { HedgeIntent } from "../planner/HedgeIntent.ts";
import { canonicalPlan, planKeyOf } from "../planner/planKey.ts";
import { encodeEmergencyCall, readEmergencyStatus, routeLayer3 } from "../proposer/emergencyPath.ts";
import type { ProposalEvidence } from "../proposer/ProposalEvidence.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import type { ProposalRecord, SafeTxData } from "../store/types.ts";
import type { Plan } from "../strategy/runStrategy.ts";
import type { SafeCall } from "../venues/Venue.ts";

/** The book's EmergencyModule and the account that sends `protect` (any account; it pays the gas). */
export type EmergencyOptions = {
  module: Address;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /**
   * First block to scan for the module's `Protected` events when the store has no scan cursor yet (the module's
   * deployment block; default 0). Each tick rebuilds records the store lacks (`recoverEmergencyActions`).
   */
  fromBlock?: bigint | undefined;
  /** Layer-3 resend policy (default: every 1 s, 12 attempts, fees +12.5 % per resend). */
  resend?: { cadenceMs?: number; maxAttempts?: number; bump?: number } | undefined;
};

export type EmergencyResult = {
  /** The executed module action, recorded (status executed, route emergency-module); undefined if none. */
  record: ProposalRecord | undefined;
  /** The plan's intents still for the signers (the whole plan when the module was not used). */
  remaining: Plan | undefined;
  /** Why the module was not used. */
  reasons: string[];
};

/**
 * Store id of an executed module action: one per (chain, book, transaction). The same whether the keeper records
 * it after its own receipt or rebuilds it later from the module's `Protected` event (`recoverEmergencyActions`).
 */
export function emergencyRecordId(chainId: number, bookId: string, txHash: Hex): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: "string" }, { type: "uint256" }, { type: "string" }, { type: "bytes32" }],
      ["alvh.emergency.v1", BigInt(chainId), bookId, txHash],
    ),
  );
}

/** The `tx` column of an emergency record: the `protect` call as sent (no Safe transaction, no signatures). */
export function emergencyTxData(to: Address, data: Hex, safeNonce: number): SafeTxData {
  return {
    to,
    value: "0",
    data,
    operation: 0,
    safeTxGas: "0",
    baseGas: "0",
    gasPrice: "0",
    gasToken: zeroAddress,
    refundReceiver: zeroAddress,
    nonce: safeNonce,
  };
}

/** The plan restricted to `intents`, with its own canonical text and key. */
export function subPlan(plan: Plan, intents: readonly HedgeIntent[]): Plan | undefined {
  if (intents.length === 0) return undefined;
  const canonical = canonicalPlan(plan.bookId, plan.policyVersion, plan.layer, intents);
  return { ...plan, intents, canonical, key: planKeyOf(canonical) };
}

/**
 * Layer 3 through the EmergencyModule: reads the module's status for the book, routes the first add-margin or
 * reduce intent it may execute now (`routeLayer3`), sends `protect` until mined or refused (`sendUntilMined`:
 * its own cadence, fee bumps), then records the action
 * in the store from the receipt (so the signers see it and the hedge ledger counts it). What the module
 * cannot take is returned for a normal Safe proposal.
 */
export async function runEmergency(args: {
  emergency: EmergencyOptions;
  publicClient: PublicClient;
  store: KeeperStore;
  chainId: number;
  safe: Address;
  safeNonce: number;
  plan: Plan;
  nowSec: bigint;
  block: bigint;
  evidence: (plan: Plan, calls: readonly SafeCall[]) => ProposalEvidence;
}): Promise<EmergencyResult> {
  const { emergency, publicClient, plan } = args;
  const bookId = BigInt(plan.bookId);
  const status = await readEmergencyStatus(publicClient, emergency.module, bookId);
  const route = routeLayer3(status, args.nowSec, bookId, plan.intents);
  if (!route.emergency) return { record: undefined, remaining: plan, reasons: route.reasons };
  // Sent as routed: the module closes when the amount reaches the position's value and otherwise trades the
  // mark-valued share of the base exactly, so a near-full cut cannot go through zero.
  const call = route.emergency;
  // Until mined or clearly refused, on the module's own faster cadence, bumping fees on each resend.
  const receipt = await sendUntilMined({
    publicClient,
    walletClient: emergency.walletClient,
    address: emergency.module,
    abi: emergencyModuleAbi,
    functionName: "protect",
    args: [call.bookId, call.action, call.amount],
    what: "EmergencyModule.protect",
    cadenceMs: emergency.resend?.cadenceMs ?? 1_000,
    maxAttempts: emergency.resend?.maxAttempts ?? 12,
    bump: emergency.resend?.bump ?? 0.125,
  });
  const hash = receipt.transactionHash;
  if (receipt.status !== "success")
    return { record: undefined, remaining: plan, reasons: [`module transaction ${hash} reverted`] };
  const done = subPlan(plan, [call.intent]) as Plan;
  const tx = encodeEmergencyCall(emergency.module, call);
  const calls: SafeCall[] = [{ to: tx.to, value: 0n, data: tx.data, operation: 0 }];
  const id = emergencyRecordId(args.chainId, plan.bookId, hash);
  const record = args.store.recordEmergencyAction(
    {
      id,
      book: plan.bookId,
      chainId: args.chainId,
      safe: args.safe,
      safeNonce: args.safeNonce,
      safeTxHash: hash,
      policyVersion: Number(plan.policyVersion),
      policyHash: plan.policyHash,
      layer: plan.layer,
      planKey: done.key,
      block: receipt.blockNumber,
      tx: emergencyTxData(tx.to, tx.data, args.safeNonce),
      evidence: args.evidence(done, calls),
    },
    hash,
  );
  return { record, remaining: subPlan(plan, route.viaProposal), reasons: [] };
}
