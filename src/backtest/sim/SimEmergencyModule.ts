import type { EmergencyStatus } from "../../reconcile/EmergencyStatus.ts";
import {
  checkEffect,
  checkProtect,
  type Layer3Limits,
  type ModuleFacts,
  type ModuleParams,
  type ModuleUsage,
  moduleStatus,
  type ProtectOutcome,
  UNUSED_MODULE,
} from "../../reconcile/moduleRules.ts";

/**
 * The backtester's EmergencyModule for one book: the contract's rules (`moduleRules`) over a usage record that
 * only successful `protect` calls advance, exactly as on chain.
 */
export class SimEmergencyModule {
  readonly params: ModuleParams;
  readonly limits: Layer3Limits;
  #usage: ModuleUsage = UNUSED_MODULE;
  /** Successful actions and reverts so far (for the run's figures). */
  actions = 0;
  reverts = 0;

  constructor(params: ModuleParams, limits: Layer3Limits) {
    this.params = params;
    this.limits = limits;
  }

  get usage(): ModuleUsage {
    return this.#usage;
  }

  /** Time of the last successful action (unix seconds; 0 = none). */
  get lastActionAt(): bigint {
    return this.#usage[this.#usage.length - 1]?.at ?? 0n;
  }

  status(facts: ModuleFacts, nowSec: bigint): EmergencyStatus {
    return moduleStatus(this.params, this.#usage, this.limits, facts, nowSec);
  }

  /**
   * `protect` on `facts`: the checks before the trade (`checkProtect`), then rule 7 on the buffer the action
   * would leave — `bufferAfter(counted, fullClose)`, the caller's `MarginBuffer.read` ppm after it (`checkEffect`).
   * Only an accepted call advances the usage; a revert leaves everything as it was (the caller trades nothing).
   */
  protect(
    facts: ModuleFacts,
    action: number,
    amount: bigint,
    nowSec: bigint,
    bufferAfter: (counted: bigint, fullClose: boolean) => bigint,
  ): ProtectOutcome {
    const r = checkProtect(this.params, this.#usage, this.limits, facts, action, amount, nowSec);
    if (!r.ok) {
      this.reverts++;
      return r;
    }
    const small = checkEffect(this.params, this.limits, facts.bufferPpm, bufferAfter(r.counted, r.fullClose));
    if (small !== undefined) {
      this.reverts++;
      return { ok: false, revert: small };
    }
    this.#usage = r.usage;
    this.actions++;
    return r;
  }
}
