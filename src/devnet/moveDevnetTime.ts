import { CliInputError } from "../cli/CliInputError.ts";
import { connectChain } from "../cli/connectChain.ts";

type RawRequest = (args: { method: string; params?: unknown[] }) => Promise<unknown>;

/**
 * `alvh devnet time`: adds `seconds` to the chain clock (`evm_increaseTime` + one block) and/or mines `blocks`
 * blocks (`hardhat_mine`). Dev-node methods: refused by a real network. Returns the lines to print.
 */
export async function moveDevnetTime(args: { rpc: string; seconds: number; blocks: number }): Promise<string[]> {
  if (args.seconds <= 0 && args.blocks <= 0) {
    throw new CliInputError("Nothing to do: give --advance <duration> and/or --mine <n>.", {
      metaMessages: ["e.g. alvh devnet time --advance 3h   or   alvh devnet time --mine 10"],
    });
  }
  const { publicClient } = await connectChain(args.rpc);
  const request = publicClient.request as unknown as RawRequest;
  const before = await publicClient.getBlock();
  try {
    if (args.seconds > 0) {
      await request({ method: "evm_increaseTime", params: [args.seconds] });
      await request({ method: "evm_mine", params: [] });
    }
    if (args.blocks > 0) await request({ method: "hardhat_mine", params: [`0x${args.blocks.toString(16)}`] });
  } catch (cause) {
    throw new CliInputError("The node refused the dev-chain time methods (is this an `alvh devnet`?).", { cause });
  }
  const after = await publicClient.getBlock();
  const iso = (t: bigint) => new Date(Number(t) * 1000).toISOString().replace(".000Z", "Z");
  return [
    `chain time ${iso(before.timestamp)} → ${iso(after.timestamp)} (+${after.timestamp - before.timestamp} s)`,
    `block ${before.number} → ${after.number}`,
  ];
}
