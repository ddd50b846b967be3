import { type Address, getAddress, isAddress } from "viem";
import { deployGovernance } from "../deploy/deployGovernance.ts";
import { defaultPolicy } from "../policy/defaultPolicy.ts";
import { readPolicyFile } from "../policy/policyJson.ts";
import { parseAmount, parseDuration } from "../policy/units.ts";
import { CliInputError } from "./CliInputError.ts";
import { openSigner, type SignerOptions, walletFor } from "./chainContext.ts";
import { connectChain } from "./connectChain.ts";

export type GovDeployOptions = SignerOptions & {
  votingDelay: string;
  votingPeriod: string;
  timelockDelay: string;
  quorum: string;
  proposalThreshold: string;
  holder: string[];
  book: string[];
  guardian?: string;
  steward?: string;
  overwrite?: boolean;
};

const address = (text: string, what: string): Address => {
  if (!isAddress(text.trim())) throw new CliInputError(`${what} must be an address, got "${text}"`);
  return getAddress(text.trim());
};
const seconds = (text: string, what: string): number => {
  const v = parseDuration(text);
  if (typeof v === "string") throw new CliInputError(`${what}: expected ${v}`);
  return v;
};
const amount = (text: string, what: string): bigint => {
  const v = parseAmount(text);
  if (typeof v === "string") throw new CliInputError(`${what}: expected ${v}`);
  return v;
};

/** `--holder 0xabc=1000` → { address, amount }. */
function parseHolder(text: string) {
  const [who, value, ...rest] = text.split("=");
  if (who === undefined || value === undefined || rest.length > 0)
    throw new CliInputError(`--holder must look like 0xADDRESS=AMOUNT, got "${text}"`);
  return { address: address(who, "--holder address"), amount: amount(value, "--holder amount") };
}

/** `--book SAFE,VENUE,MARKET[,policy.json]` → a book with the file's (validated) policy or the default. */
function parseBook(text: string) {
  const [safe, venue, market, file, ...rest] = text.split(",");
  if (safe === undefined || venue === undefined || market === undefined || rest.length > 0)
    throw new CliInputError(`--book must look like SAFE,VENUE,MARKET[,policy.json], got "${text}"`);
  return {
    safe: address(safe, "--book safe"),
    venue: address(venue, "--book venue"),
    market: address(market, "--book market"),
    policy: file ? readPolicyFile(file) : defaultPolicy(),
  };
}

/**
 * Deploys token, timelock, governor and policy registry to the node at `--rpc`, creates the books, hands admin
 * to the Timelock and writes `<deployments>/<chainId>.json`. Every input is checked before anything is sent.
 */
export async function govDeploy(opts: GovDeployOptions): Promise<string[]> {
  const quorum = Number(opts.quorum);
  if (!Number.isInteger(quorum) || quorum < 1 || quorum > 100)
    throw new CliInputError(`--quorum must be a whole percentage 1..100, got "${opts.quorum}"`);
  const options = {
    votingDelay: seconds(opts.votingDelay, "--voting-delay"),
    votingPeriod: seconds(opts.votingPeriod, "--voting-period"),
    timelockDelay: seconds(opts.timelockDelay, "--timelock-delay"),
    quorumPercent: quorum,
    proposalThreshold: amount(opts.proposalThreshold, "--proposal-threshold"),
    holders: opts.holder.map(parseHolder),
    books: opts.book.map(parseBook),
    guardian: opts.guardian === undefined ? undefined : address(opts.guardian, "--guardian"),
    steward: opts.steward === undefined ? undefined : address(opts.steward, "--steward"),
    deploymentsDir: opts.deployments,
    overwrite: opts.overwrite ?? false,
  };
  if (options.votingPeriod === 0) throw new CliInputError("--voting-period must be > 0");
  const ctx = await connectChain(opts.rpc);
  const account = await openSigner(opts);
  const walletClient = walletFor(ctx, account, opts.rpc);
  const d = await deployGovernance({ publicClient: ctx.publicClient, walletClient }, options);
  return [
    `chain ${d.chainId}, deploy block ${d.deployBlock}, deployer ${d.deployer}`,
    `AlvhToken           ${d.token}`,
    `TimelockController  ${d.timelock}`,
    `AlvhGovernor        ${d.governor}`,
    `PolicyRegistry      ${d.registry}`,
    `books               ${d.bookIds.length === 0 ? "none" : d.bookIds.join(", ")}`,
    `written             ${d.deploymentFile ?? "(no deployments dir)"}`,
  ];
}
