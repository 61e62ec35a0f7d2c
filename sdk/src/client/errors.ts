// Typed client-side failures: one class per thing an operator can get wrong or meet,
// each with a message that is one clear sentence. The program's own errors stay
// `HexpinProgramError` (sdk/src/errors.ts); these cover everything around them.

/** Base class so callers can tell client failures from bugs. */
export class HexpinClientError extends Error {
  constructor(message: string, readonly kind: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** No keypair file where one was expected (the wallet, an issuing key, a device key). */
export class KeypairNotFoundError extends HexpinClientError {
  constructor(readonly path: string, readonly role = "keypair") {
    super(`No ${role} file at ${path}: create one with \`solana-keygen new -o ${path}\` or give the right path.`, "keypair-not-found");
  }
}

/** A keypair file that is not Solana's JSON array of 64 bytes. */
export class KeypairInvalidError extends HexpinClientError {
  constructor(readonly path: string, reason: string) {
    super(`The keypair file ${path} is not a Solana keypair (${reason}).`, "keypair-invalid");
  }
}

/** The RPC endpoint did not answer (refused, unknown host, timed out, not JSON-RPC). */
export class ClusterUnreachableError extends HexpinClientError {
  constructor(readonly url: string, readonly reason: string) {
    super(`Cannot reach the cluster at ${url} (${reason}).`, "cluster-unreachable");
  }
}

/** The fee payer (or another paying signer) lacks the lamports a transaction needs. */
export class InsufficientFundsError extends HexpinClientError {
  constructor(readonly account: string, readonly balanceLamports: bigint | null, detail = "") {
    const have = balanceLamports === null ? "no SOL on this cluster (the account does not exist)" : `${formatSol(balanceLamports)} SOL`;
    super(`The paying account ${account} has ${have}, not enough for this transaction${detail ? ` (${detail})` : ""}.`, "insufficient-funds");
  }
}

/** A hexpin account the caller named does not exist (unknown hotspot, maker, network, epoch). */
export class AccountNotFoundError extends HexpinClientError {
  constructor(readonly what: "network" | "maker" | "hotspot" | "epoch" | "program", readonly description: string) {
    super(`No ${what} ${description}.`, `${what}-not-found`);
  }
}

/** An account exists at the address but is not the expected hexpin account. */
export class AccountMismatchError extends HexpinClientError {
  constructor(readonly address: string, expected: string) {
    super(`The account ${address} is not a hexpin ${expected}.`, "account-mismatch");
  }
}

/** A transaction failed for a reason outside hexpin's error codes. */
export class TransactionFailedError extends HexpinClientError {
  constructor(readonly reason: string, readonly logs: string[] = [], readonly signature?: string) {
    super(`The transaction failed: ${reason}.`, "transaction-failed");
  }
}

/** Every blockhash tried expired before the transaction landed (and it provably did not land). */
export class TransactionExpiredError extends HexpinClientError {
  constructor(readonly attempts: number, readonly signatures: string[]) {
    super(`The transaction did not land in ${attempts} attempt(s), each checked on the chain after its blockhash expired; nothing was executed.`, "transaction-expired");
  }
}

/** Input a command or a client call refused before touching the chain. */
export class InvalidInputError extends HexpinClientError {
  constructor(message: string) {
    super(message, "invalid-input");
  }
}

export function formatSol(lamports: bigint): string {
  const whole = lamports / 1_000_000_000n;
  const frac = (lamports % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : `${whole}`;
}

/** The oracle service did not answer, or answered something that is not its documented API. */
export class OracleApiError extends HexpinClientError {
  constructor(readonly url: string, reason: string, kind: "oracle-unreachable" | "oracle-response-invalid" = "oracle-response-invalid") {
    super(`The oracle at ${url} ${kind === "oracle-unreachable" ? "cannot be reached" : "answered something unexpected"} (${reason}).`, kind);
  }
}

/** An epoch bundle could not be read or recomputed. */
export class BundleError extends HexpinClientError {
  constructor(readonly path: string, reason: string) {
    super(`The epoch bundle ${path} cannot be used (${reason}).`, "bundle-invalid");
  }
}

/**
 * Why a hotspot life cannot be claimed right now, decided against the chain before any
 * transaction: `kind` is the claim check's status (docs/cli.md, `rewards show`).
 */
export class ClaimNotPossibleError extends HexpinClientError {
  constructor(readonly hardwareKey: string, readonly status: string, reason: string) {
    super(`Nothing can be claimed for hotspot ${hardwareKey}: ${reason}.`, status);
  }
}
