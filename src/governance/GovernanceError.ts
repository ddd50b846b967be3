import { ContractFunctionRevertedError, decodeErrorResult, BaseError as ViemBaseError } from "viem";
import { policyRegistryAbi } from "../abi/policyRegistryAbi.ts";
import { BaseError } from "../errors/BaseError.ts";

/** A governance action was refused (by a pre-check or by the chain, with the decoded revert reason). */
export class GovernanceError extends BaseError {
  override name = "GovernanceError";
  /** The decoded custom error name, when the chain reverted (e.g. `GovernorUnexpectedProposalState`). */
  readonly errorName: string | undefined;

  constructor(shortMessage: string, args: { cause?: unknown; hint?: string; errorName?: string } = {}) {
    super(shortMessage, { cause: args.cause, metaMessages: args.hint ? [args.hint] : undefined });
    this.errorName = args.errorName;
  }

  /** Wraps a viem contract error as "<action> refused: <ErrorName>(args)". */
  static fromRevert(action: string, error: unknown): GovernanceError {
    const reverted =
      error instanceof ViemBaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
    let data: { errorName: string; args?: readonly unknown[] | undefined } | undefined =
      reverted instanceof ContractFunctionRevertedError ? reverted.data : undefined;
    if (reverted instanceof ContractFunctionRevertedError && !data && reverted.raw) {
      // Bubbled up through the timelock from the registry: decode with the registry's errors.
      try {
        data = decodeErrorResult({ abi: policyRegistryAbi, data: reverted.raw });
      } catch {
        data = undefined;
      }
    }
    if (data) {
      const args = (data.args ?? []).map((a) => (typeof a === "bigint" ? a.toString() : String(a)));
      return new GovernanceError(`${action} refused: ${data.errorName}(${args.join(", ")})`, {
        cause: error,
        errorName: data.errorName,
      });
    }
    if (reverted instanceof ContractFunctionRevertedError && reverted.reason) {
      return new GovernanceError(`${action} refused: ${reverted.reason}`, { cause: error });
    }
    return new GovernanceError(`${action} failed`, { cause: error });
  }
}
