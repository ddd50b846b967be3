import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/log/createLogger.ts";
import { createKeeperMetrics } from "../../../src/metrics/KeeperMetrics.ts";
import { startMetricsServer } from "../../../src/metrics/startMetricsServer.ts";

describe("metrics and logging", () => {
  it("serves /metrics and /health on 127.0.0.1", async () => {
    const m = createKeeperMetrics();
    m.staleData.inc({ book: "eth-long", source: "oracle" });
    let ok = true;
    const srv = await startMetricsServer(m.registry, () => ({ ok, lastBlock: 5 }), 0);
    try {
      expect(srv.server.address()).toMatchObject({ address: "127.0.0.1" });
      const text = await (await fetch(`${srv.url}/metrics`)).text();
      expect(text).toContain('alvh_stale_data_total{book="eth-long",source="oracle"} 1');
      const h = await fetch(`${srv.url}/health`);
      expect(h.status).toBe(200);
      expect(await h.json()).toEqual({ ok: true, lastBlock: 5 });
      ok = false;
      expect((await fetch(`${srv.url}/health`)).status).toBe(503);
      expect((await fetch(`${srv.url}/nope`)).status).toBe(404);
    } finally {
      await srv.close();
    }
  });

  it("redacts secrets and writes bigints as strings", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, cb) {
        lines.push(chunk.toString());
        cb();
      },
    });
    const log = createLogger({ destination });
    log.info({ privateKey: "0xdeadbeef", delivery: { apiKey: "k" }, amount: 10n ** 20n }, "hello");
    const line = JSON.parse(lines[0] as string);
    expect(line.privateKey).toBe("[redacted]");
    expect(line.delivery.apiKey).toBe("[redacted]");
    expect(line.amount).toBe("100000000000000000000");
    expect(lines[0]).not.toContain("deadbeef");
  });
});
