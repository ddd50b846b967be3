import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultPolicy } from "../../src/policy/defaultPolicy.ts";
import { diffPolicy } from "../../src/policy/diffPolicy.ts";
import { formatPolicy } from "../../src/policy/formatPolicy.ts";
import { PolicyFileError } from "../../src/policy/PolicyFileError.ts";
import { PolicyValidationError } from "../../src/policy/PolicyValidationError.ts";
import { parsePolicyJson, readPolicyFile, stringifyPolicy, toPolicyJson } from "../../src/policy/policyJson.ts";
import { formatDuration, parseAmount, parseDuration, parsePercent, parseRsi } from "../../src/policy/units.ts";

const root = path.join(import.meta.dirname, "..", "..");
const tmp = mkdtempSync(path.join(tmpdir(), "alvh-policy-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const humanDefault = () => JSON.parse(JSON.stringify(toPolicyJson(defaultPolicy())));

function parseError(mutate: (h: ReturnType<typeof humanDefault>) => void): PolicyFileError {
  const h = humanDefault();
  mutate(h);
  try {
    parsePolicyJson(h);
  } catch (e) {
    if (e instanceof PolicyFileError) return e;
    throw e;
  }
  throw new Error("expected a PolicyFileError");
}

describe("units", () => {
  it("parses and rejects exactly", () => {
    expect(parsePercent("12.5%")).toBe(125_000);
    expect(parsePercent("0.0001%")).toBe(1);
    expect(parsePercent("0.00001%")).toMatch(/at most 4 decimals/);
    expect(parsePercent("12.5")).toMatch(/percentage/);
    expect(parseDuration("1h30m")).toBe(5400);
    expect(parseDuration("900s")).toBe(900);
    expect(parseDuration("15")).toMatch(/duration/);
    expect(formatDuration(5400)).toBe("90m");
    expect(formatDuration(3601)).toBe("3601s");
    expect(parseRsi(65.5)).toBe(6550);
    expect(parseRsi(65.555)).toMatch(/2 decimals/);
    expect(parseAmount("2.5")).toBe(25n * 10n ** 17n);
    expect(parseAmount("1e6")).toMatch(/decimal string/);
  });
});

describe("policy file", () => {
  it("policies/default.json is the human form of defaultPolicy() and round-trips", () => {
    const file = path.join(root, "policies", "default.json");
    expect(readFileSync(file, "utf8")).toBe(stringifyPolicy(defaultPolicy()));
    expect(readPolicyFile(file)).toEqual(defaultPolicy());
  });

  it("names an unknown field", () => {
    const e = parseError((h) => {
      h.layers[1].marginBuffr = "30%";
    });
    expect(e.path).toBe("layers[1].marginBuffr");
    expect(e.shortMessage).toContain('unknown field "marginBuffr"');
  });

  it("names a missing field", () => {
    const e = parseError((h) => {
      delete h.settings.cooldown;
    });
    expect(e.path).toBe("settings.cooldown");
  });

  it("names a wrong unit and the expected one", () => {
    const e = parseError((h) => {
      h.layers[0].marginBuffer = "0.5";
    });
    expect(e.path).toBe("layers[0].marginBuffer");
    expect(e.shortMessage).toMatch(/expected a percentage like "12.5%"/);
    const d = parseError((h) => {
      h.settings.cooldown = 1800;
    });
    expect(d.shortMessage).toMatch(/settings.cooldown: expected a duration string/);
    const s = parseError((h) => {
      h.layers[0].signals = ["RSI", "VIBES"];
    });
    expect(s.shortMessage).toMatch(/unknown signal "VIBES"/);
  });

  it("rejects an invalid ordering with the contract's rule", () => {
    const h = humanDefault();
    h.layers[2].marginBuffer = "70%";
    const file = path.join(tmp, "bad-order.json");
    writeFileSync(file, JSON.stringify(h));
    expect(() => readPolicyFile(file)).toThrow(PolicyValidationError);
    expect(() => readPolicyFile(file)).toThrow(/L3 marginBuffer = 70% breaks the required ordering/);
  });

  it("reports a non-JSON file", () => {
    const file = path.join(tmp, "broken.json");
    writeFileSync(file, "{ nope");
    expect(() => readPolicyFile(file)).toThrow(/not valid JSON/);
  });
});

describe("diffPolicy / formatPolicy", () => {
  it("prints changes in human units", () => {
    const next = defaultPolicy();
    next.layers[1].marginBufferPpm = 300_000;
    next.settings.cooldown = 3600;
    next.layers[0].signalMask = 0b11;
    next.layers[0].targetBufferPpm = 800_000;
    expect(diffPolicy(defaultPolicy(), next)).toEqual([
      "L1 signals: none → RSI, MACD",
      "L1 targetBuffer: 85% → 80%",
      "L2 marginBuffer: 65% → 30%",
      "settings cooldown: 4h → 1h",
    ]);
    expect(diffPolicy(next, next)).toEqual([]);
  });

  it("shows every field with L1..L3 columns", () => {
    const lines = formatPolicy(defaultPolicy());
    expect(lines.find((l) => l.startsWith("marginBuffer"))).toMatch(/^marginBuffer\s+67%\s+65%\s+63%$/);
    expect(lines.find((l) => l.startsWith("targetBuffer"))).toMatch(/^targetBuffer\s+85%\s+85%\s+0%$/);
    expect(lines).toContain("  barInterval         1h");
  });
});
