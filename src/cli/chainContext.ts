import type { Command } from "commander";
import { type Chain, createWalletClient, http, type LocalAccount, type PublicClient, type Transport } from "viem";
import { type GovernanceAddresses, readGovernanceAddresses } from "../deploy/governanceAddresses.ts";
import { loadSigningKey, type SigningKeySource } from "../keys/loadSigningKey.ts";
import { promptHidden } from "../keys/promptHidden.ts";
import { connectChain } from "./connectChain.ts";

export const DEFAULT_RPC = "http://127.0.0.1:8545";

/** The `--rpc` default: `$ALVH_RPC` when set (read when the command line is built), else `DEFAULT_RPC`. */
export function defaultRpc(env: NodeJS.ProcessEnv = process.env): string {
  return env.ALVH_RPC ?? DEFAULT_RPC;
}
export const DEFAULT_DEPLOYMENTS = "./deployments";

/** Options every on-chain command takes. */
export type ChainOptions = { rpc: string; deployments: string };
export type SignerOptions = ChainOptions & { keystore?: string };

/** Adds `--rpc` and `--deployments` to a command. */
export function withChainOptions(cmd: Command): Command {
  return cmd
    .option("--rpc <url>", "JSON-RPC endpoint (default $ALVH_RPC or http://127.0.0.1:8545)", defaultRpc())
    .option("--deployments <dir>", "folder with <chainId>.json", DEFAULT_DEPLOYMENTS);
}

/** Adds `--keystore` (signing commands). */
export function withSignerOptions(cmd: Command): Command {
  return withChainOptions(cmd).option("--keystore <file>", "encrypted JSON keystore (else ALVH_PRIVATE_KEY)");
}

export type ChainContext = {
  publicClient: PublicClient<Transport, Chain>;
  chainId: number;
  addresses: GovernanceAddresses;
};

/** Connects to the RPC (one clear error if unreachable) and reads this chain's governance addresses. */
export async function openChain(opts: ChainOptions): Promise<ChainContext> {
  const { publicClient, chainId } = await connectChain(opts.rpc);
  return { publicClient, chainId, addresses: readGovernanceAddresses(opts.deployments, chainId) };
}

/** The signer, from `--keystore` or `ALVH_PRIVATE_KEY` (env read here, at command time). */
export async function openSigner(opts: SignerOptions): Promise<LocalAccount> {
  const source: SigningKeySource =
    opts.keystore === undefined
      ? { kind: "env", name: "ALVH_PRIVATE_KEY" }
      : { kind: "keystore", path: opts.keystore, passwordEnv: "ALVH_KEYSTORE_PASSWORD" };
  return (await loadSigningKey(source, process.env, promptHidden())).account;
}

/** A wallet client for `account` on the context's chain. */
export function walletFor(ctx: Pick<ChainContext, "publicClient">, account: LocalAccount, rpc: string) {
  return createWalletClient({ account, chain: ctx.publicClient.chain, transport: http(rpc, { retryCount: 0 }) });
}
