import { readDeployment } from "../deploy/Deployment.ts";
import type { AddressBook } from "../proposer/describeCall.ts";

/** Names of a deployment's contracts and markets (from `<dir>/<chainId>.json`), for decoding calls in words. */
export function deploymentAddressBook(deployments: string, chainId: number): AddressBook {
  const names = new Map<string, string>();
  const d = readDeployment(deployments, chainId);
  if (!d) return names;
  for (const [name, entry] of Object.entries(d.contracts)) names.set(entry.address.toLowerCase(), name);
  const perp = (d as { perp?: { markets?: { symbol: string; baseToken: string }[]; settlementToken?: string } }).perp;
  for (const m of perp?.markets ?? []) names.set(m.baseToken.toLowerCase(), m.symbol);
  if (perp?.settlementToken) names.set(perp.settlementToken.toLowerCase(), "SettlementToken");
  return names;
}
