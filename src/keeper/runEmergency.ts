import {
  type Account,
  type Address,
  type Chain,
  encodeAbiParameters,
  keccak256,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { emergencyModuleAbi } from "../guard/guardAbis.ts";
import type { HedgeIntent } from "../planner/HedgeIntent.ts";
import { canonicalPlan, planKeyOf } from "../planner/planKey.ts";
import { EmergencyAction, encodeEmergencyCall, readEmergencyStatus, routeLayer3 } from "../proposer/emergencyPath.ts";
import type { ProposalEvidence } from "../proposer/ProposalEvidence.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import type { ProposalRecord } from "../store/types.ts";
import type { Plan } from "../strategy/runStrategy.ts";
import type { SafeCall } from "../venues/Venue.ts";

/** The book's EmergencyModule and the account that sends `protect` (any account; it pays the gas). */
export type EmergencyOptions = {
  module: Address;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
};

export type EmergencyResult = {
  /** The executed module action, recorded (status executed, route emergency-module); undefined if none. */
  record: ProposalRecord | undefined;
  /** The plan's intents still for the signers (the whole plan when the module was not used). */
  remaining: Plan | undefined;
  /** Why the module was not used. */
  reasons: string[];
};

/** The plan restricted to `intents`, with its own canonical text and key. */
export function subPlan(plan: Plan, intents: readonly HedgeIntent[]): Plan | undefined {
  if (intents.length === 0) return undefined;
  const canonical = canonicalPlan(plan.bookId, plan.policyVersion, plan.layer, intents);
  return { ...plan, intents, canonical, key: planKeyOf(canonical) };
}

/**
 * Layer 3 through the EmergencyModule: reads the module's status for the book, routes the first add-margin or
 * reduce intent it may execute now (`routeLayer3`), sends `protect` and waits for it, then records the action
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
  /** The book's position notional now (from the venue snapshot). */
  positionNotional: bigint;
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
  const call = { ...route.emergency };
  // A reduce of (nearly) the whole position is sent as a full close: the module closes when the amount reaches
  // its exposure (valued at the mark); an exact-quote sale of almost all of it at a spot below the mark would
  // need more base than the position holds and revert PositionFlipped.
  if (call.action === EmergencyAction.reduce && call.amount * 100n >= args.positionNotional * 98n) {
    const close = (args.positionNotional * 11n) / 10n;
    call.amount = close < status.reduceLeft ? close : status.reduceLeft;
  }
  const hash = await emergency.walletClient.writeContract({
    address: emergency.module,
    abi: emergencyModuleAbi,
    functionName: "protect",
    args: [call.bookId, call.action, call.amount],
    chain: emergency.walletClient.chain,
  });
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success")
    return { record: undefined, remaining: plan, reasons: [`module transaction ${hash} reverted`] };
  const done = subPlan(plan, [call.intent]) as Plan;
  const tx = encodeEmergencyCall(emergency.module, call);
  const calls: SafeCall[] = [{ to: tx.to, value: 0n, data: tx.data, operation: 0 }];
  const id = keccak256(
    encodeAbiParameters(
      [{ type: "string" }, { type: "uint256" }, { type: "string" }, { type: "bytes32" }],
      ["alvh.emergency.v1", BigInt(args.chainId), plan.bookId, hash],
    ),
  );
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
      tx: {
        to: tx.to,
        value: "0",
        data: tx.data,
        operation: 0,
        safeTxGas: "0",
        baseGas: "0",
        gasPrice: "0",
        gasToken: "0x0000000000000000000000000000000000000000",
        refundReceiver: "0x0000000000000000000000000000000000000000",
        nonce: args.safeNonce,
      },
      evidence: args.evidence(done, calls),
    },
    hash,
  );
  return { record, remaining: subPlan(plan, route.viaProposal), reasons: [] };
}
