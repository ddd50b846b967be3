import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { KeeperConfigError } from "../../../src/config/KeeperConfigError.ts";
import { loadKeeperConfig, parseKeeperConfig } from "../../../src/config/loadKeeperConfig.ts";

const good = {
  rpcUrl: "http://127.0.0.1:8545",
  chainId: 31337,
  books: [{ id: 1, account: "0x000000000000000000000000000000000000dEaD", side: "long", market: "ETH" }],
  proposer: { key: { kind: "env", name: "ALVH_PRIVATE_KEY" } },
};

function issues(input: unknown): string[] {
  try {
    parseKeeperConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(KeeperConfigError);
    return (e as KeeperConfigError).issues.map((i) => i.field);
  }
  throw new Error("expected the config to be rejected");
}

describe("keeper config", () => {
  it("fills defaults and resolves paths against the config file's folder", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "alvh-cfg-"));
    const file = path.join(dir, "keeper.json");
    writeFileSync(file, JSON.stringify({ ...good, dbPath: "db/k.sqlite" }));
    const cfg = loadKeeperConfig(file);
    expect(cfg.dbPath).toBe(path.join(dir, "db/k.sqlite"));
    expect(cfg.delivery).toEqual({ kind: "local" });
    expect(cfg.metrics).toEqual({ host: "127.0.0.1", port: 9464 });
    expect(cfg.bars.source).toBe("oracle");
    expect(cfg.books[0]?.id).toBe("1");
  });

  it("names every bad field", () => {
    expect(issues({ ...good, rpcUrl: "nope" })).toEqual(["rpcUrl"]);
    expect(issues({ ...good, books: [{ ...good.books[0], account: "0x12" }] })).toEqual(["books[0].account"]);
    expect(issues({ ...good, books: [{ ...good.books[0], side: "up" }] })).toEqual(["books[0].side"]);
    expect(issues({ ...good, metrics: { host: "0.0.0.0", port: 1 } })).toEqual(["metrics.host"]);
    expect(issues({ ...good, delivery: { kind: "safe-tx-service", url: "ftp://x" } })).toEqual(["delivery.url"]);
    expect(issues({ ...good, bars: { source: "csv" } })).toEqual(["bars.csvPath"]);
    expect(issues({ ...good, proposer: { key: { kind: "env", name: "lower case" } } })).toEqual(["proposer.key.name"]);
    expect(issues({ ...good, extra: 1 })).toEqual(["extra"]);
    expect(issues({ ...good, books: [{ ...good.books[0], id: "eth" }] })).toEqual(["books[0].id"]);
    // EIP-55: a mixed-case address must carry a valid checksum; all lower case passes.
    expect(
      issues({ ...good, books: [{ ...good.books[0], account: "0x000000000000000000000000000000000000DeaD" }] }),
    ).toEqual(["books[0].account"]);
    expect(
      parseKeeperConfig({
        ...good,
        books: [{ ...good.books[0], account: "0x000000000000000000000000000000000000dead" }],
      }).books[0]?.account,
    ).toBe("0x000000000000000000000000000000000000dead");
    expect(issues({ ...good, books: [good.books[0], { ...good.books[0], side: "short" }] })).toEqual(["books[1].id"]);
    const { chainId: _c, ...noChain } = good;
    expect(issues(noChain)).toEqual(["chainId"]);
  });

  it("RPC: rpcUrl or rpcUrls (several for failover), transport defaults", () => {
    const one = parseKeeperConfig(good);
    expect(one.rpcUrls).toEqual(["http://127.0.0.1:8545"]);
    expect(one.rpc).toEqual({
      timeoutMs: 5_000,
      retryCount: 4,
      retryBaseDelayMs: 100,
      retryMaxDelayMs: 2_000,
      batchSize: 200,
      tickDeadlineMs: 30_000,
    });
    const { rpcUrl: _r, ...noRpc } = good;
    const two = parseKeeperConfig({ ...noRpc, rpcUrls: ["http://127.0.0.1:8545", "http://127.0.0.1:8546"] });
    expect([two.rpcUrl, two.rpcUrls.length]).toEqual(["http://127.0.0.1:8545", 2]);
    expect(issues(noRpc)).toEqual(["rpcUrls"]);
    expect(issues({ ...noRpc, rpcUrls: ["http://a:1", "http://a:1"] })).toEqual(["rpcUrls"]);
    expect(issues({ ...noRpc, rpcUrls: ["ws://a:1"] })).toEqual(["rpcUrls[0]"]);
    expect(issues({ ...good, rpc: { tickDeadlineMs: 10 } })).toEqual(["rpc.tickDeadlineMs"]);
  });

  it("reports an unreadable or non-JSON file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "alvh-cfg-"));
    const file = path.join(dir, "bad.json");
    writeFileSync(file, "{ not json");
    expect(() => loadKeeperConfig(file)).toThrow(/is not valid JSON/);
    expect(() => loadKeeperConfig(path.join(dir, "missing.json"))).toThrow(/cannot be read/);
  });
});
