import Safe from "@safe-global/protocol-kit";
import type { Address, Hex } from "viem";
import { advanceTime } from "../deploy/chainControl.ts";
import type { TickReport } from "../keeper/Keeper.ts";
import { executeProposal } from "../proposer/executeProposal.ts";
import { signProposal } from "../proposer/signProposal.ts";
import { driveScenario } from "../scenario/driveScenario.ts";
import { formatReason } from "../strategy/Reason.ts";
import { toE18 } from "../venues/perp/priceMath.ts";
import type { CrashWorld, WorldKeeper } from "./crashWorld.ts";

export type TimelineRow = {
  step: number;
  price: number;
  layer: number;
  previousLayer: number;
  status: string;
  /** Fired reasons when the layer changed. */
  reasons: string[];
  proposal: string | undefined;
  /** A Layer-3 action the EmergencyModule executed this step (no signatures). */
  emergency: string | undefined;
  approvals: string[];
  /** Approvals whose execution failed (e.g. the price moved past the trade's slippage bound). */
  failures: string[];
  safeBufferPpm: bigint;
  twinBufferPpm: bigint;
  safeBreached: boolean;
  twinBreached: boolean;
  stale: string[];
};

export type CrashRun = { rows: TimelineRow[]; executed: string[]; layersSeen: number[] };

/**
 * Replays `prices` (one per bar, `barSeconds` apart) on the world's ETH market and runs the keeper after each
 * step. Simulated signers (Safe owners 2 and 3… up to the threshold, the proposer counts as one) approve a
 * proposal `approvalDelaySteps` steps after it was delivered, and one of them executes it.
 */
export async function runCrash(
  w: CrashWorld,
  k: WorldKeeper,
  prices: readonly number[],
  options: {
    approvalDelaySteps: number;
    barSeconds?: number;
    onRow?: (row: TimelineRow) => void;
    /** How a step ticks the keeper (default `k.keeper.tick()`); `undefined` = the tick failed, the step is skipped. */
    tick?: () => Promise<TickReport | undefined>;
  },
): Promise<CrashRun> {
  const rows: TimelineRow[] = [];
  const executed: string[] = [];
  const layersSeen: number[] = [];
  const seenAt = new Map<string, number>();
  const signerKeys = w.ownerKeys.slice(1) as Hex[];
  const t0 = Number((await w.clients.publicClient.getBlock()).timestamp);
  const bar = options.barSeconds ?? 3600;
  // The real price-path driver: oracle update, pool trades toward the index, time, staleness refresh.
  const path = prices.map((p, i) => ({ time: t0 + bar * (i + 1), price: toE18(p) }));
  await advanceTimeBy(w, bar);
  await driveScenario({
    clients: w.trader,
    perp: w.perp,
    market: "ETH",
    path,
    pool: { maxTicksPerTrade: 400, maxTrades: 40 },
    onStep: (s) => onStep(s.index),
  });
  return { rows, executed, layersSeen };

  async function onStep(step: number): Promise<void> {
    const price = prices[step] as number;
    const report = options.tick ? await options.tick() : await k.keeper.tick();
    const b = report?.books[0];
    if (!b) return;
    const d = b.decision;
    if (d.layer !== d.previousLayer && d.status === "act") layersSeen.push(d.layer);
    for (const p of k.store.openProposals()) if (!seenAt.has(p.id)) seenAt.set(p.id, step);
    const approvals: string[] = [];
    const failures: string[] = [];
    for (const p of k.store.openProposals()) {
      if (step - (seenAt.get(p.id) ?? step) < options.approvalDelaySteps) continue;
      let current = p;
      try {
        for (const key of signerKeys) {
          const kit = await Safe.init({
            provider: w.provider,
            signer: key,
            safeAddress: p.safe,
            contractNetworks: w.safe.contractNetworks,
          });
          if (current.signatures.length >= w.safe.threshold) {
            await executeProposal(kit, current, k.delivery);
            break;
          }
          await signProposal(kit, current, k.delivery);
          current = k.store.mustGet(p.id);
          if (current.signatures.length >= w.safe.threshold) {
            await executeProposal(kit, current, k.delivery);
            break;
          }
        }
        approvals.push(p.id);
        executed.push(p.id);
      } catch (error) {
        failures.push(
          `${p.id.slice(0, 10)}: ${(error as Error).message.split("\n").slice(0, 3).join(" | ")} ${String((error as { cause?: { shortMessage?: string; details?: string } }).cause?.details ?? "")}`,
        );
      }
    }
    const snap = await w.venue.read([w.safe.safe as Address, w.twin]);
    const [safeAcc, twinAcc] = snap.accounts;
    const row: TimelineRow = {
      step,
      price,
      layer: d.layer,
      previousLayer: d.previousLayer,
      status: d.status,
      reasons:
        d.layer !== d.previousLayer ? d.reasons.filter((r) => r.fired).map((r) => formatReason(r, b.book.side)) : [],
      proposal: b.outcome
        ? `${b.outcome.kind} ${b.outcome.record.id.slice(0, 10)} L${b.outcome.record.layer}`
        : undefined,
      emergency: b.emergency
        ? `${b.emergency.id.slice(0, 10)} ${(b.emergency.evidence as { plan: { words: string[] } }).plan.words.join("; ")}`
        : undefined,
      approvals: approvals.map((id) => id.slice(0, 10)),
      failures,
      safeBufferPpm: safeAcc?.marginBufferPpm ?? 0n,
      twinBufferPpm: twinAcc?.marginBufferPpm ?? 0n,
      safeBreached: safeAcc?.breached ?? false,
      twinBreached: twinAcc?.breached ?? false,
      stale: b.stale,
    };
    rows.push(row);
    options.onRow?.(row);
  }
}

async function advanceTimeBy(w: CrashWorld, seconds: number): Promise<void> {
  await advanceTime(w.clients.publicClient, seconds);
}
