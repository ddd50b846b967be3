import type { Address } from "viem";
import { z } from "zod";
import type { SafeTarget } from "../devnet/executeSafeCalls.ts";
import { perpMarketSchema } from "../venues/perp/readPerpVenue.ts";
import { deploymentPath, readDeployment } from "./Deployment.ts";
import { DeploymentNotFoundError } from "./DeploymentError.ts";
import { DeployStepError } from "./DeployStepError.ts";
import type { PerpDeployment } from "./deployPerp.ts";
import { type SafeContracts, safeContractNetworks } from "./deploySafe.ts";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);
const perpSchema = z.object({
  settlementToken: address,
  settlementDecimals: z.number(),
  quoteToken: address,
  uniswapV3Factory: address,
  clearingHouseConfig: address,
  marketRegistry: address,
  orderBook: address,
  accountBalance: address,
  exchange: address,
  insuranceFund: address,
  vault: address,
  collateralManager: address,
  clearingHouse: address,
  maker: address,
  markets: z.array(perpMarketSchema).min(1),
});
const safeSchema = z.object({
  address,
  owners: z.array(address),
  threshold: z.number().int().positive(),
  contracts: z.record(z.string(), address),
  bookId: z.number().int().nullable(),
});

/** What `alvh devnet` recorded, as the other commands need it. */
export type DevnetRecord = {
  chainId: number;
  rpcUrl: string | null;
  multicall3: Address;
  perp: PerpDeployment;
  safe: SafeTarget & { owners: Address[]; threshold: number; bookId: number | null };
};

/** Reads the devnet sections of `<dir>/<chainId>.json` (written by `deployDevnet`). */
export function readDevnetDeployment(dir: string, chainId: number): DevnetRecord {
  const file = deploymentPath(dir, chainId);
  const d = readDeployment(dir, chainId);
  if (!d) throw new DeploymentNotFoundError("devnet deployment", file);
  const parsed = z
    .object({
      multicall3: address,
      perp: perpSchema,
      safe: safeSchema,
      devnet: z.object({ rpcUrl: z.string().nullable() }).optional(),
    })
    .safeParse(d);
  if (!parsed.success) {
    throw new DeployStepError("The deployment file has no complete devnet record.", {
      metaMessages: [`file: ${file}`, "Start `alvh devnet` first."],
      details: z.prettifyError(parsed.error),
    });
  }
  const { perp, safe, multicall3, devnet } = parsed.data;
  return {
    chainId,
    rpcUrl: devnet?.rpcUrl ?? null,
    multicall3: multicall3 as Address,
    perp: perp as PerpDeployment,
    safe: {
      safe: safe.address as Address,
      owners: safe.owners as Address[],
      threshold: safe.threshold,
      bookId: safe.bookId,
      contractNetworks: safeContractNetworks(chainId, safe.contracts as SafeContracts),
    },
  };
}
