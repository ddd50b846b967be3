import { readFileSync } from "node:fs";
import type { Hex, LocalAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { SignerError } from "./SignerError.ts";

export type LoadSignerOptions = {
  /** Encrypted JSON keystore (Ethereum V3 keystore, as geth/ethers/foundry write it). */
  keystore?: string | undefined;
  /** Environment to read `ALVH_PRIVATE_KEY` / `ALVH_KEYSTORE_PASSWORD` from (inject `process.env`). */
  env: Readonly<Record<string, string | undefined>>;
  /** Asks for the keystore password when the env has none; omit to refuse instead of prompting. */
  promptPassword?: ((question: string) => Promise<string>) | undefined;
};

const KEY_HINT = "Set ALVH_PRIVATE_KEY=0x<64 hex> or pass --keystore <file> (password in ALVH_KEYSTORE_PASSWORD).";

function toAccount(key: string, source: string): LocalAccount {
  const hex = key.startsWith("0x") ? key : `0x${key}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) {
    throw new SignerError(`The private key from ${source} is not 32 bytes of hex`, { hint: KEY_HINT });
  }
  return privateKeyToAccount(hex as Hex);
}

/**
 * The signing account: from the keystore when one is given (decrypted with ethers 6; viem cannot), else from
 * `ALVH_PRIVATE_KEY`. Throws `SignerError` with one clear message otherwise. Never logs or echoes a secret.
 */
export async function loadSigner(options: LoadSignerOptions): Promise<LocalAccount> {
  if (options.keystore !== undefined) {
    let json: string;
    try {
      json = readFileSync(options.keystore, "utf8");
    } catch {
      throw new SignerError(`Cannot read the keystore file ${options.keystore}`);
    }
    let password = options.env.ALVH_KEYSTORE_PASSWORD;
    if (password === undefined) {
      if (!options.promptPassword) {
        throw new SignerError("No keystore password", { hint: "Set ALVH_KEYSTORE_PASSWORD or run in a terminal." });
      }
      password = await options.promptPassword(`Password for ${options.keystore}: `);
    }
    const { Wallet } = await import("ethers");
    let privateKey: string;
    try {
      privateKey = (await Wallet.fromEncryptedJson(json, password)).privateKey;
    } catch {
      throw new SignerError(`Cannot decrypt the keystore ${options.keystore}`, {
        hint: "Wrong password, or not an Ethereum JSON keystore.",
      });
    }
    return toAccount(privateKey, "the keystore");
  }
  const key = options.env.ALVH_PRIVATE_KEY;
  if (key === undefined || key === "") throw new SignerError("No signing key configured", { hint: KEY_HINT });
  return toAccount(key.trim(), "ALVH_PRIVATE_KEY");
}
