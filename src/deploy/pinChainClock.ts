/** The EIP-1193 `request` shape every client here uses (Hardhat's provider, viem's `custom`, protocol-kit). */
export type RequestFn = (args: { method: string; params?: readonly unknown[] | object }) => Promise<unknown>;

/** Methods that mine a block on a dev node (automine on). */
const MINING = new Set(["eth_sendTransaction", "eth_sendRawTransaction", "evm_mine", "hardhat_mine"]);
/** Clock methods the wrapper handles (besides the mining ones). */
const CLOCK = new Set(["evm_increaseTime", "evm_setNextBlockTimestamp", "evm_revert", "hardhat_reset"]);
/**
 * Wraps a dev node's `request` so chain time never follows the wall clock: every block is mined exactly one
 * second after the previous one, plus whatever `evm_increaseTime` asked for since. The next block's timestamp is
 * always pinned (`evm_setNextBlockTimestamp`), so gas estimates and `pending` calls see the same time the
 * transaction is then mined at, however long the machine takes in between. How long a run takes thus no
 * longer changes what the chain does: a test or scenario replays block for block. For tests and scripted
 * scenarios on Hardhat/EDR; a live devnet for humans stays on wall time (do not wrap it).
 *
 * Block-producing calls and clock calls are serialised (a transaction and the re-pin after it are one step);
 * reads pass straight through.
 */
export function pinChainClock(request: RequestFn): RequestFn {
  let queue: Promise<unknown> = Promise.resolve();
  /** The pinned timestamp of the next block, once known. */
  let next: number | undefined;

  const latest = async (): Promise<number> => {
    const block = (await request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as {
      timestamp: string;
    };
    return Number(BigInt(block.timestamp));
  };
  const pin = async (timestamp: number): Promise<void> => {
    await request({ method: "evm_setNextBlockTimestamp", params: [timestamp] });
    next = timestamp;
  };
  const repin = async (): Promise<void> => pin((await latest()) + 1);

  const clocked = async (args: Parameters<RequestFn>[0]): Promise<unknown> => {
    const params = Array.isArray(args.params) ? args.params : [];
    if (next === undefined) await repin();
    switch (args.method) {
      case "evm_increaseTime": {
        const seconds = Number(BigInt(params[0] as number | string));
        await pin((next as number) + seconds);
        return String(seconds);
      }
      case "evm_setNextBlockTimestamp": {
        await pin(Number(BigInt(params[0] as number | string)));
        return null;
      }
      case "evm_revert":
      case "hardhat_reset": {
        const result = await request(args);
        await repin();
        return result;
      }
      default: {
        // A mining call: it uses the pinned time; the block after it is pinned one second later. A transaction
        // that reverts is still mined (automine), so the pin moves on failure too.
        let result: unknown;
        try {
          result = await request(args);
        } catch (cause) {
          await repin();
          throw cause;
        }
        await repin();
        return result;
      }
    }
  };

  return (args) => {
    if (!MINING.has(args.method) && !CLOCK.has(args.method)) return request(args);
    const run = queue.then(() => clocked(args));
    queue = run.catch(() => undefined); // the caller gets the rejection; the queue only orders the calls
    return run;
  };
}

/**
 * Pins the clock of `provider` in place (see `pinChainClock`): every client built on it afterwards — viem
 * clients, Hardhat's network helpers, protocol-kit — mines on chain time only. Call it before creating clients.
 */
export function pinProviderClock<P extends { request: RequestFn }>(provider: P): P {
  const request = pinChainClock(provider.request.bind(provider));
  Object.defineProperty(provider, "request", { value: request, configurable: true, writable: true });
  return provider;
}
