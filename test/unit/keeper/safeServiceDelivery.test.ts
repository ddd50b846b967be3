import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SafeServiceDelivery } from "../../../src/proposer/SafeServiceDelivery.ts";
import type { ProposalRecord } from "../../../src/store/types.ts";
import { emptySafeTx } from "../../fixtures/emptySafeTx.ts";
import { evidence } from "../../fixtures/reviewFixtures.ts";
import { must } from "../../helpers/must.ts";

type Seen = { method: string; url: string; auth: string | undefined; body: unknown };
const seen: Seen[] = [];
const known = new Set<string>();
let base = "";
const server = createServer(async (req: IncomingMessage, res) => {
  let text = "";
  for await (const c of req) text += c;
  seen.push({
    method: req.method ?? "",
    url: req.url ?? "",
    auth: req.headers.authorization,
    body: text ? JSON.parse(text) : undefined,
  });
  const get = /^\/api\/v2\/multisig-transactions\/(0x[0-9a-f]+)\/$/.exec(req.url ?? "");
  if (req.method === "GET" && get) {
    if (!known.has(get[1] as string)) return res.writeHead(404, { "content-type": "application/json" }).end("{}");
    return res
      .writeHead(200, { "content-type": "application/json" })
      .end(
        JSON.stringify({ confirmations: [{ owner: "0x1111111111111111111111111111111111111111", signature: "0xs1" }] }),
      );
  }
  if (req.method === "POST" && /multisig-transactions\/$/.test(req.url ?? "")) {
    known.add((JSON.parse(text) as { contractTransactionHash: string }).contractTransactionHash);
    return res.writeHead(201).end();
  }
  res.writeHead(500).end();
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const SAFE = "0x2222222222222222222222222222222222222222";
const SENDER = "0x1111111111111111111111111111111111111111";
const hash = `0x${"ab".repeat(32)}`;
const proposal = {
  id: "0x01",
  safe: SAFE,
  safeTxHash: hash,
  tx: emptySafeTx(SAFE, 7),
  signatures: [{ signer: SENDER, signature: "0xsig", createdAt: 0 }],
  book: "1",
  layer: 1,
  route: "safe",
  status: "recorded",
  evidence: evidence(),
} as unknown as ProposalRecord;

describe("SafeServiceDelivery request shaping (fake service on 127.0.0.1)", () => {
  it("proposes once with the API key as a bearer token, then skips a known transaction", async () => {
    const d = new SafeServiceDelivery({
      chainId: 31337,
      url: base,
      apiKey: "secret-key",
      sender: SENDER,
      evidenceUrl: "https://review.example.org/",
    });
    await d.deliver(proposal);
    await d.deliver(proposal);
    const posts = seen.filter((s) => s.method === "POST");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.url).toBe(`/api/v2/safes/${SAFE}/multisig-transactions/`);
    expect(posts[0]?.auth).toBe("Bearer secret-key");
    expect(posts[0]?.body).toMatchObject({
      to: SAFE,
      nonce: 7,
      contractTransactionHash: hash,
      sender: SENDER,
      signature: "0xsig",
    });
    // The origin Safe{Wallet} shows: why (natural orientation) and a link to the evidence, within 200 characters.
    const posted = must(posts[0], "the proposal POST").body as { origin: string };
    const origin = JSON.parse(posted.origin);
    expect(origin).toEqual({
      name: "ALVH L1 book 1: RSI 32.37 ≤ 48.00",
      url: `https://review.example.org/#/proposal/${proposal.id}`,
    });
    expect(posted.origin.length).toBeLessThanOrEqual(200);
    expect(await d.signatures(proposal)).toEqual([{ signer: SENDER, signature: "0xs1" }]);
  });
});
