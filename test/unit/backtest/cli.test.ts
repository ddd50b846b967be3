import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BacktestInputError } from "../../../src/backtest/BacktestInputError.ts";
import { runBacktestCommand } from "../../../src/backtest/cli/runBacktestCommand.ts";
import { runStudyCommand } from "../../../src/backtest/cli/runStudyCommand.ts";

const dir = mkdtempSync(path.join(tmpdir(), "alvh-bt-cli-"));
const H = 3_600_000;
const T0 = Date.UTC(2021, 4, 10);

function writeInputs(): { prices: string; funding: string } {
  const rows = ["open_time_ms,open_time_utc,open,high,low,close,volume_base"];
  let prev = 100;
  for (let i = 0; i < 300; i++) {
    const c = i < 200 ? 100 + Math.sin(i / 5) : 100 * 0.985 ** (i - 199);
    rows.push(`${T0 + i * H},x,${prev},${Math.max(prev, c) * 1.002},${Math.min(prev, c) * 0.998},${c},1`);
    prev = c;
  }
  const funding = ["funding_time_ms,funding_time_utc,funding_interval_hours,funding_rate"];
  for (let k = 0; k < 40; k++) funding.push(`${T0 + k * 8 * H},x,8,0.0001`);
  const prices = path.join(dir, "bars.csv");
  const fundingFile = path.join(dir, "funding.csv");
  writeFileSync(prices, `${rows.join("\n")}\n`);
  writeFileSync(fundingFile, `${funding.join("\n")}\n`);
  return { prices, funding: fundingFile };
}

describe("alvh backtest (command)", () => {
  it("writes the JSON with the four strategies and a self-contained chart", async () => {
    const files = writeInputs();
    const json = path.join(dir, "out", "x.json");
    const chart = path.join(dir, "out", "x.html");
    let printed = "";
    await runBacktestCommand(
      { ...files, side: "long", leverage: "5", approvalDelay: "30m", json, chart, from: "2021-05-12" },
      { out: (t) => (printed += t), env: {} },
    );
    const out = JSON.parse(readFileSync(json, "utf8"));
    expect(Object.keys(out.strategies)).toEqual(["unhedged", "static", "stopLoss", "deleverage", "alvh"]);
    for (const m of Object.values(out.strategies) as Record<string, unknown>[]) {
      for (const k of ["breaches", "minMarginBuffer", "hedgeCost", "finalEquity"]) expect(typeof m[k]).toBe("number");
    }
    expect(out.input.from).toBe("2021-05-12T00:00:00.000Z");
    const html = readFileSync(chart, "utf8");
    expect(html).toContain("<svg");
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, "")).not.toMatch(/https?:|<script|<link/);
    expect(readFileSync(path.join(dir, "out", "x.svg"), "utf8")).toMatch(/^<svg/);
    expect(printed).toContain("unhedged");
    expect(printed).toContain("alvh");
  });

  it("names every bad option", async () => {
    const err = await runBacktestCommand(
      { leverage: "-1", approvalDelay: "soon", side: "up" },
      { out: () => {}, env: {} },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BacktestInputError);
    const lines = (err as BacktestInputError).metaMessages.join("\n");
    for (const flag of ["--leverage", "--approval-delay", "--side", "--prices", "--funding"])
      expect(lines).toContain(flag);
  });

  it("alvh backtest: a funding file that does not cover the run is refused (it would price no funding)", async () => {
    const { prices } = writeInputs();
    const late = path.join(dir, "late-funding.csv");
    const rows = ["funding_time_ms,funding_time_utc,funding_interval_hours,funding_rate"];
    for (let k = 0; k < 40; k++) rows.push(`${T0 + 100 * H + k * 8 * H},x,8,0.0001`);
    writeFileSync(late, `${rows.join("\n")}\n`);
    const err = await runBacktestCommand({ prices, funding: late }, { out: () => {}, env: {} }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BacktestInputError);
    expect((err as BacktestInputError).shortMessage).toBe("the funding file does not cover the run");
    expect((err as BacktestInputError).metaMessages[0]).toBe(
      "funding starts at 2021-05-14 04:00 UTC, after the run's start 2021-05-10 00:00 UTC",
    );
  });

  it("a leverage the venue would not open (above 1 / initial-margin ratio: 10x on Perp v2) is refused", async () => {
    const { prices, funding } = writeInputs();
    const io = { out: () => {}, env: {} };
    // 16x at 6.25 % maintenance starts at the liquidation line: it used to "breach" on its first bar
    const err = await runBacktestCommand({ prices, funding, leverage: "16" }, io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BacktestInputError);
    expect((err as BacktestInputError).shortMessage).toBe("leverage 16x is above perp-v2's maximum 10x");
    const study = await runStudyCommand({ asset: [`x=${prices},${funding}`], leverage: "5,12" }, io).catch(
      (e: unknown) => e,
    );
    expect((study as BacktestInputError).shortMessage).toBe("leverage 12x is above perp-v2's maximum 10x");
    let out = "";
    await runBacktestCommand({ prices, funding, leverage: "10" }, { out: (t) => (out += t), env: {} });
    expect(out).toContain("long 10x");
  });

  it("a policy whose bar interval is not the data's is refused (the keeper would compute on other bars)", async () => {
    const { prices, funding } = writeInputs();
    const human = JSON.parse(readFileSync("policies/default.json", "utf8")) as { settings: Record<string, unknown> };
    human.settings.barInterval = "4h";
    human.settings.maxStaleness = "8h";
    const policy = path.join(dir, "policy-4h.json");
    writeFileSync(policy, JSON.stringify(human));
    const err = await runBacktestCommand({ prices, funding, policy }, { out: () => {}, env: {} }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(BacktestInputError);
    expect((err as BacktestInputError).shortMessage).toBe("the policy's bar interval (4h) is not the data's (1h)");
  });

  it("alvh backtest study: --from at or after --to is refused (not an empty study); a one-row price file names its line", async () => {
    const { prices, funding } = writeInputs();
    const io = { out: () => {}, env: {} };
    const asset = [`x=${prices},${funding}`];
    const backwards = await runStudyCommand({ asset, from: "2021-06-01", to: "2021-05-01" }, io).catch(
      (e: unknown) => e,
    );
    expect(backwards).toBeInstanceOf(BacktestInputError);
    expect((backwards as BacktestInputError).shortMessage).toBe("--from must be before --to");
    const one = path.join(dir, "one.csv");
    writeFileSync(one, `${readFileSync(prices, "utf8").split("\n").slice(0, 2).join("\n")}\n`);
    // one bar used to give an endless bar interval, and the study's window loop never ended
    const single = await runStudyCommand({ asset: [`x=${one},${funding}`] }, io).catch((e: unknown) => e);
    expect(single).toBeInstanceOf(BacktestInputError);
    expect((single as BacktestInputError).details).toMatch(
      /one\.csv:2: cannot infer the bar interval from a single row/,
    );
  });
});
