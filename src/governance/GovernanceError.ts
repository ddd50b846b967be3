import { ContractFunctionRevertedError, decodeErrorResult, parseAbi, BaseError as ViemBaseError } from "viem";
import { policyRegistryAbi } from "../abi/policyRegistryAbi.ts";
import { BaseError } from "../errors/BaseError.ts";

/** Errors that bubble up through the Governor from the TimelockController (not in the Governor's ABI). */
const TIMELOCK_ERRORS = parseAbi([
  "error TimelockUnexpectedOperationState(bytes32 operationId, bytes32 expectedStates)",
  "error TimelockInsufficientDelay(uint256 delay, uint256 minDelay)",
  "error TimelockUnauthorizedCaller(address caller)",
  "error TimelockUnexecutedPredecessor(bytes32 predecessorId)",
  "error FailedCall()",
]);
const BUBBLED_ERRORS = [...policyRegistryAbi.filter((x) => x.type === "error"), ...TIMELOCK_ERRORS];

/** A governance action was refused (by a pre-check or by the chain, with the decoded revert reason). */
export class GovernanceError extends BaseError {
  override name = "GovernanceError";
  /** The decoded custom error name, when the chain reverted (e.g. `GovernorUnexpectedProposalState`). */
  readonly errorName: string | undefined;

  constructor(
    shortMessage: string,
    args: { cause?: unknown; hint?: string; errorName?: string | undefined; details?: string } = {},
  ) {
    super(shortMessage, {
      cause: args.cause,
      metaMessages: args.hint ? [args.hint] : undefined,
      details: args.details,
    });
    this.errorName = args.errorName;
  }

  /** Wraps a viem contract error as "<action> refused: <ErrorName>(args)". */
  static fromRevert(action: string, error: unknown): GovernanceError {
    const reverted =
      error instanceof ViemBaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
    let data: { errorName: string; args?: readonly unknown[] | undefined } | undefined =
      reverted instanceof ContractFunctionRevertedError ? reverted.data : undefined;
    if (reverted instanceof ContractFunctionRevertedError && !data && reverted.raw) {
      // Bubbled up from the timelock or the registry: decode with their errors.
      try {
        data = decodeErrorResult({ abi: BUBBLED_ERRORS, data: reverted.raw });
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
