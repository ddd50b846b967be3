import type { ModuleFacts } from "../../reconcile/moduleRules.ts";
import { toFloat, toUnits } from "../../signals/toFloat.ts";
import type { ProtectResult } from "../BacktestStrategy.ts";
import { floatMarginBufferPpm } from "../strategies/floatMarginBufferPpm.ts";
import type { MarginAccount } from "./MarginAccount.ts";
import type { SimBook } from "./SimBook.ts";
import type { SimProposal } from "./SimProposalQueue.ts";

/** Executes the single pending decision of an `onBar` strategy at `open`: margin first, then the hedge ratio. */
export function executePending(book: SimBook, open: number): void {
  book.pendingBar = -1;
  moveMargin(book, book.pendingAdd);
  trade(book, book.pendingRatio, open);
  book.pendingRatio = Number.NaN;
  book.pendingAdd = 0;
  book.strategy.onExecuted?.();
}

/** Executes an approved proposal at `open` (its deltas, clamped to what the book holds) and uses a Safe nonce. */
export function executeProposal(book: SimBook, p: SimProposal, open: number, nowMs: number): void {
  moveMargin(book, p.marginDelta);
  tradeBase(book, Math.min(book.baseSize, Math.max(0, book.hedged + p.hedgeDelta)), open);
  book.safeNonce++;
  book.view.safeNonce = book.safeNonce;
  book.strategy.onExecuted?.(p.id, nowMs);
}

/**
 * `EmergencyModule.protect` at reference price `price` (the bar's path at the reaction latency): the module's
 * rules decide on the account's figures at that price; on success the fill is at `price` ± slippage. `open`
 * is the bar's open (the P&L given up is booked from it).
 */
export function executeProtect(
  book: SimBook,
  order: { action: 1 | 2; amount: bigint },
  price: number,
  open: number,
  nowMs: number,
): ProtectResult {
  const module = book.module;
  if (module === undefined) return { ok: false, revert: { error: "NoModule", args: [] } };
  const held = book.baseSize - book.hedged;
  const cut = (counted: bigint, fullClose: boolean) => (fullClose ? held : Math.min(held, toFloat(counted) / price));
  // The buffer the action leaves at `price` (rule 7, EffectTooSmall), computed without touching the account.
  const bufferAfter = (counted: bigint, fullClose: boolean): bigint =>
    order.action === 1
      ? bufferPpmOf(
          book.account.value(price) + Math.min(toFloat(counted), book.reserve),
          book.account.requirement(price),
        )
      : bufferPpmOf(...book.account.afterTrade(cut(counted, fullClose), price));
  const r = module.protect(
    moduleFactsAt(book.account, price, book.reserve),
    order.action,
    order.amount,
    BigInt(Math.floor(nowMs / 1000)),
    bufferAfter,
  );
  if (!r.ok) return r;
  if (order.action === 1) moveMargin(book, toFloat(r.counted));
  else {
    const base = cut(r.counted, r.fullClose);
    book.pnlGivenUp += book.hedged * book.dir * (price - open);
    tradeBase(book, book.hedged + base, price);
    // the open→close segment is booked with the new hedge; the price→close part is what it covers
    book.pnlGivenUp -= book.hedged * book.dir * (price - open);
  }
  return { ok: true, counted: r.counted, price };
}

/** `MarginBuffer.read`'s buffer (ppm) of a value and requirement: 0 when value ≤ requirement. */
function bufferPpmOf(value: number, requirement: number): bigint {
  return BigInt(value <= requirement ? 0 : floatMarginBufferPpm(value, requirement));
}

/** What the module reads at `price`: the account's buffer, position, exposure and the Safe's idle balance. */
export function moduleFactsAt(acc: MarginAccount, price: number, reserve: number): ModuleFacts {
  const value = acc.value(price);
  const requirement = acc.requirement(price);
  return {
    moduleEnabled: true,
    modulePaused: false,
    bookPaused: false,
    bufferPpm: bufferPpmOf(value, requirement),
    positionSize: toUnits(acc.size),
    exposure: toUnits(Math.abs(acc.size) * price),
    idleBalance: toUnits(reserve),
    accountValue: toUnits(value),
    maintenanceRequirement: toUnits(requirement),
  };
}

/** Moves quote between the Safe's reserve and the account (+ in, − back out), within what each holds. */
export function moveMargin(book: SimBook, delta: number): void {
  if (delta > 0 && book.reserve > 0) {
    const amount = Math.min(delta, book.reserve);
    book.reserve -= amount;
    book.account.addMargin(amount);
    book.marginAdded += amount;
    book.trades++;
  } else if (delta < 0 && book.marginAdded > 0) {
    const amount = Math.min(-delta, book.marginAdded);
    book.reserve += amount;
    book.account.addMargin(-amount);
    book.marginAdded -= amount;
    book.trades++;
  }
}

/** Moves the hedged share to `ratio` at `refPrice` (± slippage, + fee). */
export function trade(book: SimBook, ratio: number, refPrice: number): void {
  tradeBase(book, ratio * book.baseSize, refPrice);
}

/** Moves the hedged base to `target` at `refPrice` (± slippage, + fee). */
export function tradeBase(book: SimBook, target: number, refPrice: number): void {
  const delta = target - book.hedged;
  if (Math.abs(delta) < 1e-12 * book.baseSize) return;
  const fill = book.account.trade(-book.dir * delta, refPrice);
  book.hedged = target;
  book.hedgeFees += fill.fee + fill.slippageCost;
  book.feesPaid += fill.fee + fill.slippageCost;
  book.trades++;
  const ratio = target / book.baseSize;
  if (ratio > book.maxRatio) book.maxRatio = ratio;
}
