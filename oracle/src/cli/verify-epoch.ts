// `hexpin-oracle verify-epoch <bundle> [--previous-state <file>] [--root <hex>]
// [--next-state <file>] [--json]`: recomputes an epoch from its canonical input
// bundle and the previous epoch's published PoC state (whose digest the bundle
// names; none at genesis) and compares the Merkle root with the one given (e.g.
// the root posted on chain). Exit 0 on match (or when no root is given and the
// computation succeeds), 1 on mismatch.

import { readFileSync, writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { decodeBundle } from "../epoch/bundle";
import { computeEpoch } from "../epoch/compute-epoch";
import { epochSummary } from "./epoch-report";
import { decodePocState, encodePocState } from "../state/encoding";

export function verifyEpochCommand(): Command {
  return new Command("verify-epoch")
    .description("recompute an epoch's Merkle root from its input bundle and compare it")
    .argument("<bundle>", "path to a canonical epoch bundle (hexpin-epoch-bundle/v1)")
    .addOption(new Option("--root <hex>", "expected Merkle root (hex)").env("HEXPIN_EXPECTED_ROOT"))
    .addOption(new Option("--json", "print a JSON summary").env("HEXPIN_JSON"))
    .addOption(new Option("--coverage-map <path>", "also write the GeoJSON coverage map here").env("HEXPIN_COVERAGE_MAP"))
    .addOption(new Option("--no-verify-signatures", "skip ed25519 checks (bundles from unsigned simulations only)"))
    .addOption(new Option("--previous-state <path>", "the previous epoch's published PoC state (required unless the bundle is a genesis epoch)").env("HEXPIN_PREVIOUS_STATE"))
    .addOption(new Option("--next-state <path>", "write the PoC state this epoch produces here").env("HEXPIN_NEXT_STATE"))
    .action((bundlePath: string, opts: { root?: string; json?: boolean; coverageMap?: string; verifySignatures: boolean; previousState?: string; nextState?: string }) => {
      const inputs = decodeBundle(readFileSync(bundlePath));
      const previousState = opts.previousState ? decodePocState(readFileSync(opts.previousState)) : null;
      const result = computeEpoch(inputs, { previousState, verifySignatures: opts.verifySignatures, coverageMap: opts.coverageMap !== undefined });
      if (opts.nextState && result.nextState) writeFileSync(opts.nextState, encodePocState(result.nextState));
      if (opts.coverageMap && result.coverageMap) writeFileSync(opts.coverageMap, JSON.stringify(result.coverageMap));
      const expected = opts.root?.toLowerCase().replace(/^0x/, "");
      const matches = expected === undefined ? null : expected === result.merkleRoot;
      if (opts.json) {
        console.log(JSON.stringify({ ...epochSummary(result), expectedRoot: expected ?? null, matches }, null, 2));
      } else {
        console.log(`epoch ${result.epoch}: root ${result.merkleRoot ?? "(none)"}, input digest ${result.inputDigest}`);
        console.log(`paid ${result.paid}, unallocated ${result.unallocated}, ${result.perEpochRewards.size} hotspots rewarded, ${result.outcome.beacons.length} valid beacons`);
        if (matches !== null) console.log(matches ? "root matches" : `root MISMATCH: expected ${expected}`);
      }
      process.exitCode = matches === false ? 1 : 0;
    });
}
