// Sending lamports to a PDA before the program creates it, as anyone can: the program
// must still be able to create the account (a griefer must not be able to block it).
import { strict as assert } from "node:assert";
import type { PublicKey } from "@solana/web3.js";
import type { LocalChain } from "../../sdk/src/testing/local-chain";

/**
 * The smallest pre-funding the runtime allows: a system account with no data must be
 * rent-exempt, so smaller transfers to a new address fail (and LiteSVM's airdrop of
 * them silently does nothing). It is below the rent of any hexpin account.
 */
export function smallestPrefund(chain: LocalChain): bigint {
  return chain.rentExempt(0);
}

/** Sends `lamports` to `key` and checks they arrived. */
export function prefund(chain: LocalChain, key: PublicKey, lamports: bigint): void {
  const before = chain.lamports(key);
  chain.fund(key, lamports);
  assert.equal(chain.lamports(key), before + lamports, `pre-funding ${key.toBase58()} did not take`);
}
