import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import hre from "hardhat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployDevnet } from "../../src/deploy/deployDevnet.ts";
import { connectRpc } from "../../src/devnet/connectRpc.ts";

// Replays the README's signer walkthrough command by command (between the signer-walkthrough markers) in a fresh
// folder, as a signer would type it. Only what cannot be typed here is substituted: terminal 1's devnet is an
// in-process chain served on 127.0.0.1 (deployed like `alvh devnet`), on a free port instead of 8545; `<id>` is the
// proposal id the keeper printed; `alvh ui` is started, asked for its proposals, then stopped.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const CLI = path.join(ROOT, "src", "cli", "alvh.ts");
const cwd = mkdtempSync(path.join(tmpdir(), "alvh-signers-"));
let server: { close: () => Promise<void> };
let url = "";

function walkthrough(): string[] {
  const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
  const block = /<!-- signer-walkthrough:start -->\n```sh\n([\s\S]*?)```\n<!-- signer-walkthrough:end -->/.exec(readme);
  if (!block) throw new Error("README has no signer walkthrough block");
  return (block[1] as string)
    .split("\n")
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter((l) => l && !l.startsWith("#"));
}

/** Runs one command; with `until`, a long-running one: once its output matches, `whileUp` runs, then it is stopped. */
function alvh(
  args: string[],
  env: NodeJS.ProcessEnv,
  until?: RegExp,
  whileUp?: (m: RegExpExecArray) => Promise<void>,
): Promise<string> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  let up = false;
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += String(d);
      const m = until?.exec(out);
      if (m && !up) {
        up = true;
        (whileUp ? whileUp(m) : Promise.resolve()).catch(reject).finally(() => child.kill("SIGTERM"));
      }
    });
    child.stderr.on("data", (d) => {
      err += String(d);
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0 || (until && signal === "SIGTERM") || (until && code === 0)) resolve(out);
      else reject(new Error(`alvh ${args.join(" ")} exited ${code ?? signal}:\n${out}\n${err}`));
    });
  });
}

beforeAll(async () => {
  const s = await hre.network.createServer("default", "127.0.0.1");
  const { address, port } = await s.listen();
  server = s;
  url = `http://${address}:${port}`;
  await deployDevnet(await connectRpc(url), { deploymentsDir: path.join(cwd, "deployments"), rpcUrl: url });
}, 180_000);
afterAll(async () => {
  await server?.close();
});

describe("README signer walkthrough", () => {
  it("runs as written: a proposal is listed, shown in natural orientation, signed 2 of 2, executed; the page lists it", async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    const outputs: string[] = [];
    let id = "";
    for (const line of walkthrough()) {
      const words = line.split(/\s+/);
      if (words[0] === "export") {
        const [k, v] = (words[1] as string).split("=");
        env[k as string] = v;
        continue;
      }
      if (words[0] === "cp") {
        copyFileSync(path.join(ROOT, words[1] as string), path.join(cwd, words[2] as string));
        const cfg = JSON.parse(readFileSync(path.join(cwd, words[2] as string), "utf8"));
        writeFileSync(path.join(cwd, words[2] as string), JSON.stringify({ ...cfg, rpcUrl: url }));
        continue;
      }
      expect(words.slice(0, 2)).toEqual(["npx", "alvh"]);
      let args = words.slice(2).map((w) => (w === "<id>" ? id : w));
      if (args[0] === "devnet") continue; // terminal 1: the in-process chain above
      if (args[0] === "position" || args[0] === "scenario") args = [...args, "--rpc", url];
      if (args[0] === "ui") {
        args = [...args, "--port", "0"];
        let listed: unknown;
        outputs.push(
          await alvh(args, env, /review page: (http:\/\/127\.0\.0\.1:\d+)/, async (m) => {
            listed = await (await fetch(`${m[1]}/api/proposals`)).json();
          }),
        );
        expect(listed).toMatchObject({ books: [{ book: "1", recent: [{ id, status: "executed", layer: 2 }] }] });
        continue;
      }
      const out = await alvh(args, env);
      outputs.push(out);
      const made = /proposal: new (0x[0-9a-f]{64})/.exec(out);
      if (made) id = made[1] as string;
    }
    const all = outputs.join("\n");
    expect(id).toMatch(/^0x[0-9a-f]{64}$/);
    expect(all).toMatch(/layer L0 -> L2/);
    expect(all).toMatch(/^ID\s+BOOK\s+LAYER\s+STATUS\s+SIGS\s+NONCE/m);
    expect(all).toMatch(new RegExp(`^${id.slice(0, 12)}\\s+1 long ETH\\s+L0->L2\\s+delivered\\s+1/2`, "m"));
    expect(all).toMatch(/\[fired\] L2 margin buffer \d+\.\d{2}% ≤ 35\.00% → fired/);
    expect(all).not.toMatch(/adverse|\d\.\d{8,}/);
    expect(all).toContain("2 of 2 owner signatures");
    expect(all).toMatch(/status: executed/);
  }, 300_000);
});
