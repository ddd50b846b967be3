#!/usr/bin/env node
// The README's test command. Runs the Solidity tests (Hardhat) and the TypeScript tests (Vitest),
// then prints one plain line CI parses: `N passed, N failed`. Extra arguments go to Vitest.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

type Counts = { passed: number; failed: number; ok: boolean };

function run(cmd: string, args: string[], capture: boolean): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", capture ? "pipe" : "inherit", "inherit"] });
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

const npx = (bin: string) => [path.resolve("node_modules", ".bin", bin)];

async function solidity(): Promise<Counts> {
  const { code, out } = await run(process.execPath, [...npx("hardhat"), "test", "solidity"], true);
  const plain = out.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");
  const passed = Number(/(\d+) passing/.exec(plain)?.[1] ?? 0);
  const failed = Number(/(\d+) failing/.exec(plain)?.[1] ?? 0);
  return { passed, failed, ok: code === 0 };
}

async function vitest(extra: string[]): Promise<Counts> {
  const dir = mkdtempSync(path.join(tmpdir(), "alvh-vitest-"));
  const report = path.join(dir, "report.json");
  const { code } = await run(
    process.execPath,
    [...npx("vitest"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...extra],
    false,
  );
  let passed = 0;
  let failed = 0;
  try {
    const json = JSON.parse(readFileSync(report, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numFailedTestSuites: number;
    };
    passed = json.numPassedTests;
    // A failing test also fails its file and describe blocks (suites); count suites only when no test failed
    // (a file that did not load, a failing hook), so one failing test reads as 1 failed.
    failed = json.numFailedTests > 0 ? json.numFailedTests : json.numFailedTestSuites;
  } catch {
    failed = 1; // no report: Vitest itself failed (setup error, crash)
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { passed, failed, ok: code === 0 };
}

const extra = process.argv.slice(2);
const sol = extra.length > 0 ? { passed: 0, failed: 0, ok: true } : await solidity();
const ts = await vitest(extra);
const passed = sol.passed + ts.passed;
const failed = sol.failed + ts.failed + (sol.ok ? 0 : Number(sol.failed === 0)) + (ts.ok ? 0 : Number(ts.failed === 0));
console.log(`solidity: ${sol.passed} passed, ${sol.failed} failed`);
console.log(`vitest: ${ts.passed} passed, ${ts.failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && sol.ok && ts.ok ? 0 : 1);
