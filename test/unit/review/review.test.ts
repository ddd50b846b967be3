import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { encodeEmergencyCall } from "../../../src/proposer/emergencyPath.ts";
import { EmergencyAction } from "../../../src/reconcile/EmergencyStatus.ts";
import { formatProposal, formatProposalTable } from "../../../src/review/formatProposal.ts";
import { proposalView } from "../../../src/review/proposalView.ts";
import { ReviewStore } from "../../../src/review/ReviewStore.ts";
import { KeeperStore } from "../../../src/store/KeeperStore.ts";
import { recordBookHistory } from "../../../src/store/recordBookHistory.ts";
import type { ProposalRecord } from "../../../src/store/types.ts";
import { ETH, evidence, newProposal, SAFE } from "../../fixtures/reviewFixtures.ts";

const MODULE = "0x00000000000000000000000000000000000e3e30";
const TX = `0x${"5841".repeat(16)}`;
const dir = mkdtempSync(path.join(tmpdir(), "alvh-review-"));
let n = 0;

/** A store with one Safe proposal and one EmergencyModule action, as the keeper writes them. */
function store(): { file: string; safeId: string; emergencyId: string } {
  const file = path.join(dir, `s${n++}.sqlite`);
  const s = new KeeperStore(file, { now: () => 1_700_000_100 });
  const p = newProposal();
  s.recordProposal(p);
  s.markDelivered(p.id);
  const call = encodeEmergencyCall(MODULE, { bookId: 1n, action: EmergencyAction.reduce, amount: 5_000n * 10n ** 18n });
  const em = newProposal({ planKey: "emergency", layer: 3 });
  const { proposerSignature: _drop, ...emergency } = em;
  s.recordEmergencyAction(
    {
      ...emergency,
      safeTxHash: TX,
      evidence: { ...evidence(), calls: [{ to: MODULE, value: 0n, data: call.data, operation: 0 }] },
    },
    TX,
  );
  recordBookHistory(s, [
    { book: "1", t: 1_699_996_400_000, layer: 0, bufferPpm: 700_000, status: "act" },
    { book: "1", t: 1_700_000_000_000, layer: 1, bufferPpm: 687_500, status: "act" },
  ]);
  s.upsertBars(ETH.toLowerCase(), 3_600_000, [
    { t: 1_699_992_800_000, open: 2000, high: 2000, low: 2000, close: 2000 },
    { t: 1_699_996_400_000, open: 2000, high: 2000, low: 1950, close: 1950 },
  ]);
  s.close();
  return { file, safeId: p.id, emergencyId: em.id };
}

describe("signers' review (read-only store → views → CLI text)", () => {
  it("shows a long's indicators in natural orientation, rounded, with their thresholds", () => {
    const v = proposalView({ ...newProposal(), ...recordFields() } as ProposalRecord);
    expect(v.reasons.map((r) => r.text)).toEqual([
      "L1 RSI 32.37 ≤ 48.00 → fired",
      "L1 MACD histogram/price -0.1200% ≤ -0.1000% → fired",
      "L1 margin buffer 68.75% ≤ 4.00% → not fired",
    ]);
    expect(v.margin.before.buffer).toBe("68.75%");
  });

  it("shows no buffer figures for a book with no open position", () => {
    const v = proposalView({
      ...newProposal({ evidence: evidence({ maintenance: 0n }) }),
      ...recordFields(),
    } as ProposalRecord);
    expect(v.margin.before.buffer).toBe("no position");
    expect(v.margin.expectedAfter.buffer).toBe("no position");
    expect(v.reasons[2]?.text).toBe("L1 margin buffer: no open position (trigger 4.00%)");
  });

  it("lists proposals as a table with headers, signatures/threshold, and no Safe nonce for module actions", () => {
    const { file, safeId, emergencyId } = store();
    const review = new ReviewStore(file);
    try {
      const lines = formatProposalTable(review.list(), { threshold: () => 2, nowSec: 1_700_003_700 });
      expect(lines[0]).toMatch(/^ID\s+BOOK\s+LAYER\s+STATUS\s+SIGS\s+NONCE\s+POLICY\s+AGE\s+PLAN$/);
      expect(lines[1]).toMatch(
        new RegExp(
          `^${safeId.slice(0, 12)}\\s+1 long ETH\\s+L0->L1\\s+delivered\\s+1/2\\s+3\\s+v1\\s+1 h 0 min\\s+reduce`,
        ),
      );
      expect(lines[2]).toMatch(
        new RegExp(`^${emergencyId.slice(0, 12)}\\s+1 long ETH\\s+L0->L3\\s+executed-emergency\\s+-\\s+-\\s+v1`),
      );
    } finally {
      review.close();
    }
  });

  it("shows an emergency action with its transaction hash, no Safe nonce or safeTxHash, and the decoded module call", () => {
    const { file, emergencyId } = store();
    const review = new ReviewStore(file);
    try {
      const text = formatProposal(review.get(emergencyId.slice(0, 10)) as never).join("\n");
      expect(text).toContain(`transaction ${TX} (EmergencyModule, no Safe signatures)`);
      expect(text).not.toMatch(/safeTxHash|Safe nonce|unknown call/);
      expect(text).toContain("EmergencyModule.protect: book 1, cut exposure, 5,000.00 (Layer 3, no signatures)");
    } finally {
      review.close();
    }
  });

  it("charts price bars, layer and buffer over the hours before the decision; the store is opened read-only", () => {
    const { file, safeId } = store();
    const review = new ReviewStore(file);
    try {
      expect(review.chart(safeId)).toEqual({
        decisionAt: 1_700_000_000_000,
        price: [
          { t: 1_699_996_400_000, close: 2000 },
          { t: 1_700_000_000_000, close: 1950 },
        ],
        history: [
          { t: 1_699_996_400_000, layer: 0, bufferPpm: 700_000 },
          { t: 1_700_000_000_000, layer: 1, bufferPpm: 687_500 },
        ],
      });
      const ro = new KeeperStore(file, { readonly: true });
      try {
        expect(() => ro.db.exec("DELETE FROM proposals")).toThrow(/readonly/);
      } finally {
        ro.close();
      }
    } finally {
      review.close();
    }
  });
});

function recordFields() {
  return {
    route: "safe",
    status: "delivered",
    statusReason: null,
    supersededBy: null,
    executedTx: null,
    createdAt: 1_700_000_000,
    updatedAt: 1_700_000_000,
    signatures: [],
    deliveries: [],
    safe: SAFE,
    builtOn: undefined,
    nonceSettled: false,
    executedAt: null,
  };
}
