import {
  type Abi,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  getAddress,
  type Hash,
  type Hex,
} from "viem";
import type { Artifact } from "./artifacts.ts";
import type { Clients } from "./Clients.ts";
import { DeployStepError } from "./DeployStepError.ts";

/** Deploys `artifact` with constructor `args` and waits for the receipt; returns the new address. */
export async function deploy(clients: Clients, artifact: Artifact, args: readonly unknown[] = []): Promise<Address> {
  const { publicClient, walletClient } = clients;
  let hash: Hash;
  try {
    hash = await walletClient.deployContract({
      abi: artifact.abi,
      bytecode: artifact.bytecode,
      args: args as unknown[],
      account: walletClient.account,
      chain: walletClient.chain,
    });
  } catch (cause) {
    throw new DeployStepError(`Deploying ${artifact.contractName} failed.`, { cause });
  }
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success" || !receipt.contractAddress) {
    throw new DeployStepError(`Deploying ${artifact.contractName} reverted.`, { metaMessages: [`tx: ${hash}`] });
  }
  return getAddress(receipt.contractAddress);
}

/**
 * Sends a state-changing call and waits for a successful receipt (typed by the ABI). viem estimates gas
 * first, so a revert surfaces with its reason instead of as a failed receipt.
 */
export async function write<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, "nonpayable" | "payable">,
  args extends ContractFunctionArgs<abi, "nonpayable" | "payable", functionName>,
>(
  clients: Clients,
  request: { address: Address; abi: abi; functionName: functionName; args?: args; value?: bigint; gas?: bigint },
): Promise<Hash> {
  const { publicClient, walletClient } = clients;
  let hash: Hash;
  try {
    // biome-ignore lint/suspicious/noExplicitAny: viem's generic write parameters do not narrow through this wrapper
    const params: any = { ...request, account: walletClient.account, chain: walletClient.chain };
    hash = await walletClient.writeContract(params);
  } catch (cause) {
    throw new DeployStepError(`${String(request.functionName)} on ${request.address} failed.`, { cause });
  }
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") {
    throw new DeployStepError(`${String(request.functionName)} on ${request.address} reverted.`, {
      metaMessages: [`tx: ${hash}`],
    });
  }
  return hash;
}

/** Sends raw calldata (an encoded call, a nonce-burning self transfer) and waits for success (gas estimated first). */
export async function sendRaw(clients: Clients, to: Address, data: Hex = "0x", value = 0n): Promise<Hash> {
  const { publicClient, walletClient } = clients;
  let hash: Hash;
  try {
    hash = await walletClient.sendTransaction({
      to,
      data,
      value,
      account: walletClient.account,
      chain: walletClient.chain,
    });
  } catch (cause) {
    throw new DeployStepError(`Transaction to ${to} failed.`, { cause });
  }
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") {
    throw new DeployStepError(`Transaction to ${to} reverted.`, { metaMessages: [`tx: ${hash}`] });
  }
  return hash;
}
