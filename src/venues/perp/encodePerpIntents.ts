import { type Address, encodeFunctionData, maxUint256, zeroHash } from "viem";
import type { HedgeIntent } from "../../planner/HedgeIntent.ts";
import type { AccountState, SafeCall, Side, VenueSnapshot } from "../Venue.ts";
import { VenueError } from "../VenueError.ts";
import { clearingHouseAbi, erc20Abi, vaultAbi } from "./perpAbis.ts";

const PPM = 1_000_000n;
const E18 = 10n ** 18n;

export const clearingHouseCloseAbi = [
  {
    type: "function",
    name: "closePosition",
    stateMutability: "nonpayable",
    inputs: [
      {
        name: "params",
        type: "tuple",
        components: [
          { name: "baseToken", type: "address" },
          { name: "sqrtPriceLimitX96", type: "uint160" },
          { name: "oppositeAmountBound", type: "uint256" },
          { name: "deadline", type: "uint256" },
          { name: "referralCode", type: "bytes32" },
        ],
      },
    ],
    outputs: [
      { name: "base", type: "uint256" },
      { name: "quote", type: "uint256" },
    ],
  },
] as const;

export type PerpEncodeContext = {
  clearingHouse: Address;
  vault: Address;
  settlementToken: Address;
  account: Address;
  snapshot: VenueSnapshot;
  bookSide?: Side | undefined;
  slippagePpm: bigint;
  deadline: bigint;
};

/**
 * Hedge intents → Perp v2 calls for a Safe transaction:
 * addMargin → settlementToken.approve(Vault) + Vault.deposit; removeMargin → Vault.withdraw;
 * reduce / closeHedge → ClearingHouse.openPosition against the position on that market (closePosition when the
 * notional reaches the whole position: never through zero); restore → in the book's direction;
 * openHedge → opposite the book's direction. Trades carry `oppositeAmountBound` from the AMM spot price ± slippage.
 */
export function encodePerpIntents(ctx: PerpEncodeContext, intents: readonly HedgeIntent[]): SafeCall[] {
  const state = ctx.snapshot.accounts.find((a) => a.account.toLowerCase() === ctx.account.toLowerCase());
  if (!state) {
    throw new VenueError("Snapshot does not contain the account.", { metaMessages: [`account: ${ctx.account}`] });
  }
  const calls: SafeCall[] = [];
  for (const intent of intents) {
    switch (intent.kind) {
      case "addMargin":
        positive(intent.amount, intent.kind);
        calls.push(
          call(
            ctx.settlementToken,
            encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [ctx.vault, intent.amount] }),
          ),
          call(
            ctx.vault,
            encodeFunctionData({ abi: vaultAbi, functionName: "deposit", args: [ctx.settlementToken, intent.amount] }),
          ),
        );
        break;
      case "removeMargin":
        positive(intent.amount, intent.kind);
        calls.push(
          call(
            ctx.vault,
            encodeFunctionData({ abi: vaultAbi, functionName: "withdraw", args: [ctx.settlementToken, intent.amount] }),
          ),
        );
        break;
      case "reduce":
      case "closeHedge": {
        positive(intent.notional, intent.kind);
        const position = positionOn(state, intent.market);
        if (!position) {
          throw new VenueError(`${intent.kind}: no position on the market.`, {
            metaMessages: [`account: ${ctx.account}`, `market: ${intent.market}`],
          });
        }
        const side: Side = position.size > 0n ? "short" : "long";
        if (intent.notional >= position.notional) calls.push(closeCall(ctx, intent.market, position.size));
        else calls.push(tradeCall(ctx, intent.market, side, intent.notional));
        break;
      }
      case "restore": {
        positive(intent.notional, intent.kind);
        const position = positionOn(state, intent.market);
        const side: Side = position ? (position.size > 0n ? "long" : "short") : bookSide(ctx, state, intent.market);
        calls.push(tradeCall(ctx, intent.market, side, intent.notional));
        break;
      }
      case "openHedge": {
        positive(intent.notional, intent.kind);
        const side: Side = bookSide(ctx, state, intent.market) === "long" ? "short" : "long";
        calls.push(tradeCall(ctx, intent.market, side, intent.notional));
        break;
      }
    }
  }
  return calls;
}

function call(to: Address, data: `0x${string}`): SafeCall {
  return { to, value: 0n, data, operation: 0 };
}

function positive(amount: bigint, kind: string): void {
  if (amount <= 0n) throw new VenueError(`${kind}: amount must be positive.`, { metaMessages: [`amount: ${amount}`] });
}

function positionOn(state: AccountState, market: string) {
  return state.positions.find((p) => p.market.toLowerCase() === market.toLowerCase());
}

/** The book's own direction: given, else the sign of its largest position outside `exceptMarket`. */
function bookSide(ctx: PerpEncodeContext, state: AccountState, exceptMarket: string): Side {
  if (ctx.bookSide) return ctx.bookSide;
  const others = state.positions.filter((p) => p.market.toLowerCase() !== exceptMarket.toLowerCase());
  const pool = others.length > 0 ? others : state.positions;
  const largest = pool.reduce<(typeof pool)[number] | undefined>(
    (best, p) => (!best || p.notional > best.notional ? p : best),
    undefined,
  );
  if (!largest) {
    throw new VenueError("Cannot infer the book's side: the account has no position.", {
      metaMessages: [`account: ${ctx.account}`, "Pass options.bookSide."],
    });
  }
  return largest.size > 0n ? "long" : "short";
}

/** The AMM spot price: what the trade executes at (the mark is a TWAP median and lags a displaced pool). */
function spotOf(ctx: PerpEncodeContext, market: string): bigint {
  const m = ctx.snapshot.markets.find((s) => s.market.toLowerCase() === market.toLowerCase());
  if (!m || m.spotPrice <= 0n) {
    throw new VenueError("Unknown market (not tracked by the venue adapter).", { metaMessages: [`market: ${market}`] });
  }
  return m.spotPrice;
}

function tradeCall(ctx: PerpEncodeContext, market: string, side: Side, notional: bigint): SafeCall {
  const base = (notional * E18) / spotOf(ctx, market);
  const isLong = side === "long";
  // long: exact quote in, at least `base × (1 − slippage)` out; short: exact quote out, at most `base × (1 + slippage)` in.
  const oppositeAmountBound = isLong ? (base * (PPM - ctx.slippagePpm)) / PPM : (base * (PPM + ctx.slippagePpm)) / PPM;
  return call(
    ctx.clearingHouse,
    encodeFunctionData({
      abi: clearingHouseAbi,
      functionName: "openPosition",
      args: [
        {
          baseToken: market as Address,
          isBaseToQuote: !isLong,
          isExactInput: isLong,
          amount: notional,
          oppositeAmountBound,
          deadline: ctx.deadline,
          sqrtPriceLimitX96: 0n,
          referralCode: zeroHash,
        },
      ],
    }),
  );
}

function closeCall(ctx: PerpEncodeContext, market: string, size: bigint): SafeCall {
  const notional = ((size < 0n ? -size : size) * spotOf(ctx, market)) / E18;
  // closing a long sells base: at least notional × (1 − slippage) quote back; closing a short: at most × (1 + slippage) in.
  const bound = size > 0n ? (notional * (PPM - ctx.slippagePpm)) / PPM : (notional * (PPM + ctx.slippagePpm)) / PPM;
  return call(
    ctx.clearingHouse,
    encodeFunctionData({
      abi: clearingHouseCloseAbi,
      functionName: "closePosition",
      args: [
        {
          baseToken: market as Address,
          sqrtPriceLimitX96: 0n,
          oppositeAmountBound: bound,
          deadline: ctx.deadline,
          referralCode: zeroHash,
        },
      ],
    }),
  );
}

export const DEFAULT_DEADLINE = maxUint256;
