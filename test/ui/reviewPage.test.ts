import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { createWalletClient, custom, type Hex, type TypedDataDefinition } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CrashWorld, setupCrashWorld, type WorldKeeper, worldKeeper } from "../../src/demo/crashWorld.ts";
import { flatSeedBars } from "../../src/demo/flatSeedBars.ts";
import { movePerpPrice } from "../../src/demo/movePerpPrice.ts";
import { advanceTime } from "../../src/deploy/chainControl.ts";
import { defaultPolicy } from "../../src/policy/defaultPolicy.ts";
import { LocalDelivery } from "../../src/proposer/LocalDelivery.ts";
import { KeeperStore } from "../../src/store/KeeperStore.ts";
import { buildUiAssets } from "../../src/ui/buildUiAssets.ts";
import { startUiServer, type UiServer } from "../../src/ui/startUiServer.ts";
import { toE18 } from "../../src/venues/perp/priceMath.ts";
import { createPinnedNetwork } from "../helpers/createPinnedNetwork.ts";

// The signers' page in a real browser (Debian's Chromium through playwright-core) against the local chain: a
// crash step makes the keeper propose, the page lists it with its evidence and chart, a test wallet (an injected
// EIP-1193 provider backed by Hardhat's public dev keys for Safe owners 2 and 3) signs twice and executes, and the
// page shows the proposal executed once the keeper has seen it on chain.

const CHROMIUM = "/usr/bin/chromium";
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const ARTIFACTS = path.join(ROOT, "out", "test-artifacts");
const dir = mkdtempSync(path.join(tmpdir(), "alvh-ui-"));
const dbPath = path.join(dir, "keeper.sqlite");

let w: CrashWorld;
let k: WorldKeeper;
let ui: UiServer;
let browser: Browser;
let page: Page;
/** The test wallet's current account (an owner's dev key). */
let current: Hex;

describe.skipIf(!existsSync(CHROMIUM))("signer review page (Chromium)", () => {
  beforeAll(async () => {
    const assets = path.join(dir, "ui");
    const built = buildUiAssets(assets, { force: true });
    const conn = await createPinnedNetwork();
    const publicClient = await conn.viem.getPublicClient();
    w = await setupCrashWorld(conn.provider, publicClient as never, { policy: defaultPolicy() });
    k = worldKeeper(w, {
      dbPath,
      seeds: flatSeedBars(Number((await publicClient.getBlock()).timestamp) * 1000),
      backfillBars: 80,
    });
    // The crash step: hourly moves down until the keeper proposes a hedge to the signers.
    for (const p of [1990, 1960, 1920, 1880]) {
      await advanceTime(w.clients.publicClient, 3600);
      await movePerpPrice(w.trader, w.perp, w.btc, toE18(30_000));
      await movePerpPrice(w.trader, w.perp, w.eth, toE18(p));
      await k.keeper.tick();
      if (k.store.openProposals().length > 0) break;
    }
    expect(k.store.openProposals()).toHaveLength(1);
    await built;
    ui = await startUiServer({
      dbPath,
      assetsDir: assets,
      publicClient: w.clients.publicClient,
      port: 0,
      confirm: async (proposal, signature) => {
        const store = new KeeperStore(dbPath);
        try {
          await new LocalDelivery(store).confirm(proposal, signature);
        } finally {
          store.close();
        }
      },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
    // The injected wallet: requests go to this process, which signs with the current owner's dev key.
    await page.exposeBinding("__alvhWallet", async (_source, req: { method: string; params?: unknown[] }) => {
      const account = privateKeyToAccount(current);
      switch (req.method) {
        case "eth_requestAccounts":
        case "eth_accounts":
          return [account.address];
        case "eth_signTypedData_v4": {
          const typed = JSON.parse(String(req.params?.[1])) as TypedDataDefinition & { types: Record<string, unknown> };
          const { EIP712Domain: _omit, ...types } = typed.types;
          return account.signTypedData({ ...typed, types } as TypedDataDefinition);
        }
        case "eth_sendTransaction": {
          const tx = req.params?.[0] as { to: Hex; data: Hex };
          const wallet = createWalletClient({ account, transport: custom(w.provider) });
          return wallet.sendTransaction({ to: tx.to, data: tx.data, chain: null });
        }
        default:
          return w.provider.request({ method: req.method, params: req.params } as never);
      }
    });
    await page.addInitScript(() => {
      // Runs in the page; `globalThis` is its window.
      const page = globalThis as unknown as { __alvhWallet: (r: unknown) => Promise<unknown>; ethereum: unknown };
      const call = page.__alvhWallet;
      page.ethereum = {
        isAlvhTestWallet: true,
        request: (r: { method: string; params?: unknown[] }) => call({ method: r.method, params: r.params ?? [] }),
        on: () => undefined,
        removeListener: () => undefined,
      };
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await ui?.close();
    k?.store.close();
  });

  it("lists the proposal, shows its evidence and chart; two owners sign, one executes; the page shows it executed", async () => {
    const open = k.store.openProposals()[0];
    if (!open) throw new Error("no open proposal");
    await page.goto(ui.url);
    const row = page.locator(`[data-testid="open-1"] tr`, { hasText: open.id.slice(0, 12) });
    await row.waitFor();
    expect(await row.locator("td").nth(3).textContent()).toBe("1 / 2"); // the proposer's own signature
    expect(await row.getByTestId("status").textContent()).toBe("delivered");

    await row.getByTestId("proposal-link").click();
    await page.getByTestId("proposal-id").filter({ hasText: open.id }).waitFor();
    const reasons = await page.getByTestId("reasons").textContent();
    expect(reasons).toMatch(/margin buffer\s*\d+\.\d{2}%\s*≤\s*\d+\.\d{2}%/); // the default policy's margin layers, natural orientation
    expect(reasons).not.toMatch(/adverse/);
    expect(await page.getByTestId("policy").textContent()).toMatch(/^v1 0x[0-9a-f]{64}$/);
    expect(await page.getByTestId("buffer-before").textContent()).toMatch(/^\d+\.\d{2}%$/);
    expect(await page.getByTestId("calls").textContent()).toMatch(/openPosition|closePosition/);
    expect(await page.locator('[data-testid="chart"] [data-series="price"]').count()).toBe(1);
    expect(await page.locator('[data-testid="chart"] [data-series="buffer"]').count()).toBe(1);
    expect(await page.getByTestId("sign").isDisabled()).toBe(true); // no wallet connected yet

    for (const [owner, expected] of [
      [w.ownerKeys[1], "2 of 2 signatures"],
      [w.ownerKeys[2], "3 of 2 signatures"],
    ] as const) {
      current = owner as Hex;
      await page.locator("#connect").click();
      await page
        .getByTestId("account")
        .filter({ hasText: privateKeyToAccount(current).address.toLowerCase() })
        .waitFor();
      await page
        .getByTestId("sign")
        .filter({ hasNot: page.locator(":disabled") })
        .waitFor();
      await page.getByTestId("sign").click();
      await page.getByTestId("signatures").filter({ hasText: expected }).waitFor();
    }
    expect(k.store.mustGet(open.id).signatures).toHaveLength(3);

    await page.getByTestId("execute").click();
    await page.getByTestId("notice").filter({ hasText: "Executed in 0x" }).waitFor({ timeout: 60_000 });
    const report = await k.keeper.tick(); // the keeper records the execution from the chain's ExecutionSuccess
    expect(report.tracked.map((t) => [t.proposal.id, t.kind])).toEqual([[open.id, "executed"]]);
    await page.reload();
    await page.getByTestId("status").filter({ hasText: "executed" }).first().waitFor();
    expect(await page.getByTestId("executed-tx").textContent()).toBe(k.store.mustGet(open.id).executedTx);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, "review-page-executed.png"), fullPage: true });
    await page.goto(ui.url);
    const done = page.locator(`[data-testid="recent-1"] tr`, { hasText: open.id.slice(0, 12) });
    expect(await done.getByTestId("status").textContent()).toBe("executed");
  });
});
