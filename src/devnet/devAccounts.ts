import { type Address, type Hex, toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

/** The public Hardhat/anvil development mnemonic. Its keys are public: local chains only. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/**
 * Roles of the dev accounts on the devnet (index in the mnemonic):
 * 0 deployer + Perp maker, 1–3 Safe owners (1 is also the keeper's proposer key: proposing needs an owner's
 * signature; 1 is the guardian, 2 the risk steward), 4 scenario trader (moves the pools), 5 twin/comparison
 * account, 6 third-party liquidator, 7 an outsider (no role: calls permissionless paths). 8–19 free.
 */
export const DevRole = {
  deployer: 0,
  owner1: 1,
  owner2: 2,
  owner3: 3,
  scenarioTrader: 4,
  twin: 5,
  liquidator: 6,
  outsider: 7,
  /** The keeper's proposer (the README's ALVH_KEEPER_KEY) is Safe owner 1. */
  keeper: 1,
} as const;

/** What each dev account does on the devnet, by index, as `alvh devnet` prints it. */
export const DEV_ROLE_NOTES: readonly { index: number; role: string }[] = [
  { index: 0, role: "deployer, Perp maker, 400k votes" },
  {
    index: 1,
    role: "Safe owner 1 + the keeper (ALVH_KEEPER_KEY: proposer, EmergencyModule keeper), guardian, 200k votes",
  },
  { index: 2, role: "Safe owner 2 (the signer's ALVH_PRIVATE_KEY), risk steward, registered keeper, 200k votes" },
  { index: 3, role: "Safe owner 3, registered keeper, 200k votes" },
  { index: 4, role: "scenario trader (moves the pools)" },
  { index: 5, role: "twin: unprotected comparison account (`position open --eoa 5`)" },
  { index: 6, role: "third-party liquidator" },
  { index: 7, role: "outsider: no role (e.g. EmergencyModule.protect after the keepers' grace period)" },
];

export type DevKey = { index: number; address: Address; privateKey: Hex };

/** The dev key at `index` (address and private key). */
export function devKey(index: number): DevKey {
  const account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
  const privateKey = account.getHdKey().privateKey;
  if (!privateKey) throw new RangeError(`no private key at dev index ${index}`);
  return { index, address: account.address, privateKey: toHex(privateKey) };
}
