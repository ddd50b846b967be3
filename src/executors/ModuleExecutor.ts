import {
  type Account,
  type Address,
  type Chain,
  ContractFunctionRevertedError,
  type Hex,
  type PublicClient,
  parseEventLogs,
  type TransactionReceipt,
  type Transport,
  BaseError as ViemError,
  type WalletClient,
} from "viem";
import { emergencyModuleAbi } from "../guard/guardAbis.ts";
import type { EmergencyActionId } from "../reconcile/EmergencyStatus.ts";
import { sendUntilMined } from "./sendUntilMined.ts";
import { TxNotMinedError } from "./TxNotMinedError.ts";
import { TxRefusedError } from "./TxRefusedError.ts";

/** The module's answer to one `protect`: what it counted and the position after, or why it refused. */
export type ModuleReceipt =
  | { ok: true; txHash: Hex; block: bigint; chainTime: number; counted: bigint; positionSizeAfter: bigint }
  | { ok: false; reason: string; txHash?: Hex | undefined };

/** Sends `EmergencyModule.protect` (no signatures; any account pays the gas). */
export interface ModuleExecutor {
  readonly module: Address;
  protect(call: { bookId: bigint; action: EmergencyActionId; amount: bigint }): Promise<ModuleReceipt>;
}

/**
 * The live module sender: sends `protect` until mined or clearly refused (`sendUntilMined`: simulated before
 * every send, its own cadence faster than the keeper's poll, fees bumped on each resend; a refusal comes back as
 * the contract's custom error name, e.g. `NotInLayer3` when another keeper acted first), and reads the
 * `Protected` event of the receipt.
 */
export function emergencyModuleSender(o: {
  module: Address;
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /** Resend policy (default: every 1 s, 12 attempts, fees +12.5 % per resend). */
  resend?: { cadenceMs?: number; maxAttempts?: number; bump?: number } | undefined;
}): ModuleExecutor {
  return {
    module: o.module,
    protect: async (call) => {
      let receipt: TransactionReceipt;
      try {
        receipt = await sendUntilMined({
          publicClient: o.publicClient,
          walletClient: o.walletClient,
          address: o.module,
          abi: emergencyModuleAbi,
          functionName: "protect",
          args: [call.bookId, call.action, call.amount],
          what: "EmergencyModule.protect",
          cadenceMs: o.resend?.cadenceMs ?? 1_000,
          maxAttempts: o.resend?.maxAttempts ?? 12,
          bump: o.resend?.bump ?? 0.125,
        });
      } catch (error) {
        // Refused (simulated revert): the contract's reason; not mined in time: the error's first line.
        if (error instanceof TxRefusedError) return { ok: false, reason: revertName(error.cause) };
        if (error instanceof TxNotMinedError) return { ok: false, reason: error.message.split("\n")[0] as string };
        throw error;
      }
      const txHash = receipt.transactionHash;
      if (receipt.status !== "success") return { ok: false, reason: `transaction ${txHash} reverted`, txHash };
      const [event] = parseEventLogs({ abi: emergencyModuleAbi, eventName: "Protected", logs: receipt.logs });
      const block = await o.publicClient.getBlock({ blockNumber: receipt.blockNumber });
      return {
        ok: true,
        txHash,
        block: receipt.blockNumber,
        chainTime: Number(block.timestamp),
        counted: event?.args.amount ?? call.amount,
        positionSizeAfter: event?.args.afterwards.positionSize ?? 0n,
      };
    },
  };
}

/** The custom error's name (and arguments) of a reverted simulation, else viem's short message. */
function revertName(error: unknown): string {
  if (error instanceof ViemError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError && revert.data?.errorName)
      return `${revert.data.errorName}(${(revert.data.args ?? []).map(String).join(", ")})`;
    return error.shortMessage;
  }
  return String(error);
}
