import type { Address, Hex } from "viem";

/** One call the Safe makes (operation CALL). Several are batched through MultiSendCallOnly. */
export type SafeCall = { to: Address; value: bigint; data: Hex };
