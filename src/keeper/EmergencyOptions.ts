import type { Account, Address, Chain, Transport, WalletClient } from "viem";

/** The book's EmergencyModule and the account that sends `protect` (any account; it pays the gas). */
export type EmergencyOptions = {
  module: Address;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
  /**
   * First block to scan for the module's `Protected` events when the store has no scan cursor yet (the module's
   * deployment block; default 0). Each tick rebuilds records the store lacks (`recoverEmergencyActions`).
   */
  fromBlock?: bigint | undefined;
  /** Layer-3 resend policy (default: every 1 s, 12 attempts, fees +12.5 % per resend). */
  resend?: { cadenceMs?: number; maxAttempts?: number; bump?: number } | undefined;
};
