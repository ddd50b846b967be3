import Safe, { type Eip1193Provider } from "@safe-global/protocol-kit";

type ContractNetworks = Parameters<typeof Safe.init>[0]["contractNetworks"];

/**
 * One protocol-kit instance per Safe address, created on first use with the proposer's signer (always passed
 * explicitly: `connect()` without a signer silently falls back to the node's account #0).
 */
export function safeKitCache(options: {
  provider: Eip1193Provider | string;
  signer: string;
  contractNetworks: ContractNetworks;
}): (safe: string) => Promise<Safe> {
  const kits = new Map<string, Promise<Safe>>();
  return (safe) => {
    let kit = kits.get(safe);
    if (!kit) {
      kit = Safe.init({
        provider: options.provider,
        signer: options.signer,
        safeAddress: safe,
        contractNetworks: options.contractNetworks,
      });
      kits.set(safe, kit);
    }
    return kit;
  };
}
