import type { DevnetDeployment } from "../deploy/deployDevnet.ts";
import { DEV_ROLE_NOTES, devKey } from "./devAccounts.ts";

/** Human summary of a devnet deployment: every deployed address, the guard's state, the dev keys and their roles. */
export function formatDevnet(d: DevnetDeployment, url: string): string[] {
  const lines = [
    `chain ${d.chainId} at ${url}`,
    `deployment file: ${d.deploymentFile ?? "(not written)"}`,
    `Multicall3          ${d.multicall3}`,
    `Safe                ${d.safe.safe} (${d.safe.threshold}-of-${d.safe.owners.length}: ${d.safe.owners.join(", ")})`,
    `  singleton L2      ${d.safe.contracts.safeL2Singleton}`,
    `  proxy factory     ${d.safe.contracts.safeProxyFactory}`,
    `  MultiSendCallOnly ${d.safe.contracts.multiSendCallOnly}`,
    `  fallback handler  ${d.safe.contracts.fallbackHandler}`,
    `Perp v2`,
    `  ClearingHouse     ${d.perp.clearingHouse}`,
    `  Vault             ${d.perp.vault}`,
    `  AccountBalance    ${d.perp.accountBalance}`,
    `  Exchange          ${d.perp.exchange}`,
    `  MarketRegistry    ${d.perp.marketRegistry}`,
    `  OrderBook         ${d.perp.orderBook}`,
    `  InsuranceFund     ${d.perp.insuranceFund}`,
    `  settlement token  ${d.perp.settlementToken}`,
  ];
  for (const m of d.perp.markets) {
    lines.push(`  market ${m.symbol.padEnd(4)}       base ${m.baseToken}  pool ${m.pool}  oracle ${m.aggregator}`);
  }
  if (d.governance) {
    const g = d.governance;
    lines.push(
      "Governance",
      `  token (ALVH)      ${g.token}`,
      `  Governor          ${g.governor}`,
      `  Timelock          ${g.timelock}`,
      `  PolicyRegistry    ${g.registry}  (Safe's ETH book id ${d.safeBookId})`,
    );
  } else {
    lines.push("Governance: skipped (--no-governance): no registry, guard or module");
  }
  if (d.guard) {
    const g = d.guard;
    lines.push(
      `HedgeGuard          ${g.guard}  ${g.guardInstalled ? "installed on the Safe" : "NOT installed (start with --guard to install it)"}`,
      `EmergencyModule     ${g.module}  ${g.moduleEnabled ? "enabled on the Safe" : "not enabled"}`,
    );
  }
  lines.push("dev keys (public Hardhat test mnemonic: local chains only)");
  for (const { index, role } of DEV_ROLE_NOTES) {
    const k = devKey(index);
    lines.push(`  #${index} ${k.address}  ${k.privateKey}  ${role}`);
  }
  return lines;
}
