import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { PublicClient } from "viem";
import type { SignatureInput } from "../proposer/DeliveryBackend.ts";
import type { AddressBook } from "../proposer/describeCall.ts";
import { ReviewStore } from "../review/ReviewStore.ts";
import { readSafeInfo, type SafeInfo } from "../review/readSafeInfo.ts";
import type { ProposalRecord } from "../store/types.ts";
import { acceptSignature } from "./acceptSignature.ts";
import { UiRequestError } from "./UiError.ts";
import type { ProposalResponse, ProposalsResponse, SafeInfoView } from "./uiApi.ts";

export type UiServerOptions = {
  /** The keeper's SQLite store, read-only. */
  dbPath: string;
  /** Built page (Vite output: index.html + assets/). */
  assetsDir: string;
  /** Reads each Safe's threshold, owners and nonce (undefined: shown as unknown, signing refused). */
  publicClient?: PublicClient | undefined;
  /** Publishes an accepted owner signature (local: the store's signatures; live: the Safe Transaction Service). */
  confirm: (proposal: ProposalRecord, signature: SignatureInput) => Promise<void>;
  addressBook?: (chainId: number) => AddressBook;
  port?: number;
  /** Closed proposals shown per book. */
  recent?: number;
};

export type UiServer = { url: string; close: () => Promise<void> };

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(text);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  let text = "";
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 10_000) throw new UiRequestError(413, "request too large");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UiRequestError(400, "body must be JSON");
  }
}

/**
 * `alvh ui`: the signers' review page and its JSON API on 127.0.0.1 only. Everything shown is read from the
 * keeper's store opened read-only (through `ReviewStore`) and from the Safe on chain; signing and execution
 * happen in the signer's browser wallet. The one thing the server accepts is an owner's signature, verified
 * (`acceptSignature`) before it is published through the delivery backend, like `alvh proposals sign`.
 */
export async function startUiServer(o: UiServerOptions): Promise<UiServer> {
  const review = new ReviewStore(o.dbPath, o.addressBook ? { addressBook: o.addressBook } : {});
  const safes = new Map<string, { at: number; info: SafeInfo | undefined }>();
  const safeInfo = async (safe: string, fresh = false): Promise<SafeInfo | undefined> => {
    const hit = safes.get(safe);
    if (!fresh && hit && Date.now() - hit.at < 3_000) return hit.info;
    const info = o.publicClient ? await readSafeInfo(o.publicClient, safe).catch(() => undefined) : undefined;
    safes.set(safe, { at: Date.now(), info });
    return info;
  };
  const view = (i: SafeInfo | undefined): SafeInfoView => i ?? null;
  const now = () => Math.floor(Date.now() / 1000);

  async function list(): Promise<ProposalsResponse> {
    const all = review.list();
    const books = new Map<string, ProposalsResponse["books"][number]>();
    for (const p of all) {
      let b = books.get(p.book);
      if (!b) {
        b = { book: p.book, side: p.side, symbol: p.symbol, open: [], recent: [] };
        books.set(p.book, b);
      }
      (p.open ? b.open : b.recent).push(p);
    }
    const out = [...books.values()].map((b) => ({
      ...b,
      open: b.open.reverse(),
      recent: b.recent.reverse().slice(0, o.recent ?? 20),
    }));
    const safeMap: ProposalsResponse["safes"] = {};
    for (const s of new Set(all.map((p) => p.safe))) safeMap[s] = view(await safeInfo(s));
    return { now: now(), books: out, safes: safeMap };
  }

  async function one(id: string): Promise<ProposalResponse> {
    const proposal = review.get(id);
    if (!proposal) throw new UiRequestError(404, `Unknown proposal ${id}`);
    const record = review.record(proposal.id) as ProposalRecord;
    return {
      now: now(),
      proposal,
      chart: review.chart(proposal.id),
      safe: proposal.route === "safe" ? view(await safeInfo(proposal.safe)) : null,
      signatures: record.signatures.map((s) => ({ signer: s.signer, signature: s.signature })),
    };
  }

  async function sign(id: string, req: IncomingMessage): Promise<ProposalResponse> {
    const body = await readBody(req);
    const record = review.record(review.get(id)?.id ?? id);
    if (!record) throw new UiRequestError(404, `Unknown proposal ${id}`);
    const safe = await safeInfo(record.safe, true);
    if (!safe) throw new UiRequestError(503, `Cannot read Safe ${record.safe} from the chain`);
    await o.confirm(record, await acceptSignature(record, body, safe));
    return one(record.id);
  }

  function asset(res: ServerResponse, urlPath: string): void {
    const rel = urlPath === "/" ? "index.html" : urlPath.replace(/^\/+/, "");
    const file = path.resolve(o.assetsDir, rel);
    if (!file.startsWith(path.resolve(o.assetsDir) + path.sep) || !existsSync(file) || !statSync(file).isFile())
      throw new UiRequestError(404, "not found");
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  }

  const server = createServer((req, res) => {
    const handle = async () => {
      // Loopback only, and no DNS rebinding: the Host must be the loopback address we serve on.
      const host = (req.headers.host ?? "").replace(/:\d+$/, "");
      if (host !== "127.0.0.1" && host !== "localhost") throw new UiRequestError(421, "wrong host");
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const m = /^\/api\/proposals\/(0x[0-9a-fA-F]+)(\/signatures)?$/.exec(url.pathname);
      if (req.method === "GET" && url.pathname === "/api/proposals") return send(res, 200, await list());
      if (req.method === "GET" && m && !m[2]) return send(res, 200, await one(m[1] as string));
      if (req.method === "POST" && m?.[2]) {
        if (!(req.headers["content-type"] ?? "").startsWith("application/json"))
          throw new UiRequestError(415, "expected application/json");
        return send(res, 200, await sign(m[1] as string, req));
      }
      if (req.method === "GET" && !url.pathname.startsWith("/api/")) return asset(res, url.pathname);
      throw new UiRequestError(404, "not found");
    };
    handle().catch((error: unknown) => {
      const status = error instanceof UiRequestError ? error.status : 500;
      const message = error instanceof UiRequestError ? error.shortMessage : "internal error";
      if (!res.headersSent) send(res, status, { error: message });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port ?? 8600, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          review.close();
          resolve();
        });
      }),
  };
}
