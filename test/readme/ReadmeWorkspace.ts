import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/** A free TCP port on 127.0.0.1 (asked from the OS). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export type BlockResult = { code: number; output: string };

/**
 * A scratch folder laid out like a user's checkout: `<tmp>/proj` holds copies of what the README copies from
 * (keeper.example.json, policies/) and a `node_modules/.bin/alvh` link to this project's installable command, so
 * `npx alvh` resolves to it without the registry; `<tmp>/shared/data` links to the shared market data when it
 * exists. Blocks run in `proj` with bash; exported variables carry from one block to the next (as in one terminal).
 * The README's ports (8545, 9464) are replaced by free ones so a developer's own devnet is never touched: in the
 * commands' text and the config copy, and as `ALVH_RPC` (the commands' default `--rpc`).
 */
export class ReadmeWorkspace {
  readonly root: string;
  readonly dir: string;
  readonly hasData: boolean;
  private readonly envFile: string;
  private readonly background = new Map<string, ChildProcess>();
  private readonly ports: { rpc: number; metrics: number };

  private constructor(repo: string, dataDir: string, ports: { rpc: number; metrics: number }) {
    this.ports = ports;
    this.root = mkdtempSync(path.join(tmpdir(), "alvh-readme-"));
    this.dir = path.join(this.root, "proj");
    mkdirSync(path.join(this.dir, "node_modules", ".bin"), { recursive: true });
    symlinkSync(path.join(repo, "bin", "alvh.js"), path.join(this.dir, "node_modules", ".bin", "alvh"));
    cpSync(path.join(repo, "policies"), path.join(this.dir, "policies"), { recursive: true });
    const example = readFileSync(path.join(repo, "keeper.example.json"), "utf8");
    writeFileSync(path.join(this.dir, "keeper.example.json"), this.substitute(example));
    this.hasData = existsSync(dataDir);
    if (this.hasData) {
      mkdirSync(path.join(this.root, "shared"));
      symlinkSync(dataDir, path.join(this.root, "shared", "data"));
    }
    this.envFile = path.join(this.root, "env.sh");
    writeFileSync(this.envFile, "");
    // Background blocks run in their own process groups: if this worker dies before close(), take them along.
    process.once("exit", () => {
      for (const child of this.background.values()) killGroup(child, "SIGKILL");
    });
  }

  static async create(repo: string, dataDir: string): Promise<ReadmeWorkspace> {
    return new ReadmeWorkspace(repo, dataDir, { rpc: await freePort(), metrics: await freePort() });
  }

  /** The README's text with its default ports replaced by this workspace's. */
  substitute(text: string): string {
    return text.replaceAll("8545", String(this.ports.rpc)).replaceAll("9464", String(this.ports.metrics));
  }

  private env(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
    for (const key of Object.keys(env)) if (key.startsWith("ALVH_")) delete env[key];
    // The commands' default --rpc, moved with the port (the README documents ALVH_RPC).
    env.ALVH_RPC = `http://127.0.0.1:${this.ports.rpc}`;
    return env;
  }

  /** Runs a block to completion (bash, `set -e`, the exports of earlier blocks). */
  run(code: string, timeoutMs: number): Promise<BlockResult> {
    const script = [
      "set -eo pipefail",
      `source ${JSON.stringify(this.envFile)}`,
      this.substitute(code),
      `export -p > ${JSON.stringify(this.envFile)}`,
    ].join("\n");
    return new Promise((resolve, reject) => {
      const child = spawn("bash", ["-c", script], { cwd: this.dir, env: this.env(), detached: true });
      let output = "";
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
      };
      child.stdout.on("data", onData);
      child.stderr.on("data", onData);
      const timer = setTimeout(() => {
        output += `\n[readme test: timed out after ${timeoutMs} ms]`;
        killGroup(child, "SIGKILL");
      }, timeoutMs);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? 1, output });
      });
    });
  }

  /**
   * Starts a long-running block in the background (its own process group) and resolves once its output matches
   * `ready`; a running block of the same `name` is stopped first (a fresh devnet, as after Ctrl-C).
   */
  async start(name: string, code: string, ready: RegExp, timeoutMs: number): Promise<BlockResult> {
    await this.stop(name);
    const script = [`source ${JSON.stringify(this.envFile)}`, `exec ${this.substitute(code).trim()}`].join("\n");
    const child = spawn("bash", ["-c", script], { cwd: this.dir, env: this.env(), detached: true });
    this.background.set(name, child);
    return new Promise((resolve) => {
      let output = "";
      let done = false;
      const finish = (code: number) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve({ code, output });
      };
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (ready.test(output)) finish(0);
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.on("close", (code) => finish(code === 0 ? 1 : (code ?? 1)));
      const timer = setTimeout(() => {
        output += `\n[readme test: no ${ready} within ${timeoutMs} ms]`;
        finish(1);
      }, timeoutMs);
    });
  }

  /** Stops a background block (SIGINT to its group, then SIGKILL after 10 s). */
  async stop(name: string): Promise<void> {
    const child = this.background.get(name);
    if (!child) return;
    this.background.delete(name);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
    killGroup(child, "SIGINT");
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 10_000);
    await closed;
    clearTimeout(timer);
  }

  /** Stops every background block and removes the folder. */
  async close(): Promise<void> {
    for (const name of [...this.background.keys()]) await this.stop(name);
    rmSync(this.root, { recursive: true, force: true });
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}
