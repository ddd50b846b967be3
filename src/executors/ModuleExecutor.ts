import {
  type Account,
  type Address,
  type Chain,
  ContractFunctionRevertedError,
  type Hex,
  type PublicClient,
  parseEventLogs,
  type Transport,
  BaseError as ViemError,
  type WalletClient,
} from "viem";
import { emergencyModuleAbi } from "../guard/guardAbis.ts";
import type { EmergencyActionId } from "../reconcile/EmergencyStatus.ts";

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
 * The live module sender: simulates `protect` first (a revert comes back as the contract's custom error name,
 * e.g. `NotInLayer3` when another keeper acted first), sends it, and reads the `Protected` event of the receipt.
 */
export function emergencyModuleSender(o: {
  module: Address;
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
}): ModuleExecutor {
  return {
    module: o.module,
    protect: async (call) => {
      let request: Parameters<typeof o.walletClient.writeContract>[0];
      try {
        const sim = await o.publicClient.simulateContract({
          address: o.module,
          abi: emergencyModuleAbi,
          functionName: "protect",
          args: [call.bookId, call.action, call.amount],
          account: o.walletClient.account,
        });
        request = { ...sim.request, chain: o.walletClient.chain } as typeof request;
      } catch (error) {
        return { ok: false, reason: revertName(error) };
      }
      const txHash = await o.walletClient.writeContract(request);
      const receipt = await o.publicClient.waitForTransactionReceipt({ hash: txHash });
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
