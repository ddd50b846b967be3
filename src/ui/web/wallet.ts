import {
  type Address,
  concatHex,
  createWalletClient,
  custom,
  type EIP1193Provider,
  encodeFunctionData,
  type Hex,
  hashTypedData,
  parseAbi,
} from "viem";
import type { ProposalView } from "../../review/proposalView.ts";
import { safeTxTypedData } from "../safeTxTypedData.ts";

declare global {
  interface Window {
    ethereum?: EIP1193Provider;
  }
}

const execAbi = parseAbi([
  "function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures) payable returns (bool)",
]);

function provider(): EIP1193Provider {
  if (!window.ethereum) throw new Error("No browser wallet (EIP-1193 provider) found");
  return window.ethereum;
}

function client() {
  return createWalletClient({ transport: custom(provider()) });
}

/** The wallet's current account (asks to connect when needed). */
export async function connect(): Promise<Address> {
  const [account] = await client().requestAddresses();
  if (!account) throw new Error("The wallet returned no account");
  return account;
}

/**
 * The owner's EIP-712 signature over the stored Safe transaction, made by the wallet. The typed data is checked
 * to hash to the recorded safeTxHash first, so the wallet never signs something else than what is reviewed.
 */
export async function signProposal(p: ProposalView): Promise<{ signer: Address; signature: Hex }> {
  const typed = safeTxTypedData(p.chainId, p.safe, p.tx);
  if (hashTypedData(typed).toLowerCase() !== (p.safeTxHash ?? "").toLowerCase())
    throw new Error("The transaction does not hash to its recorded safeTxHash; not signing");
  const account = await connect();
  const signature = await client().signTypedData({ account, ...typed });
  return { signer: account, signature };
}

/** Sends `execTransaction` from the wallet with the owners' signatures (sorted by owner, as the Safe requires). */
export async function executeProposal(
  p: ProposalView,
  signatures: { signer: string; signature: string }[],
): Promise<Hex> {
  const sorted = [...signatures].sort((a, b) => (BigInt(a.signer) < BigInt(b.signer) ? -1 : 1));
  const t = p.tx;
  const data = encodeFunctionData({
    abi: execAbi,
    functionName: "execTransaction",
    args: [
      t.to as Address,
      BigInt(t.value),
      t.data as Hex,
      t.operation,
      BigInt(t.safeTxGas),
      BigInt(t.baseGas),
      BigInt(t.gasPrice),
      t.gasToken as Address,
      t.refundReceiver as Address,
      concatHex(sorted.map((s) => s.signature as Hex)),
    ],
  });
  const account = await connect();
  return client().sendTransaction({ account, to: p.safe as Address, data, chain: null });
}

/** Waits for the transaction's receipt through the wallet's provider; true when it succeeded. */
export async function waitForReceipt(hash: Hex): Promise<boolean> {
  for (let i = 0; i < 120; i++) {
    const r = (await provider().request({ method: "eth_getTransactionReceipt", params: [hash] })) as {
      status: Hex;
    } | null;
    if (r) return r.status === "0x1";
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`No receipt for ${hash} after 60 s`);
}
