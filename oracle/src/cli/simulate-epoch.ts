// `hexpin-oracle simulate-epoch --out <bundle> [--seed s] [--hotspots n] [--city c]
// [--beacons n] [--epoch n] [--emission units] [--previous-state file] [--state-out file]
// [--profile hexpin|helium] [--json]`: simulates an epoch with
// oracle/src/sim (honest fleet plus labelled adversaries, log-distance radio), signs
// every report with its hotspot's key, writes the canonical bundle (`.zst`/`.gz` names
// compress it; the digest is of the uncompressed bundle), then recomputes the epoch
// from the file on disk — the same streaming path `verify-epoch` takes — and prints
// its root and digest. Without --previous-state the epoch is a genesis epoch; with
// it, the next epoch of the same simulated world (its number is the state's epoch + 1,
// the bundle names the state's digest; cumulative amounts are not carried), and
// --state-out writes the state this epoch produces, for the epoch after.
// --profile picks the PoC rule profile (oracle/src/verify/profile.ts); the bundle
// carries it in its config, so verify-epoch reproduces the root under it.
//
// Memory stays bounded at any size: reports are signed on worker threads, sorted
// externally and streamed to the file (sim/signed-bundle.ts).

import { readFileSync, writeFileSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { decodePocState, encodePocState } from "../state/encoding";
import { computeEpochFromBundle } from "../epoch/bundle-epoch";
import { openBundleSource } from "../epoch/bundle-stream";
import { CITY_NAMES, CityName, writeSignedSimulatedBundle } from "../sim";
import { epochSummary, processResources } from "./epoch-report";
import { note, progressBar } from "./progress";
import { defaultPocConfig } from "../verify/config";
import type { ProfileName } from "../verify/profile";

interface SimulateEpochOptions {
  seed: string;
  hotspots: number;
  city: CityName;
  beacons: number;
  epoch: number;
  emission: bigint;
  out: string;
  threads?: number;
  recompute: boolean;
  previousState?: string;
  stateOut?: string;
  profile: ProfileName;
  json?: boolean;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError("expected a positive integer");
  return n;
}

function baseUnits(v: string): bigint {
  if (!/^[0-9]+$/.test(v)) throw new InvalidArgumentError("expected a whole number of base units");
  return BigInt(v);
}

export function simulateEpochCommand(): Command {
  return new Command("simulate-epoch")
    .description("simulate an epoch (honest fleet plus adversaries), write its signed canonical bundle and print the Merkle root recomputed from it")
    .addOption(new Option("--seed <text>", "simulation seed (any string)").env("HEXPIN_SEED").default("1"))
    .addOption(new Option("--hotspots <n>", "fleet size").env("HEXPIN_HOTSPOTS").default(200).argParser(positiveInt))
    .addOption(new Option("--city <name>", "where the fleet stands").env("HEXPIN_CITY").choices(CITY_NAMES).default("san-francisco"))
    .addOption(new Option("--beacons <n>", "beacons per hotspot (at most one per 6 h)").env("HEXPIN_BEACONS").default(4).argParser(positiveInt))
    .addOption(new Option("--epoch <n>", "epoch number written into the bundle").env("HEXPIN_EPOCH").default(1).argParser(positiveInt))
    .addOption(new Option("--emission <units>", "base units to distribute").env("HEXPIN_EMISSION").default(1_000_000_000_000n, "1000000000000").argParser(baseUnits))
    .addOption(new Option("--out <path>", "bundle path to write (.zst: zstd, .gz: gzip)").env("HEXPIN_OUT").makeOptionMandatory())
    .addOption(new Option("--threads <n>", "signing and verification threads (default: all cores)").env("HEXPIN_THREADS").argParser(positiveInt))
    .addOption(new Option("--no-recompute", "only write the bundle (no root printed)"))
    .addOption(new Option("--previous-state <path>", "simulate the epoch after the one that produced this PoC state (same seed and fleet)").env("HEXPIN_PREVIOUS_STATE"))
    .addOption(new Option("--state-out <path>", "write the PoC state this epoch produces (the next epoch's --previous-state)").env("HEXPIN_STATE_OUT"))
    .addOption(new Option("--profile <name>", "PoC rule profile the bundle names (hexpin: coverage from evidence; helium: Helium's iot_verifier decisions)").env("HEXPIN_PROFILE").choices(["hexpin", "helium"]).default("hexpin"))
    .addOption(new Option("--json", "print a JSON summary").env("HEXPIN_JSON"))
    .action(async (opts: SimulateEpochOptions) => {
      if (opts.stateOut && !opts.recompute) throw new InvalidArgumentError("--state-out needs the recomputation (drop --no-recompute)");
      const previousBytes = opts.previousState ? readFileSync(opts.previousState) : null;
      const previous = previousBytes ? decodePocState(previousBytes) : null;
      const epochNumber = previous ? previous.epoch + 1 : opts.epoch;
      const simBar = progressBar("simulate + sign (beacons)");
      let bar: "sim" | "write" | null = null;
      const written = await writeSignedSimulatedBundle(
        { seed: opts.seed, hotspots: opts.hotspots, city: opts.city, beaconsPerHotspot: opts.beacons, config: defaultPocConfig("US915", opts.profile) },
        {
          out: opts.out,
          epoch: epochNumber,
          emission: opts.emission,
          previousState: previous,
          threads: opts.threads,
          onProgress: (phase, done, total) => {
            if (phase === "simulate") {
              if (bar === null) simBar.start(total, 0);
              bar = "sim";
              simBar.update(done);
            } else if (bar === "sim") {
              simBar.stop();
              bar = "write";
              note(`sorting and writing ${total.toLocaleString("en-US")} reports to ${opts.out}…`);
            }
          },
        },
      );
      if (bar === "sim") simBar.stop();
      const w = written.written;
      note(`wrote ${w.path}: ${w.reports.toLocaleString("en-US")} reports, ${w.bytes.toLocaleString("en-US")} bytes${w.compression !== "none" ? ` (${w.storedBytes.toLocaleString("en-US")} ${w.compression})` : ""}, digest ${w.digest.toString("hex")}; recomputing from the file…`);

      const simulation = { seed: opts.seed, hotspots: written.sim.registry.length, city: opts.city, beaconsPerHotspot: opts.beacons, profile: opts.profile, signedBy: written.signedBy };
      const file = { out: opts.out, bundleBytes: w.bytes, storedBytes: w.storedBytes, compression: w.compression, reports: w.reports, inputDigest: w.digest.toString("hex") };
      if (!opts.recompute) {
        if (opts.json) console.log(JSON.stringify({ ...file, simulation, seconds: written.seconds, resources: processResources() }, null, 2));
        else console.log(`wrote ${opts.out}: ${w.reports} signed reports, ${w.bytes} bytes, input digest ${file.inputDigest}`);
        return;
      }
      const verifyBar = progressBar("verify from the bundle", " bytes");
      const source = await openBundleSource(opts.out);
      verifyBar.start(source.storedBytes ?? 0, 0);
      const epoch = await computeEpochFromBundle(source, { previousState: previousBytes, onProgress: (phase, done) => phase === "read" && verifyBar.update(done) });
      verifyBar.stop();
      const result = epoch.result;
      if (result.inputDigest !== w.digest.toString("hex")) throw new Error(`internal error: the bundle read back hashes to ${result.inputDigest}, written as ${w.digest.toString("hex")}`);
      if (opts.stateOut && result.nextState) writeFileSync(opts.stateOut, encodePocState(result.nextState));

      if (opts.json) {
        console.log(JSON.stringify({ ...file, simulation, invalidSignatures: epoch.invalidSignatures.count, ...epochSummary(result), resources: processResources() }, null, 2));
      } else {
        console.log(`wrote ${opts.out}: ${simulation.hotspots} hotspots in ${opts.city}, ${w.reports} signed reports, ${w.bytes} bytes${w.compression !== "none" ? ` (${w.storedBytes} as ${w.compression})` : ""}`);
        console.log(`epoch ${result.epoch}: root ${result.merkleRoot ?? "(none)"}, input digest ${result.inputDigest}`);
        console.log(`paid ${result.paid}, unallocated ${result.unallocated}, ${result.perEpochRewards.size} hotspots rewarded, ${result.outcome.beacons.length} valid beacons`);
      }
    });
}
