// Keypair files in the Solana CLI's format (`solana-keygen new`): a JSON array of the 64
// secret-key bytes (32-byte seed, then the public key). Wallets, issuing keys and hotspot
// hardware keys all use it, so every Solana tool can read them.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, resolve } from "node:path";
import { Keypair } from "@solana/web3.js";
import { KeypairInvalidError, KeypairNotFoundError, InvalidInputError } from "./errors";

/** `~/.config/solana/id.json`, the Solana CLI's default wallet. */
export const DEFAULT_KEYPAIR_PATH = "~/.config/solana/id.json";

export function expandHome(path: string): string {
  return path === "~" ? homedir() : path.startsWith("~/") ? resolve(homedir(), path.slice(2)) : resolve(path);
}

/** Reads a keypair file; throws `KeypairNotFoundError` / `KeypairInvalidError` with the path. */
export function readKeypairFile(path: string, role = "keypair"): Keypair {
  const full = expandHome(path);
  if (!existsSync(full)) throw new KeypairNotFoundError(full, role);
  let bytes: unknown;
  try {
    bytes = JSON.parse(readFileSync(full, "utf8"));
  } catch {
    throw new KeypairInvalidError(full, "not JSON");
  }
  if (!Array.isArray(bytes) || bytes.length !== 64 || !bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
    throw new KeypairInvalidError(full, "expected a JSON array of 64 bytes");
  }
  const secret = Uint8Array.from(bytes as number[]);
  const kp = Keypair.fromSeed(secret.subarray(0, 32));
  if (!Buffer.from(kp.publicKey.toBytes()).equals(Buffer.from(secret.subarray(32)))) {
    throw new KeypairInvalidError(full, "its public half does not match its seed");
  }
  return kp;
}

/**
 * Writes a keypair file readable only by its owner (0600), creating parent folders.
 * Refuses to overwrite an existing file unless `force`, as `solana-keygen new` does.
 */
export function writeKeypairFile(path: string, keypair: Keypair, force = false): string {
  const full = expandHome(path);
  if (existsSync(full) && !force) throw new InvalidInputError(`${full} already exists: refusing to overwrite a key (pass --force to replace it).`);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, JSON.stringify(Array.from(keypair.secretKey)) + "\n", { mode: 0o600 });
  chmodSync(full, 0o600);
  return full;
}

/** Reads the keypair at `path`, creating and saving a new one when the file is missing. */
export function readOrCreateKeypairFile(path: string): { keypair: Keypair; created: boolean; path: string } {
  const full = expandHome(path);
  if (existsSync(full)) return { keypair: readKeypairFile(full), created: false, path: full };
  const keypair = Keypair.generate();
  writeKeypairFile(full, keypair);
  return { keypair, created: true, path: full };
}
