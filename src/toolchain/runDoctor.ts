import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { assertToolchain } from "./assertToolchain.ts";

export type DoctorStatus = "ok" | "warn" | "fail";
export type DoctorCheck = { name: string; status: DoctorStatus; detail: string };

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Version of an installed package of this project, or undefined. */
function installed(name: string): string | undefined {
  const file = path.join(ROOT, "node_modules", name, "package.json");
  if (!existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, "utf8")) as { version: string }).version;
}

/** True when nothing listens on 127.0.0.1:`port`. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * `alvh doctor`: the facts an operator needs before the first hour and when reporting a problem — Node, Hardhat and
 * its EDR binary, solc, the contracts build, the market data folder, Chromium for the UI test, and the default ports.
 * `dataDir` and `chromium` are passed in (resolved at command time).
 */
export async function runDoctor(args: { dataDir: string; chromium: string; ports: number[] }): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const [major] = process.versions.node.split(".").map(Number);
  checks.push({
    name: "node",
    status: (major ?? 0) >= 24 ? "ok" : (major ?? 0) >= 22 ? "warn" : "fail",
    detail: `${process.version} (the project's own Node 24 runs through npm run / npx / the alvh command)`,
  });
  try {
    assertToolchain();
    checks.push({
      name: "hardhat",
      status: "ok",
      detail: `hardhat ${installed("hardhat")}, EDR ${installed("@nomicfoundation/edr")} with its matching linux binary`,
    });
  } catch (error) {
    checks.push({ name: "hardhat", status: "fail", detail: error instanceof Error ? error.message : String(error) });
  }
  const solc = installed("solc");
  const wasm = path.join(ROOT, "node_modules", "solc", "soljson.js");
  checks.push(
    solc && existsSync(wasm)
      ? { name: "solc", status: "ok", detail: `${solc} (wasm, offline)` }
      : { name: "solc", status: "fail", detail: "the solc package (soljson.js) is missing: run `npm install`" },
  );
  checks.push(
    existsSync(path.join(ROOT, "artifacts", "contracts"))
      ? { name: "contracts", status: "ok", detail: "compiled (artifacts/)" }
      : { name: "contracts", status: "warn", detail: "not compiled yet: `alvh devnet` or `npm test` compiles (~10 s)" },
  );
  const csvs = existsSync(args.dataDir) ? readdirSync(args.dataDir).filter((f) => f.endsWith(".csv")) : [];
  checks.push(
    csvs.length > 0
      ? { name: "data", status: "ok", detail: `${args.dataDir} (${csvs.length} CSV files)` }
      : {
          name: "data",
          status: "warn",
          detail: `no market data in ${args.dataDir}: backtests need --data DIR or ALVH_DATA_DIR (data tests skip)`,
        },
  );
  checks.push(
    existsSync(args.chromium)
      ? { name: "chromium", status: "ok", detail: `${args.chromium} (the signers' UI test)` }
      : {
          name: "chromium",
          status: "warn",
          detail: `${args.chromium} not found: only the UI test needs it (apt-get install chromium)`,
        },
  );
  for (const port of args.ports) {
    checks.push(
      (await portFree(port))
        ? { name: `port ${port}`, status: "ok", detail: "free on 127.0.0.1" }
        : { name: `port ${port}`, status: "warn", detail: "in use on 127.0.0.1 (a devnet or keeper already running?)" },
    );
  }
  return checks;
}
