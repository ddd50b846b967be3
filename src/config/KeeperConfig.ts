import { getAddress, isAddress } from "viem";
import { z } from "zod";
import { alertsConfigSchema } from "../alerts/alertsConfig.ts";

/** A 20-byte address; mixed case must be a valid EIP-55 checksum (all lower case is accepted). */
const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x-prefixed 20-byte address")
  .superRefine((v, ctx) => {
    if (/^0x[0-9a-fA-F]{40}$/.test(v) && !isAddress(v, { strict: true }))
      ctx.addIssue({ code: "custom", message: `bad EIP-55 checksum (expected ${getAddress(v.toLowerCase())})` });
  });
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "expected an environment variable name (A-Z, 0-9, _)");

/** Where the proposer key comes from: an env variable holding a 0x private key, or an encrypted keystore. */
const keySource = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("env"), name: envName.default("ALVH_PRIVATE_KEY") }).strict(),
  z
    .object({
      kind: z.literal("keystore"),
      path: z.string().min(1),
      /** Env variable holding the keystore password. */
      passwordEnv: envName.default("ALVH_KEYSTORE_PASSWORD"),
    })
    .strict(),
]);

/** How proposals reach the signers. */
const delivery = z.discriminatedUnion("kind", [
  /** Local chains: proposals and signatures live in the keeper's SQLite store (and optionally a JSON dir). */
  z.object({ kind: z.literal("local"), dir: z.string().min(1).optional() }).strict(),
  /** Live networks: the Safe Transaction Service through api-kit. */
  z
    .object({
      kind: z.literal("safe-tx-service"),
      url: z.url({ protocol: /^https?$/ }),
      /** Env variable holding the service API key (never the key itself). */
      apiKeyEnv: envName.optional(),
      /** Base URL of the signers' review page; each proposal's `origin` links to its evidence there. */
      evidenceUrl: z.url({ protocol: /^https?$/ }).optional(),
    })
    .strict(),
]);

const book = z
  .object({
    /** PolicyRegistry book id (1, 2, …), as a number or a decimal string. */
    id: z
      .union([z.number().int().positive(), z.string().regex(/^[1-9]\d*$/, "expected a positive integer")])
      .transform((v) => String(v)),
    /** The account holding the position (the Safe); defaults to the registry's book.safe, checked against it. */
    account: address.optional(),
    side: z.enum(["long", "short"]),
    /** Market symbol in the deployment file (e.g. "ETH") or a base token address; defaults to the registry's. */
    market: z.string().min(1).optional(),
    /** Market the offsetting hedge is opened on (defaults to `market`). */
    hedgeMarket: z.string().min(1).optional(),
    /** Evaluate and report only, never propose or act: required when the account is not a Safe. */
    watchOnly: z.boolean().default(false),
  })
  .strict();

const bars = z
  .object({
    /** Where prices come from: the market's on-chain oracle (aggregator rounds), or a CSV replay. */
    source: z.enum(["oracle", "csv"]).default("oracle"),
    /** CSV in the `open_time_ms,open_time_utc,open,high,low,close,…` layout; required for source "csv". */
    csvPath: z.string().min(1).optional(),
    /** Bars to seed from history at start (oracle rounds or CSV) so indicators are warm. */
    backfillBars: z.number().int().min(0).max(10_000).default(200),
  })
  .strict()
  .refine((b) => b.source !== "csv" || b.csvPath !== undefined, {
    message: 'csvPath is required when source is "csv"',
    path: ["csvPath"],
  });

const RPC_DEFAULTS = {
  timeoutMs: 5_000,
  retryCount: 4,
  retryBaseDelayMs: 100,
  retryMaxDelayMs: 2_000,
  batchSize: 200,
  tickDeadlineMs: 30_000,
};

/** Transport behaviour: per-request timeout, retries with full-jitter backoff, batching, a per-tick deadline. */
const rpc = z
  .object({
    timeoutMs: z.number().int().min(100).max(120_000).default(RPC_DEFAULTS.timeoutMs),
    /** Rounds over all URLs after the first fails (transient errors only: drops, timeouts, 429, 5xx). */
    retryCount: z.number().int().min(0).max(20).default(RPC_DEFAULTS.retryCount),
    retryBaseDelayMs: z.number().int().min(0).max(60_000).default(RPC_DEFAULTS.retryBaseDelayMs),
    retryMaxDelayMs: z.number().int().min(0).max(600_000).default(RPC_DEFAULTS.retryMaxDelayMs),
    /** JSON-RPC calls per batched HTTP request. */
    batchSize: z.number().int().min(1).max(1_000).default(RPC_DEFAULTS.batchSize),
    /** A tick's RPC work is aborted after this long (the next poll starts a fresh tick). */
    tickDeadlineMs: z.number().int().min(1_000).max(600_000).default(RPC_DEFAULTS.tickDeadlineMs),
  })
  .strict();

export const keeperConfigSchema = z
  .object({
    /** One JSON-RPC endpoint (http/https/ws); `rpcUrls` lists several (http/https) for failover. */
    rpcUrl: z.url({ protocol: /^(https?|wss?)$/ }).optional(),
    rpcUrls: z
      .array(z.url({ protocol: /^https?$/ }))
      .min(1)
      .max(8)
      .refine((u) => new Set(u).size === u.length, "duplicate URL")
      .optional(),
    rpc: rpc.default(RPC_DEFAULTS),
    chainId: z.number().int().positive(),
    /** Folder holding `<chainId>.json` deployment files. */
    deploymentsDir: z.string().min(1).default("deployments"),
    books: z
      .array(book)
      .min(1)
      .superRefine((books, ctx) => {
        const first = new Map<string, number>();
        for (const [i, b] of books.entries()) {
          const j = first.get(b.id);
          if (j === undefined) first.set(b.id, i);
          else ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate book ${b.id} (also books[${j}])` });
        }
      }),
    bars: bars.default({ source: "oracle", backfillBars: 200 }),
    proposer: z.object({ key: keySource }).strict(),
    delivery: delivery.default({ kind: "local" }),
    dbPath: z.string().min(1).default(".alvh/keeper.sqlite"),
    metrics: z
      .object({
        /** Metrics and /health bind to loopback only. */
        host: z.literal("127.0.0.1").default("127.0.0.1"),
        port: z.number().int().min(0).max(65_535).default(9464),
      })
      .strict()
      .default({ host: "127.0.0.1", port: 9464 }),
    /**
     * Layer 3 through the book's EmergencyModule (recorded in `<chainId>.json` by the guard deployment) when
     * it is deployed and enabled on the Safe; otherwise, and for Layers 1–2, Safe proposals.
     */
    emergency: z
      .object({ enabled: z.boolean().default(true) })
      .strict()
      .default({ enabled: true }),
    /** `keeper run` also serves the signers' review page (`alvh ui`) on 127.0.0.1:<port>. */
    ui: z
      .object({ host: z.literal("127.0.0.1").default("127.0.0.1"), port: z.number().int().min(0).max(65_535) })
      .strict()
      .optional(),
    /** Signer alerts (Slack, Discord, Telegram, signed JSON webhook); secrets named by env variable. */
    alerts: alertsConfigSchema.optional(),
    /** Block polling interval (ms) for `keeper run`. */
    pollIntervalMs: z.number().int().min(50).max(600_000).default(2_000),
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    demo: z
      .object({
        /** Simulated signers approve a proposal this many scenario steps after it was delivered. */
        signerApprovalDelaySteps: z.number().int().min(0).max(1_000).default(1),
      })
      .strict()
      .default({ signerApprovalDelaySteps: 1 }),
  })
  .strict()
  .refine((c) => c.rpcUrl !== undefined || c.rpcUrls !== undefined, {
    message: "set rpcUrl or rpcUrls",
    path: ["rpcUrls"],
  })
  .transform((c) => {
    const rpcUrls = c.rpcUrls ?? [c.rpcUrl as string];
    return { ...c, rpcUrls, rpcUrl: c.rpcUrl ?? (rpcUrls[0] as string) };
  });

export type KeeperConfigInput = z.input<typeof keeperConfigSchema>;
export type KeeperConfig = z.output<typeof keeperConfigSchema>;
export type BookConfig = KeeperConfig["books"][number];
export type KeySource = KeeperConfig["proposer"]["key"];
export type DeliveryConfig = KeeperConfig["delivery"];
