import type { DevnetDeployment } from "../deploy/deployDevnet.ts";

/** Human summary of a devnet deployment, one line per fact. */
export function formatDevnet(d: DevnetDeployment, url: string): string[] {
  const lines = [
    `chain ${d.chainId} at ${url}`,
    `deployment file: ${d.deploymentFile ?? "(not written)"}`,
    `Multicall3        ${d.multicall3}`,
    `Safe              ${d.safe.safe} (${d.safe.threshold}-of-${d.safe.owners.length}: ${d.safe.owners.join(", ")})`,
    `  singleton L2    ${d.safe.contracts.safeL2Singleton}   proxy factory ${d.safe.contracts.safeProxyFactory}`,
    `  MultiSendCallOnly ${d.safe.contracts.multiSendCallOnly}`,
    `Perp v2 ClearingHouse ${d.perp.clearingHouse}   Vault ${d.perp.vault}`,
    `  AccountBalance  ${d.perp.accountBalance}   Exchange ${d.perp.exchange}`,
    `  InsuranceFund   ${d.perp.insuranceFund}   settlement token ${d.perp.settlementToken}`,
  ];
  for (const m of d.perp.markets) {
    lines.push(`  market ${m.symbol.padEnd(4)} base ${m.baseToken} pool ${m.pool} oracle ${m.aggregator}`);
  }
  if (d.governance) {
    const g = d.governance;
    lines.push(`Governance token ${g.token}  governor ${g.governor}  timelock ${g.timelock}`);
    lines.push(`  PolicyRegistry ${g.registry}  Safe book id ${d.safeBookId}`);
  } else {
    lines.push("Governance: skipped");
  }
  lines.push(
    `accounts: ${Object.entries(d.accounts)
      .map(([r, a]) => `${r} ${a}`)
      .join(", ")}`,
  );
  return lines;
}
