import { readFileSync } from "node:fs";
import type { Hex, LocalAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { SignerError } from "./SignerError.ts";

export type SigningKeySource =
  /** A 0x private key in the environment variable `name`. */
  | { kind: "env"; name: string }
  /** An encrypted JSON keystore; its password in the environment variable `passwordEnv` (or prompted). */
  | { kind: "keystore"; path: string; passwordEnv: string };

export type SigningKey = { account: LocalAccount; privateKey: Hex };

/**
 * The raw signing key (protocol-kit signs Safe transactions from a private key) and its account, from an env
 * variable or an encrypted keystore (decrypted with ethers 6). Errors say which source failed and never
 * echo key material.
 */
export async function loadSigningKey(
  source: SigningKeySource,
  env: Readonly<Record<string, string | undefined>>,
  promptPassword?: (question: string) => Promise<string>,
): Promise<SigningKey> {
  let raw: string;
  let from: string;
  if (source.kind === "env") {
    from = source.name;
    raw = (env[source.name] ?? "").trim();
    if (raw === "")
      throw new SignerError(`No signing key configured: ${source.name} is not set`, {
        hint: `Set ${source.name}=0x<64 hex> or use an encrypted keystore (--keystore <file>).`,
      });
  } else {
    from = `the keystore ${source.path}`;
    let json: string;
    try {
      json = readFileSync(source.path, "utf8");
    } catch {
      throw new SignerError(`Cannot read the keystore file ${source.path}`);
    }
    let password = env[source.passwordEnv];
    if (password === undefined) {
      if (!promptPassword)
        throw new SignerError("No keystore password", { hint: `Set ${source.passwordEnv} or run in a terminal.` });
      password = await promptPassword(`Password for ${source.path}: `);
    }
    const { Wallet } = await import("ethers");
    try {
      raw = (await Wallet.fromEncryptedJson(json, password)).privateKey;
    } catch {
      throw new SignerError(`Cannot decrypt the keystore ${source.path}`, {
        hint: "Wrong password, or not an Ethereum JSON keystore.",
      });
    }
  }
  const hex = raw.startsWith("0x") ? raw : `0x${raw}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new SignerError(`The private key from ${from} is not 32 bytes of hex`);
  return { account: privateKeyToAccount(hex as Hex), privateKey: hex as Hex };
}
