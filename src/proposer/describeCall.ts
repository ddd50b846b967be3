import { decodeFunctionData, type Hex } from "viem";
import { emergencyModuleAbi } from "../guard/guardAbis.ts";
import { clearingHouseCloseAbi } from "../venues/perp/encodePerpIntents.ts";
import { clearingHouseAbi, erc20Abi, vaultAbi } from "../venues/perp/perpAbis.ts";
import { formatAmount } from "./describeIntent.ts";

/** Names for addresses (contracts and markets) when a deployment file is at hand; lower-case keys. */
export type AddressBook = ReadonlyMap<string, string>;

const ABIS = [...clearingHouseAbi, ...clearingHouseCloseAbi, ...vaultAbi, ...erc20Abi, ...emergencyModuleAbi] as const;
const EMERGENCY_ACTIONS: Record<number, string> = { 1: "add margin from idle settlement token", 2: "cut exposure" };

function nameOf(book: AddressBook, address: string): string {
  return book.get(address.toLowerCase()) ?? address;
}

/**
 * One Safe call in words, decoded with the venue ABIs the adapter encodes (settlement token approve, Vault
 * deposit/withdraw, ClearingHouse openPosition/closePosition), e.g.
 * `ClearingHouse.openPosition: sell ETH for exactly 12,000.00 quote, at most 6.3 ETH in (slippage bound)`, and
 * the EmergencyModule's `protect(bookId, action, amount)`.
 * Anything else is shown as its target and selector, never hidden.
 */
export function describeCall(call: { to: string; value: bigint; data: string }, book: AddressBook = new Map()): string {
  const target = nameOf(book, call.to);
  const value = call.value > 0n ? ` (+${formatAmount(call.value)} native)` : "";
  let decoded: ReturnType<typeof decodeFunctionData<typeof ABIS>>;
  try {
    decoded = decodeFunctionData({ abi: ABIS, data: call.data as Hex });
  } catch {
    return `${target}: unknown call ${call.data.slice(0, 10)} (${(call.data.length - 2) / 2} bytes)${value}`;
  }
  switch (decoded.functionName) {
    case "approve": {
      const [spender, amount] = decoded.args as readonly [string, bigint];
      return `${target}.approve: allow ${nameOf(book, spender)} to pull ${formatAmount(amount)}${value}`;
    }
    case "deposit": {
      const [token, amount] = decoded.args as readonly [string, bigint];
      return `${target}.deposit: ${formatAmount(amount)} of ${nameOf(book, token)} as margin${value}`;
    }
    case "withdraw": {
      const [token, amount] = decoded.args as readonly [string, bigint];
      return `${target}.withdraw: ${formatAmount(amount)} of ${nameOf(book, token)} from margin${value}`;
    }
    case "openPosition": {
      const [p] = decoded.args as readonly [
        {
          baseToken: string;
          isBaseToQuote: boolean;
          isExactInput: boolean;
          amount: bigint;
          oppositeAmountBound: bigint;
        },
      ];
      const m = nameOf(book, p.baseToken);
      const a = formatAmount(p.amount);
      const b = formatAmount(p.oppositeAmountBound);
      const exactBase = p.isBaseToQuote === p.isExactInput;
      const what = p.isBaseToQuote
        ? exactBase
          ? `sell exactly ${a} ${m}, at least ${b} quote out`
          : `sell ${m} for exactly ${a} quote, at most ${b} ${m} in`
        : exactBase
          ? `buy exactly ${a} ${m}, at most ${b} quote in`
          : `buy ${m} with exactly ${a} quote, at least ${b} ${m} out`;
      return `${target}.openPosition: ${what} (slippage bound)${value}`;
    }
    case "closePosition": {
      const [p] = decoded.args as readonly [{ baseToken: string; oppositeAmountBound: bigint }];
      return `${target}.closePosition: close the whole ${nameOf(book, p.baseToken)} position, bound ${formatAmount(p.oppositeAmountBound)} quote (slippage bound)${value}`;
    }
    case "protect": {
      const [bookId, action, amount] = decoded.args as readonly [bigint, number, bigint];
      const what = EMERGENCY_ACTIONS[action] ?? `action ${action}`;
      return `${target === call.to ? "EmergencyModule" : target}.protect: book ${bookId}, ${what}, ${formatAmount(amount)} (Layer 3, no signatures)${value}`;
    }
    default:
      return `${target}.${decoded.functionName}(${(decoded.args ?? []).map(String).join(", ")})${value}`;
  }
}
