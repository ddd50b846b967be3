import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { proposalId } from "../../../src/proposer/proposalId.ts";
import { fromJson, toJson } from "../../../src/store/bigintJson.ts";
import { KeeperStore } from "../../../src/store/KeeperStore.ts";
import type { NewProposal } from "../../../src/store/types.ts";
import { emptySafeTx } from "../../fixtures/emptySafeTx.ts";

const SAFE = "0x000000000000000000000000000000000000dEaD";

function proposal(overrides: Partial<NewProposal> = {}): NewProposal {
  const ident = {
    chainId: 31337,
    book: "eth-long",
    safe: SAFE,
    safeNonce: 3,
    policyVersion: 1,
    layer: 1,
    planKey: "p1",
  };
  return {
    id: proposalId(ident),
    ...ident,
    safeTxHash: "0xabc",
    policyHash: "0x01",
    block: 42n,
    tx: emptySafeTx(SAFE, 3),
    evidence: { notional: 10n ** 24n, reasons: ["rsi 71.2 >= 65"] },
    intents: [{ kind: "addMargin", amount: 10n ** 21n }],
    ...overrides,
  };
}

describe("KeeperStore", () => {
  it("migrates, uses WAL and survives reopen with bars and state", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "alvh-store-")), "k.sqlite");
    const a = new KeeperStore(file);
    expect(a.schemaVersion()).toBe(5);
    expect(a.db.pragma("journal_mode", { simple: true })).toBe("wal");
    a.upsertBars("ETH", 3600, [
      { t: 0, open: 1, high: 2, low: 0.5, close: 1.5 },
      { t: 3600, open: 1.5, high: 2, low: 1, close: 1.8 },
    ]);
    a.upsertBars("ETH", 3600, [{ t: 3600, open: 1.5, high: 2.2, low: 1, close: 2.1 }]);
    a.saveState("eth-long", { layer: 2, hedged: 5n * 10n ** 18n });
    a.close();
    const b = new KeeperStore(file);
    expect(b.loadBars("ETH", 3600).map((x) => x.close)).toEqual([1.5, 2.1]);
    expect(b.latestBar("ETH", 3600)?.t).toBe(3600);
    expect(b.loadState("eth-long")).toEqual({ layer: 2, hedged: 5n * 10n ** 18n });
    b.close();
  });

  it("records a proposal once, per deterministic id, across two handles on one file", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "alvh-store-")), "k.sqlite");
    let t = 100;
    const a = new KeeperStore(file, { now: () => t++ });
    const b = new KeeperStore(file, { now: () => t++ });
    expect(a.recordProposal(proposal()).inserted).toBe(true);
    const again = b.recordProposal(proposal());
    expect(again.inserted).toBe(false);
    expect(b.listProposals()).toHaveLength(1);
    expect(again.record.evidence).toEqual({ notional: 10n ** 24n, reasons: ["rsi 71.2 >= 65"] });
    expect(again.record.block).toBe(42n);

    expect(a.claimDelivery(again.record.id, "local")).toBe(true);
    expect(b.claimDelivery(again.record.id, "local")).toBe(false);
    a.markDelivered(again.record.id);
    a.addSignature(again.record.id, "0xAA", "0xsig1");
    const signed = b.addSignature(again.record.id, "0xBB", "0xsig2");
    expect(signed.status).toBe("signed");
    expect(signed.signatures.map((s) => s.signer)).toEqual(["0xaa", "0xbb"]);
    a.markExecuted(again.record.id, "0xtx");
    expect(a.markSuperseded(again.record.id, "late", null)).toBe(false);
    expect(b.events(again.record.id).map((e) => e.status)).toEqual([
      "recorded",
      "delivered",
      "signed",
      "signed",
      "executed",
    ]);
    expect(b.openProposals("eth-long")).toHaveLength(0);
    a.close();
    b.close();
  });

  it("supersedes an open proposal with a reason and reopens it when the same plan returns", () => {
    const s = new KeeperStore(":memory:");
    const p = proposal();
    s.recordProposal(p);
    expect(s.markSuperseded(p.id, "policy version 1 -> 2", null)).toBe(true);
    expect(s.getProposal(p.id)?.statusReason).toBe("policy version 1 -> 2");
    expect(s.openProposals()).toHaveLength(0);
    expect(s.reopen(p.id, "same plan again")).toBe(true);
    expect(s.findProposal(p.id.slice(0, 10))?.status).toBe("recorded");
    s.close();
  });

  it("derives distinct ids for each identity component", () => {
    const base = { chainId: 1, book: "b", safe: SAFE, safeNonce: 0, policyVersion: 1, layer: 1, planKey: "k" };
    const ids = new Set([
      proposalId(base),
      proposalId({ ...base, chainId: 2 }),
      proposalId({ ...base, book: "c" }),
      proposalId({ ...base, safeNonce: 1 }),
      proposalId({ ...base, policyVersion: 2 }),
      proposalId({ ...base, layer: 2 }),
      proposalId({ ...base, planKey: "k2" }),
    ]);
    expect(ids.size).toBe(7);
    expect(proposalId(base)).toBe(proposalId({ ...base }));
  });

  it("round-trips bigints in JSON", () => {
    const v = { a: 1n, b: [-2n, "x"], c: "12" };
    expect(fromJson(toJson(v))).toEqual(v);
  });
});
