// The previous epoch's PoC state as an input of this epoch: the bundle header
// names it by digest (the header extension `previousStateDigest`, hex sha256 of
// the state's canonical encoding, oracle/src/state), the caller hands over the
// state itself (decoded, or the published file's bytes), and nothing runs unless
// the two agree. Absent digest = genesis (no state); a digest always needs its state.
//
// Every refusal is a PreviousStateMismatchError with a stable `code`.

import type { CanonicalValue } from "./canonical-json";
import { decodePocState, PocStateError, pocStateDigest } from "../state/encoding";
import type { PocState } from "../state/poc-state";

/** The header extension that names the previous epoch's state. */
export const PREVIOUS_STATE_FIELD = "previousStateDigest";

export type PreviousStateErrorCode = "unexpected" | "missing" | "digest_mismatch" | "malformed_digest" | "malformed_state" | "wrong_epoch";

/** The previous state given does not fit what the bundle's header names. */
export class PreviousStateMismatchError extends Error {
  constructor(
    readonly code: PreviousStateErrorCode,
    message: string,
    /** the digest the header names (null when none). */
    readonly expected: string | null = null,
    /** the digest of the state given (null when none). */
    readonly actual: string | null = null,
  ) {
    super(message);
    this.name = "PreviousStateMismatchError";
  }
}

/** The digest a header's extensions name, or null at genesis; refuses anything but 64 lowercase hex digits. */
export function previousStateDigestOf(extensions: Readonly<Record<string, CanonicalValue>> | undefined): string | null {
  const v = extensions?.[PREVIOUS_STATE_FIELD];
  if (v === undefined || v === null) return null;
  if (typeof v !== "string" || !/^[0-9a-f]{64}$/.test(v)) {
    throw new PreviousStateMismatchError("malformed_digest", `the bundle's ${PREVIOUS_STATE_FIELD} must be 64 lowercase hex digits, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Header extensions naming `digest` as the previous state (none at genesis), beside any others. */
export function withPreviousStateDigest(
  extensions: Readonly<Record<string, CanonicalValue>> | undefined,
  digest: string | null,
): Record<string, CanonicalValue> | undefined {
  const { [PREVIOUS_STATE_FIELD]: _old, ...rest } = extensions ?? {};
  const out: Record<string, CanonicalValue> = digest === null ? rest : { ...rest, [PREVIOUS_STATE_FIELD]: digest };
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The previous state epoch `epoch` runs on: null at genesis, else `given` after
 * checking its digest against the header's and that it was produced by epoch − 1.
 */
export function resolvePreviousState(
  epoch: number,
  extensions: Readonly<Record<string, CanonicalValue>> | undefined,
  given: PocState | Uint8Array | null | undefined,
): PocState | null {
  const want = previousStateDigestOf(extensions);
  const have = given ?? null;
  const actual = have === null ? null : pocStateDigest(have);
  if (want === null && have === null) return null;
  if (want === null) {
    throw new PreviousStateMismatchError("unexpected", `a previous PoC state was given (${actual}) but the bundle names none (no ${PREVIOUS_STATE_FIELD} in its header)`, null, actual);
  }
  if (have === null) {
    throw new PreviousStateMismatchError("missing", `the bundle names previous PoC state ${want}, which was not given (publish it beside the previous bundle and pass it)`, want, null);
  }
  if (actual !== want) throw new PreviousStateMismatchError("digest_mismatch", `previous PoC state differs: the bundle names ${want}, the state given hashes to ${actual}`, want, actual);
  let state: PocState;
  try {
    state = have instanceof Uint8Array ? decodePocState(have) : have;
  } catch (e) {
    if (e instanceof PocStateError) throw new PreviousStateMismatchError("malformed_state", `the previous PoC state ${want} does not decode: ${e.message}`, want, actual);
    throw e;
  }
  if (state.epoch !== epoch - 1) {
    throw new PreviousStateMismatchError("wrong_epoch", `previous PoC state is from epoch ${state.epoch}, expected ${epoch - 1}`, want, actual);
  }
  return state;
}
