import { type Bars, barIndexAtOrAfter } from "../data/Bars.ts";

/** A proposal with the simulated signers: executes at `executeBar`'s open once approved (`approvedAtMs`). */
export type SimProposal = {
  id: string;
  /** Base to hedge away (+) or take back (−), and quote to move into (+) or out of (−) the account. */
  hedgeDelta: number;
  marginDelta: number;
  submittedAtMs: number;
  approvedAtMs: number;
  executeBar: number;
};

/**
 * The signers' queue in the backtester: a proposal is approved `approvalDelayMs` after it was made and fills
 * at the first bar opening at or after that. Until approved it can be withdrawn (superseded); once approved
 * the signers have signed it and it executes whatever the keeper says since, as on chain.
 */
export class SimProposalQueue {
  readonly #bars: Bars;
  readonly #delayMs: number;
  #items: SimProposal[] = [];

  constructor(bars: Bars, approvalDelayMs: number) {
    this.#bars = bars;
    this.#delayMs = approvalDelayMs;
  }

  get items(): readonly SimProposal[] {
    return this.#items;
  }

  submit(p: { id: string; hedgeDelta: number; marginDelta: number }, nowMs: number): void {
    if (this.#items.some((x) => x.id === p.id)) return;
    const approvedAtMs = nowMs + this.#delayMs;
    const executeBar = barIndexAtOrAfter(this.#bars, approvedAtMs);
    this.#items = [...this.#items, { ...p, submittedAtMs: nowMs, approvedAtMs, executeBar }];
  }

  /** Withdraws `id` unless it is already approved; returns whether it was withdrawn. */
  withdraw(id: string, nowMs: number): boolean {
    const p = this.#items.find((x) => x.id === id);
    if (p === undefined || p.approvedAtMs <= nowMs) return false;
    this.#items = this.#items.filter((x) => x !== p);
    return true;
  }

  /** Removes and returns the proposals that execute at bar `index`'s open, in submission order. */
  takeDue(index: number): SimProposal[] {
    if (!this.#items.some((x) => x.executeBar <= index)) return NONE;
    const due = this.#items.filter((x) => x.executeBar <= index);
    this.#items = this.#items.filter((x) => x.executeBar > index);
    return due;
  }

  clear(): void {
    this.#items = [];
  }
}

const NONE: SimProposal[] = [];
