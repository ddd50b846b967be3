import { existsSync } from "node:fs";
import { createPublicClient, http, type PublicClient } from "viem";
import { loadKeeperConfig } from "../config/loadKeeperConfig.ts";
import { BaseError } from "../errors/BaseError.ts";
import { LocalDelivery } from "../proposer/LocalDelivery.ts";
import { SafeServiceDelivery } from "../proposer/SafeServiceDelivery.ts";
import { deploymentAddressBook } from "../review/deploymentAddressBook.ts";
import { KeeperStore } from "../store/KeeperStore.ts";
import { buildUiAssets, UI_ASSETS_DIR } from "../ui/buildUiAssets.ts";
import { startUiServer, type UiServer } from "../ui/startUiServer.ts";
import { DEFAULT_DEPLOYMENTS, DEFAULT_RPC } from "./chainContext.ts";

/** `alvh ui` cannot start (no store at the path, …). */
export class UiCommandError extends BaseError {
  override name = "UiCommandError";
}

export type UiOptions = {
  config?: string | undefined;
  db?: string | undefined;
  rpc?: string | undefined;
  deployments?: string | undefined;
  port: number;
};

/**
 * Starts the signers' review page on 127.0.0.1 (builds it with Vite first when the sources changed). Reads the
 * keeper's store read-only; accepted owner signatures go through the configured delivery (local store or the
 * Safe Transaction Service), exactly as `alvh proposals sign` publishes them.
 */
export async function startUiCommand(opts: UiOptions): Promise<UiServer> {
  const cfg = opts.config === undefined ? undefined : loadKeeperConfig(opts.config);
  const db = opts.db ?? cfg?.dbPath ?? ".alvh/keeper.sqlite";
  if (!existsSync(db))
    throw new UiCommandError(`No keeper store at ${db}`, {
      metaMessages: ["Pass --config <keeper.json> or --db <file> (after `npm run demo`: --db .alvh/demo.sqlite)."],
    });
  const rpc = opts.rpc ?? cfg?.rpcUrl ?? DEFAULT_RPC;
  const deployments = opts.deployments ?? cfg?.deploymentsDir ?? DEFAULT_DEPLOYMENTS;
  const delivery = cfg?.delivery ?? { kind: "local" as const };
  await buildUiAssets(UI_ASSETS_DIR);
  const publicClient = createPublicClient({ transport: http(rpc, { timeout: 3_000, retryCount: 0 }) }) as PublicClient;
  return startUiServer({
    dbPath: db,
    assetsDir: UI_ASSETS_DIR,
    publicClient,
    port: opts.port,
    addressBook: (chainId) => {
      try {
        return deploymentAddressBook(deployments, chainId);
      } catch {
        return new Map();
      }
    },
    confirm: async (proposal, signature) => {
      if (delivery.kind === "safe-tx-service") {
        const apiKey = delivery.apiKeyEnv === undefined ? undefined : process.env[delivery.apiKeyEnv];
        await new SafeServiceDelivery({
          chainId: proposal.chainId,
          url: delivery.url,
          apiKey,
          sender: signature.signer,
        }).confirm(proposal, signature);
        return;
      }
      const store = new KeeperStore(db);
      try {
        await new LocalDelivery(store, delivery.dir).confirm(proposal, signature);
      } finally {
        store.close();
      }
    },
  });
}
