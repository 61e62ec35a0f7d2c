// Every program error an operator can meet comes with a hint, and so does every claim status
// the CLI can stop on.
import assert from "node:assert/strict";
import { HEXPIN_ERRORS } from "../errors";
import { CLIENT_ERROR_HINTS, PROGRAM_ERROR_HINTS } from "./hints";

describe("CLI hints", () => {
  it("has a one-sentence hint for each program error from 6034 to 6054", () => {
    const v1 = HEXPIN_ERRORS.filter((e) => e.code >= 6034);
    assert.deepEqual(v1.map((e) => e.code), Array.from({ length: 21 }, (_, i) => 6034 + i));
    for (const e of v1) {
      const hint = PROGRAM_ERROR_HINTS[e.name];
      assert.ok(hint, `${e.name} (${e.code}) has a hint`);
      assert.match(hint, /^[A-Z`].*[.]$/, `${e.name}: one sentence`);
    }
  });

  it("names only errors the program has", () => {
    const names = new Set(HEXPIN_ERRORS.map((e) => e.name));
    for (const name of Object.keys(PROGRAM_ERROR_HINTS)) assert.ok(names.has(name), name);
  });

  it("has a hint for each claim status and proof-source failure", () => {
    for (const kind of ["claimed", "no-rewards", "no-source", "source-has-no-root", "no-active-root", "other-life", "stale-root", "root-not-active", "root-mismatch", "invalid-proof", "not-onboarded", "oracle-unreachable", "oracle-response-invalid", "bundle-invalid"]) {
      assert.match(CLIENT_ERROR_HINTS[kind] ?? "", /^[A-Z].*[.]$/, kind);
    }
  });
});
