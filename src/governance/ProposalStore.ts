import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  type Address,
  type Chain,
  type Hex,
  keccak256,
  type PublicClient,
  parseEventLogs,
  type Transport,
  toHex,
} from "viem";
import { z } from "zod";
import { alvhGovernorAbi } from "../abi/alvhGovernorAbi.ts";
import { GovernanceError } from "./GovernanceError.ts";

/** Everything `queue` and `execute` need to re-submit a proposal. */
export type ProposalRecord = {
  proposalId: bigint;
  chainId: number;
  governor: Address;
  targets: Address[];
  values: bigint[];
  calldatas: Hex[];
  description: string;
  descriptionHash: Hex;
};

export const DEFAULT_PROPOSALS_DIR = ".alvh/proposals";

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/);
const FileSchema = z.strictObject({
  proposalId: z.string().regex(/^\d+$/),
  chainId: z.number().int().positive(),
  governor: hex,
  targets: z.array(hex),
  values: z.array(z.string().regex(/^\d+$/)),
  calldatas: z.array(hex),
  description: z.string(),
  descriptionHash: hex,
});

const fileOf = (dir: string, chainId: number, proposalId: bigint) => path.join(dir, `${chainId}-${proposalId}.json`);

/** Builds a record from the proposal's parts (the description hash is computed). */
export function proposalRecord(args: Omit<ProposalRecord, "descriptionHash">): ProposalRecord {
  return { ...args, descriptionHash: keccak256(toHex(args.description)) };
}

/** Writes `<dir>/<chainId>-<proposalId>.json`. Returns the path. */
export function saveProposal(dir: string, record: ProposalRecord): string {
  mkdirSync(dir, { recursive: true });
  const file = fileOf(dir, record.chainId, record.proposalId);
  const json = {
    ...record,
    proposalId: record.proposalId.toString(),
    values: record.values.map(String),
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  return file;
}

/** Reads a stored proposal; `undefined` if there is no file for it. */
export function loadProposal(dir: string, chainId: number, proposalId: bigint): ProposalRecord | undefined {
  const file = fileOf(dir, chainId, proposalId);
  if (!existsSync(file)) return undefined;
  const parsed = FileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new GovernanceError(`Invalid proposal file ${file}`, { cause: parsed.error });
  const d = parsed.data;
  return {
    ...d,
    proposalId: BigInt(d.proposalId),
    governor: d.governor as Address,
    targets: d.targets as Address[],
    values: d.values.map(BigInt),
    calldatas: d.calldatas as Hex[],
    descriptionHash: d.descriptionHash as Hex,
  };
}

/** Recovers a proposal from its `ProposalCreated` event (scanning from `fromBlock`). */
export async function recoverProposal(args: {
  publicClient: PublicClient<Transport, Chain | undefined>;
  governor: Address;
  proposalId: bigint;
  fromBlock: bigint;
}): Promise<ProposalRecord | undefined> {
  const event = alvhGovernorAbi.find((x) => x.type === "event" && x.name === "ProposalCreated");
  if (event?.type !== "event") throw new TypeError("alvhGovernorAbi has no ProposalCreated");
  const logs = await args.publicClient.getLogs({ address: args.governor, event, fromBlock: args.fromBlock });
  const parsed = parseEventLogs({ abi: alvhGovernorAbi, eventName: "ProposalCreated", logs });
  const hit = parsed.find((l) => l.args.proposalId === args.proposalId);
  if (!hit) return undefined;
  return proposalRecord({
    proposalId: hit.args.proposalId,
    chainId: await args.publicClient.getChainId(),
    governor: args.governor,
    targets: [...hit.args.targets],
    values: [...hit.args.values],
    calldatas: [...hit.args.calldatas],
    description: hit.args.description,
  });
}

/** The stored proposal, else the one recovered from the chain (and then stored); throws if neither exists. */
export async function findProposal(args: {
  dir: string;
  publicClient: PublicClient<Transport, Chain | undefined>;
  chainId: number;
  governor: Address;
  proposalId: bigint;
  fromBlock: bigint;
}): Promise<ProposalRecord> {
  const stored = loadProposal(args.dir, args.chainId, args.proposalId);
  if (stored) return stored;
  const recovered = await recoverProposal(args);
  if (!recovered) {
    throw new GovernanceError(`Unknown proposal ${args.proposalId}`, {
      hint: `No ${args.dir} record and no ProposalCreated event on governor ${args.governor}.`,
    });
  }
  saveProposal(args.dir, recovered);
  return recovered;
}

/** Id of the newest proposal on `governor` (from its `ProposalCreated` events); throws when there is none. */
export async function latestProposalId(args: {
  publicClient: PublicClient<Transport, Chain | undefined>;
  governor: Address;
  fromBlock: bigint;
}): Promise<bigint> {
  const event = alvhGovernorAbi.find((x) => x.type === "event" && x.name === "ProposalCreated");
  if (event?.type !== "event") throw new TypeError("alvhGovernorAbi has no ProposalCreated");
  const logs = await args.publicClient.getLogs({ address: args.governor, event, fromBlock: args.fromBlock });
  const parsed = parseEventLogs({ abi: alvhGovernorAbi, eventName: "ProposalCreated", logs });
  const last = parsed.at(-1);
  if (!last) {
    throw new GovernanceError("There is no proposal on this Governor yet.", {
      hint: "create one with `alvh policy propose --book <id> --file <policy.json>`",
    });
  }
  return last.args.proposalId;
}
