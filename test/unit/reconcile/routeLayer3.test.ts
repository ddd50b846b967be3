import { decodeFunctionData } from "viem";
import { describe, expect, it } from "vitest";
import { emergencyModuleAbi } from "../../../src/guard/guardAbis.ts";
import { encodeEmergencyCall } from "../../../src/proposer/emergencyPath.ts";
import { EmergencyAction, type EmergencyStatus } from "../../../src/reconcile/EmergencyStatus.ts";
import { canUseEmergency, routeLayer3 } from "../../../src/reconcile/routeLayer3.ts";

const E18 = 10n ** 18n;
const ETH = "0x00000000000000000000000000000000000000e7";
const MODULE = "0x000000000000000000000000000000000000beef";
const ready: EmergencyStatus = {
  moduleEnabled: true,
  modulePaused: false,
  bookPaused: false,
  inLayer3: true,
  bufferPpm: 150_000n,
  thresholdPpm: 200_000n,
  nextAllowedAt: 0n,
  marginLeft: 20_000n * E18,
  reduceLeft: 60_000n * E18,
  idleBalance: 15_000n * E18,
  bookApproved: true,
  openToAnyoneAt: 0n,
  marginNeeded: 0n,
};

describe("emergency path routing", () => {
  it("sends the first add-margin through the module, clamped to idle balance and caps; the rest is proposed", () => {
    const r = routeLayer3(ready, 1000n, [
      { kind: "addMargin", amount: 25_000n * E18 },
      { kind: "reduce", market: ETH, notional: 10_000n * E18 },
    ]);
    expect(r.emergency).toEqual({
      action: EmergencyAction.addMargin,
      amount: 15_000n * E18,
      intent: { kind: "addMargin", amount: 15_000n * E18 },
    });
    expect(r.viaProposal).toEqual([
      { kind: "addMargin", amount: 10_000n * E18 },
      { kind: "reduce", market: ETH, notional: 10_000n * E18 },
    ]);
  });

  it("routes a reduce when no margin is left", () => {
    const r = routeLayer3({ ...ready, idleBalance: 0n }, 1000n, [
      { kind: "addMargin", amount: 1n },
      { kind: "reduce", market: ETH, notional: 70_000n * E18 },
    ]);
    expect(r.emergency?.action).toBe(EmergencyAction.reduce);
    expect(r.emergency?.amount).toBe(60_000n * E18);
    expect(r.viaProposal).toHaveLength(2);
  });

  it("refuses with reasons: not in L3 on-chain, cooldown, disabled, paused", () => {
    const v = canUseEmergency(
      { ...ready, inLayer3: false, bufferPpm: 300_000n, nextAllowedAt: 2000n, moduleEnabled: false, bookPaused: true },
      1000n,
    );
    expect(v.usable).toBe(false);
    expect(v.reasons).toEqual([
      "module not enabled on the Safe",
      "book paused in the registry",
      "margin buffer 300000 ppm > Layer-3 threshold 200000 ppm (on-chain)",
      "cooldown until 2000",
    ]);
    const r = routeLayer3({ ...ready, modulePaused: true }, 1000n, [{ kind: "addMargin", amount: 1n }]);
    expect(r.emergency).toBeUndefined();
    expect(r.viaProposal).toEqual([{ kind: "addMargin", amount: 1n }]);
  });

  it("encodes protect(bookId, action, amount)", () => {
    const tx = encodeEmergencyCall(MODULE, { bookId: 3n, action: EmergencyAction.reduce, amount: 5n });
    expect(tx.to).toBe(MODULE);
    const d = decodeFunctionData({ abi: emergencyModuleAbi, data: tx.data });
    expect(d.functionName).toBe("protect");
    expect(d.args).toEqual([3n, 2, 5n]);
  });
  it("adds margin through the module instead of a cut while idle margin lifts the book (AddMarginCovers)", () => {
    const status = { ...ready, marginNeeded: 2_000n * E18 };
    const r = routeLayer3(status, 1000n, [{ kind: "reduce", market: ETH, notional: 10_000n * E18 }]);
    expect(r.emergency?.action).toBe(EmergencyAction.addMargin);
    expect(r.emergency?.amount).toBe(2_020n * E18);
    expect(r.viaProposal).toEqual([{ kind: "reduce", market: ETH, notional: 10_000n * E18 }]);
    const poor = { ...status, idleBalance: 1_000n * E18 };
    expect(routeLayer3(poor, 1000n, [{ kind: "reduce", market: ETH, notional: 10_000n * E18 }]).emergency?.action).toBe(
      EmergencyAction.reduce,
    );
  });

  it("reports a book the Safe has not approved", () => {
    expect(canUseEmergency({ ...ready, bookApproved: false }, 0n).reasons).toContain(
      "book not approved by the Safe for the module",
    );
  });
});
