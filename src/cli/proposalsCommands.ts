import { existsSync } from "node:fs";
import Safe from "@safe-global/protocol-kit";
import { createPublicClient, type Hex, http, type PublicClient } from "viem";
import type { DeliveryConfig } from "../config/KeeperConfig.ts";
import { loadKeeperConfig } from "../config/loadKeeperConfig.ts";
import { readDeployment } from "../deploy/Deployment.ts";
import { type SafeContracts, safeContractNetworks } from "../deploy/deploySafe.ts";
import { BaseError } from "../errors/BaseError.ts";
import { loadSigningKey } from "../keys/loadSigningKey.ts";
import { promptHidden } from "../keys/promptHidden.ts";
import type { DeliveryBackend } from "../proposer/DeliveryBackend.ts";
import { executeProposal } from "../proposer/executeProposal.ts";
import { LocalDelivery } from "../proposer/LocalDelivery.ts";
import { SafeServiceDelivery } from "../proposer/SafeServiceDelivery.ts";
import { signProposal } from "../proposer/signProposal.ts";
import { deploymentAddressBook as addressBook } from "../review/deploymentAddressBook.ts";
import { formatProposal, formatProposalTable } from "../review/formatProposal.ts";
import { ReviewStore } from "../review/ReviewStore.ts";
import { readSafeInfo } from "../review/readSafeInfo.ts";
import { KeeperStore } from "../store/KeeperStore.ts";
import { PROPOSAL_STATUSES, type ProposalRecord, type ProposalStatus } from "../store/types.ts";
import { trackExecutions } from "../tracker/trackExecutions.ts";
import { DEFAULT_DEPLOYMENTS, DEFAULT_RPC } from "./chainContext.ts";

/** A signer's command cannot proceed; the message says why in one line (unknown id, not an owner, …). */
export class ProposalCommandError extends BaseError {
  override name = "ProposalCommandError";
}

export type ProposalsCliOptions = {
  config?: string | undefined;
  db?: string | undefined;
  rpc?: string | undefined;
  deployments?: string | undefined;
  keystore?: string | undefined;
};

type Ctx = { store: KeeperStore; rpc: string; deployments: string; delivery: DeliveryConfig };

function open(opts: ProposalsCliOptions): Ctx {
  const cfg = opts.config === undefined ? undefined : loadKeeperConfig(opts.config);
  const db = opts.db ?? cfg?.dbPath ?? ".alvh/keeper.sqlite";
  if (!existsSync(db))
    throw new ProposalCommandError(`No keeper store at ${db}`, {
      metaMessages: ["Pass --config <keeper.json> or --db <file> (the keeper's dbPath)."],
    });
  return {
    store: new KeeperStore(db),
    rpc: opts.rpc ?? cfg?.rpcUrl ?? DEFAULT_RPC,
    deployments: opts.deployments ?? cfg?.deploymentsDir ?? DEFAULT_DEPLOYMENTS,
    delivery: cfg?.delivery ?? { kind: "local" },
  };
}

function find(store: KeeperStore, id: string): ProposalRecord {
  const p = store.findProposal(id);
  if (!p)
    throw new ProposalCommandError(`Unknown proposal ${id}`, {
      metaMessages: ["`alvh proposals list` shows the ids."],
    });
  return p;
}

/** The review side: the read-only store, and each Safe's threshold read from the chain (undefined when unreachable). */
function openReview(opts: ProposalsCliOptions): {
  review: ReviewStore;
  rpc: string;
  deployments: string;
  threshold: (safe: string) => Promise<number | undefined>;
} {
  const cfg = opts.config === undefined ? undefined : loadKeeperConfig(opts.config);
  const db = opts.db ?? cfg?.dbPath ?? ".alvh/keeper.sqlite";
  if (!existsSync(db))
    throw new ProposalCommandError(`No keeper store at ${db}`, {
      metaMessages: ["Pass --config <keeper.json> or --db <file> (the keeper's dbPath)."],
    });
  const rpc = opts.rpc ?? cfg?.rpcUrl ?? DEFAULT_RPC;
  const deployments = opts.deployments ?? cfg?.deploymentsDir ?? DEFAULT_DEPLOYMENTS;
  const client = createPublicClient({ transport: http(rpc, { timeout: 3_000, retryCount: 0 }) }) as PublicClient;
  const cache = new Map<string, Promise<number | undefined>>();
  const threshold = (safe: string) => {
    let t = cache.get(safe);
    if (!t) {
      t = readSafeInfo(client, safe).then(
        (i) => i.threshold,
        () => undefined, // no chain at hand: the table shows `n/?`
      );
      cache.set(safe, t);
    }
    return t;
  };
  const review = new ReviewStore(db, {
    addressBook: (chainId) => {
      try {
        return addressBook(deployments, chainId);
      } catch {
        return new Map(); // names are a convenience; calls are still decoded without them
      }
    },
  });
  return { review, rpc, deployments, threshold };
}

/** `alvh proposals list [--status s,…] [--book id]`: a table with headers and signatures / threshold. */
export async function proposalsList(opts: ProposalsCliOptions & { status?: string; book?: string }): Promise<string[]> {
  const status = opts.status?.split(",").map((s) => s.trim()) as ProposalStatus[] | undefined;
  for (const s of status ?? [])
    if (!PROPOSAL_STATUSES.includes(s))
      throw new ProposalCommandError(`Unknown status "${s}"`, { metaMessages: [PROPOSAL_STATUSES.join(", ")] });
  const { review, threshold } = openReview(opts);
  try {
    const rows = review.list({
      ...(opts.book === undefined ? {} : { book: opts.book }),
      ...(status === undefined ? {} : { status }),
    });
    if (rows.length === 0) return ["no proposals"];
    const thresholds = new Map<string, number | undefined>();
    for (const safe of new Set(rows.map((r) => r.safe))) thresholds.set(safe, await threshold(safe));
    return formatProposalTable(rows, { threshold: (s) => thresholds.get(s), nowSec: Math.floor(Date.now() / 1000) });
  } finally {
    review.close();
  }
}

/** `alvh proposals show <id>`. */
export async function proposalsShow(opts: ProposalsCliOptions, id: string): Promise<string[]> {
  const { review, threshold } = openReview(opts);
  try {
    const p = review.get(id);
    if (!p)
      throw new ProposalCommandError(`Unknown proposal ${id}`, {
        metaMessages: ["`alvh proposals list` shows the ids."],
      });
    return formatProposal(p, { threshold: p.route === "safe" ? await threshold(p.safe) : undefined });
  } finally {
    review.close();
  }
}

type Signing = { ctx: Ctx; p: ProposalRecord; kit: Safe; signer: string; owners: string[]; threshold: number };

async function openSigning(opts: ProposalsCliOptions, id: string): Promise<Signing> {
  const ctx = open(opts);
  try {
    const p = find(ctx.store, id);
    if (!["recorded", "delivered", "signed"].includes(p.status))
      throw new ProposalCommandError(`Proposal ${p.id.slice(0, 12)} is ${p.status}, not open`, {
        metaMessages: p.statusReason ? [`reason: ${p.statusReason}`] : [],
      });
    const key = await loadSigningKey(
      opts.keystore === undefined
        ? { kind: "env", name: "ALVH_PRIVATE_KEY" }
        : { kind: "keystore", path: opts.keystore, passwordEnv: "ALVH_KEYSTORE_PASSWORD" },
      process.env,
      promptHidden(),
    );
    const d = readDeployment(ctx.deployments, p.chainId);
    const safeSection = (d as { safe?: { contracts?: SafeContracts } } | undefined)?.safe;
    let kit: Safe;
    try {
      kit = await Safe.init({
        provider: ctx.rpc,
        signer: key.privateKey,
        safeAddress: p.safe,
        ...(safeSection?.contracts ? { contractNetworks: safeContractNetworks(p.chainId, safeSection.contracts) } : {}),
      });
    } catch (cause) {
      throw new ProposalCommandError(`Cannot reach Safe ${p.safe} through ${ctx.rpc}`, { cause });
    }
    const [owners, threshold, nonce] = await Promise.all([kit.getOwners(), kit.getThreshold(), kit.getNonce()]);
    const signer = key.account.address.toLowerCase();
    if (!owners.some((o) => o.toLowerCase() === signer))
      throw new ProposalCommandError(`${key.account.address} is not an owner of Safe ${p.safe}`, {
        metaMessages: [`owners: ${owners.join(", ")}`],
      });
    if (nonce !== p.safeNonce)
      throw new ProposalCommandError(
        `Wrong nonce: proposal ${p.id.slice(0, 12)} was built for Safe nonce ${p.safeNonce}, the Safe is at ${nonce}`,
        { metaMessages: ["Another transaction used that slot; the keeper proposes again on its next tick."] },
      );
    return { ctx, p, kit, signer, owners: owners.map((o) => o.toLowerCase()), threshold };
  } catch (error) {
    ctx.store.close();
    throw error;
  }
}

function backendFor(ctx: Ctx, chainId: number, sender: string): DeliveryBackend {
  if (ctx.delivery.kind === "local") return new LocalDelivery(ctx.store, ctx.delivery.dir);
  return new SafeServiceDelivery({
    chainId,
    url: ctx.delivery.url,
    apiKey: ctx.delivery.apiKeyEnv === undefined ? undefined : process.env[ctx.delivery.apiKeyEnv],
    sender,
  });
}

/** `alvh proposals sign <id>`: an owner's EIP-712 signature over the stored Safe transaction. */
export async function proposalsSign(opts: ProposalsCliOptions, id: string): Promise<string[]> {
  const s = await openSigning(opts, id);
  try {
    const backend = backendFor(s.ctx, s.p.chainId, s.signer);
    const have = (await backend.signatures(s.p)).filter((x) => s.owners.includes(x.signer.toLowerCase()));
    if (have.some((x) => x.signer.toLowerCase() === s.signer))
      return [`${s.signer} has already signed ${s.p.id.slice(0, 12)} (${have.length} of ${s.threshold})`];
    await signProposal(s.kit, s.p, backend);
    const count = have.length + 1;
    return [
      `signed ${s.p.id} as ${s.signer}: ${count} of ${s.threshold} owner signatures`,
      count >= s.threshold
        ? `threshold met: alvh proposals execute ${s.p.id.slice(0, 12)}`
        : `${s.threshold - count} more owner signature(s) needed`,
    ];
  } finally {
    s.ctx.store.close();
  }
}

/** `alvh proposals execute <id>`: sends the Safe transaction with the collected signatures. */
export async function proposalsExecute(opts: ProposalsCliOptions, id: string): Promise<string[]> {
  const s = await openSigning(opts, id);
  try {
    const backend = backendFor(s.ctx, s.p.chainId, s.signer);
    const sigs = (await backend.signatures(s.p)).filter((x) => s.owners.includes(x.signer.toLowerCase()));
    if (sigs.length < s.threshold)
      throw new ProposalCommandError(
        `Threshold not met: ${sigs.length} of ${s.threshold} owner signatures on ${s.p.id.slice(0, 12)}`,
        { metaMessages: ["Another owner runs `alvh proposals sign <id>` first."] },
      );
    const hash = await executeProposal(s.kit, s.p, backend);
    const client = createPublicClient({ transport: http(s.ctx.rpc) }) as PublicClient;
    await client.waitForTransactionReceipt({ hash: hash as Hex });
    // The record follows the chain (ExecutionSuccess of its safeTxHash), not the send.
    await trackExecutions(client, s.ctx.store);
    const after = s.ctx.store.mustGet(s.p.id);
    return [
      `executed ${s.p.id} in tx ${hash}`,
      `status: ${after.status}${after.statusReason ? ` (${after.statusReason})` : ""}`,
    ];
  } finally {
    s.ctx.store.close();
  }
}
