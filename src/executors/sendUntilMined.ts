import type {
  Abi,
  Account,
  Address,
  Chain,
  ContractFunctionArgs,
  ContractFunctionName,
  Hash,
  PublicClient,
  TransactionReceipt,
  Transport,
  WalletClient,
} from "viem";
import { isTransientRpcError } from "../rpc/isTransientRpcError.ts";
import { TxNotMinedError } from "./TxNotMinedError.ts";
import { TxRefusedError } from "./TxRefusedError.ts";

export type SendUntilMinedOptions<abi extends Abi, fn extends ContractFunctionName<abi, "nonpayable">> = {
  publicClient: PublicClient;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  address: Address;
  abi: abi;
  functionName: fn;
  args: ContractFunctionArgs<abi, "nonpayable", fn>;
  /** For errors and logs, e.g. "EmergencyModule.protect". */
  what: string;
  /** How often to look for the receipt and, if still pending, resend with higher fees (ms). */
  cadenceMs: number;
  /** Give up after this many sends/resends. */
  maxAttempts: number;
  /** Each resend raises both EIP-1559 fees by this share (≥ 0.125, the usual replacement minimum). */
  bump: number;
  sleep?: (ms: number) => Promise<void>;
  onAttempt?: (e: { attempt: number; hash?: Hash; maxFeePerGas: bigint; error?: unknown }) => void;
};

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function bumped(v: bigint, share: number): bigint {
  const ppm = BigInt(Math.round(share * 1_000_000));
  return v + (v * ppm + 999_999n) / 1_000_000n + 1n;
}

/**
 * Sends a contract call and keeps at it until it is mined or clearly refused, on its own cadence (faster than
 * the keeper's poll): the call is simulated first and before every resend (a revert = `TxRefusedError`, not
 * retried); each `cadenceMs` without a receipt resends the same nonce with both fees raised by `bump`; a
 * transient RPC error on a send is retried on the next beat. Any of the sent hashes being mined ends it.
 */
export async function sendUntilMined<abi extends Abi, fn extends ContractFunctionName<abi, "nonpayable">>(
  o: SendUntilMinedOptions<abi, fn>,
): Promise<TransactionReceipt> {
  const sleep = o.sleep ?? defaultSleep;
  const account = o.walletClient.account;
  const call = { address: o.address, abi: o.abi, functionName: o.functionName, args: o.args } as never;
  /** undefined = the call would go through now; else the error (transient, or a refusal). */
  const simulate = async (): Promise<{ error: unknown; refused: boolean } | undefined> => {
    try {
      await o.publicClient.simulateContract({ ...(call as object), account } as never);
      return undefined;
    } catch (error) {
      return { error, refused: !isTransientRpcError(error) };
    }
  };
  const hashes: Hash[] = [];
  const minedAmong = async (): Promise<TransactionReceipt | undefined> => {
    for (const hash of hashes) {
      const r = await o.publicClient.getTransactionReceipt({ hash }).catch(() => undefined);
      if (r) return r;
    }
    return undefined;
  };
  let nonce: number | undefined;
  let fees: { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | undefined;
  let last: unknown;
  for (let attempt = 1; attempt <= o.maxAttempts; attempt++) {
    const mined = await minedAmong();
    if (mined) return mined;
    const sim = await simulate();
    if (sim?.refused) {
      // Mined between the receipt check and the simulation (the module then refuses a second action)?
      const ours = await minedAmong();
      if (ours) return ours;
      throw new TxRefusedError(o.what, sim.error);
    }
    if (!sim) {
      try {
        nonce ??= await o.publicClient.getTransactionCount({ address: account.address, blockTag: "pending" });
        if (!fees) {
          const est = await o.publicClient.estimateFeesPerGas();
          fees = { maxFeePerGas: est.maxFeePerGas, maxPriorityFeePerGas: est.maxPriorityFeePerGas };
        } else
          fees = {
            maxFeePerGas: bumped(fees.maxFeePerGas, o.bump),
            maxPriorityFeePerGas: bumped(fees.maxPriorityFeePerGas, o.bump),
          };
        const hash = await o.walletClient.writeContract({
          ...(call as object),
          account,
          chain: o.walletClient.chain,
          nonce,
          ...fees,
        } as never);
        hashes.push(hash);
        o.onAttempt?.({ attempt, hash, maxFeePerGas: fees.maxFeePerGas });
        // A chain that mines at once (devnets) answers now; otherwise the next beat looks again.
        const now = await o.publicClient.getTransactionReceipt({ hash }).catch(() => undefined);
        if (now) return now;
      } catch (error) {
        last = error;
        o.onAttempt?.({ attempt, maxFeePerGas: fees?.maxFeePerGas ?? 0n, error });
        // "nonce too low": one of ours (or another sender's) used it; the receipt check above settles which.
        if (/nonce too low|nonce has already been used/i.test(String((error as Error).message))) nonce = undefined;
      }
    } else last = sim.error;
    await sleep(o.cadenceMs);
  }
  const mined = await minedAmong();
  if (mined) return mined;
  throw new TxNotMinedError(o.what, o.maxAttempts, hashes, last);
}
