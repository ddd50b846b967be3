import { type Address, encodeAbiParameters, type Hex, keccak256, zeroAddress } from "viem";
import { encodeEmergencyCall } from "../proposer/emergencyPath.ts";
import type { ProposalEvidence } from "../proposer/ProposalEvidence.ts";
import type { ProtectAction } from "../reconcile/Action.ts";
import type { KeeperStore } from "../store/KeeperStore.ts";
import type { ProposalRecord, SafeTxData } from "../store/types.ts";
import type { Plan } from "../strategy/runStrategy.ts";
import type { SafeCall } from "../venues/Venue.ts";
import type { ModuleReceipt } from "./ModuleExecutor.ts";

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

/**
 * Records an executed `protect` (status executed, route emergency-module) from its receipt: the intent with the
 * amount the module counted, so the signers see it and the hedge ledger counts exactly what happened.
 */
export function recordModuleAction(a: {
  store: KeeperStore;
  chainId: number;
  module: Address;
  safe: Address;
  safeNonce: number;
  protect: ProtectAction;
  receipt: Extract<ModuleReceipt, { ok: true }>;
  evidence: (plan: Plan, calls: readonly SafeCall[]) => ProposalEvidence;
}): ProposalRecord {
  const { protect: p, receipt } = a;
  const done: Plan = p.done;
  const bookId = BigInt(done.bookId);
  const tx = encodeEmergencyCall(a.module, { bookId, action: p.action, amount: p.amount });
  const calls: SafeCall[] = [{ to: tx.to, value: 0n, data: tx.data, operation: 0 }];
  const intent = p.intent.kind === "reduce" ? { ...p.intent, notional: receipt.counted } : p.intent;
  return a.store.recordEmergencyAction(
    {
      id: emergencyRecordId(a.chainId, done.bookId, receipt.txHash),
      book: done.bookId,
      chainId: a.chainId,
      safe: a.safe,
      safeNonce: a.safeNonce,
      safeTxHash: receipt.txHash,
      policyVersion: Number(done.policyVersion),
      policyHash: done.policyHash,
      layer: done.layer,
      planKey: done.key,
      block: receipt.block,
      tx: emergencyTxData(tx.to, tx.data, a.safeNonce),
      evidence: a.evidence(done, calls),
      intents: [intent],
    },
    receipt.txHash,
    receipt.chainTime,
  );
}
