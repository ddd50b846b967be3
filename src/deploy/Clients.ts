import type { Account, Chain, PublicClient, Transport, WalletClient } from "viem";

/**
 * The two viem clients every deploy/driver function takes. They work the same in-process
 * (`hre.network.create()` → hardhat-viem clients) and against an HTTP node (`createPublicClient({ transport: http(url) })`).
 * The wallet client's account pays and signs (a local key or an unlocked node account).
 */
export type Clients = {
  publicClient: PublicClient<Transport, Chain | undefined>;
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
};
