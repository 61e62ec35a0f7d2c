// `hexpin-oracle simulate-epoch --out <bundle> [--seed s] [--hotspots n] [--city c]
// [--beacons n] [--epoch n] [--emission units] [--previous-state file]
// [--state-out file] [--profile hexpin|helium] [--json]`: simulates an epoch with oracle/src/sim (honest
// fleet plus labelled adversaries, radio with shadowing), signs every report
// with its hotspot's key, writes the canonical bundle, and prints the Merkle root
// computeEpoch derives from it — the root `verify-epoch` must reproduce from the
// file and the published previous state alone. Without --previous-state the
// epoch is a genesis epoch; with it, the next epoch of the same simulated world
// (its number is the state's epoch + 1; cumulative amounts are not carried).
// --profile picks the PoC rule profile (oracle/src/verify/profile.ts); the bundle
// carries it in its config, so verify-epoch reproduces the root under it.
//
// The bundle is built in memory (it must be sorted), ~300 bytes a report: fine
// for tens of thousands of hotspots. Fleets of 100k belong to the bench, which
// streams unsigned reports instead.

import { readFileSync, writeFileSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { SingleBar, Presets } from "cli-progress";
import { encodeBundle, EpochInputs, ReceivedReportBytes } from "../epoch/bundle";
import { computeEpoch } from "../epoch/compute-epoch";
import { epochConfig } from "../epoch/verifier-stage";
import { CITY_NAMES, CityName, modelOf, simulateWorld } from "../sim";
import { epochSummary } from "./epoch-report";
import { decodePocState, encodePocState, pocStateDigest } from "../state/encoding";
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
  stateOut?: string;
  previousState?: string;
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

/** A progress bar on stderr: redrawn on a terminal, a line every 5 s otherwise (CI logs). */
function progressBar(label: string): SingleBar {
  return new SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | eta {eta_formatted}`, stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5_000, etaBuffer: 50 },
    Presets.shades_classic,
  );
}

export function simulateEpochCommand(): Command {
  return new Command("simulate-epoch")
    .description("simulate an epoch (honest fleet plus adversaries), write its signed canonical bundle and print the Merkle root")
    .addOption(new Option("--seed <text>", "simulation seed (any string)").env("HEXPIN_SEED").default("1"))
    .addOption(new Option("--hotspots <n>", "fleet size").env("HEXPIN_HOTSPOTS").default(200).argParser(positiveInt))
    .addOption(new Option("--city <name>", "where the fleet stands").env("HEXPIN_CITY").choices(CITY_NAMES).default("san-francisco"))
    .addOption(new Option("--beacons <n>", "beacons per hotspot (at most one per 6 h)").env("HEXPIN_BEACONS").default(4).argParser(positiveInt))
    .addOption(new Option("--epoch <n>", "epoch number written into the bundle").env("HEXPIN_EPOCH").default(1).argParser(positiveInt))
    .addOption(new Option("--emission <units>", "base units to distribute").env("HEXPIN_EMISSION").default(1_000_000_000_000n, "1000000000000").argParser(baseUnits))
    .addOption(new Option("--out <path>", "bundle path to write").env("HEXPIN_OUT").makeOptionMandatory())
    .addOption(new Option("--state-out <path>", "also write the PoC state the epoch produces (the next epoch's previous state)").env("HEXPIN_STATE_OUT"))
    .addOption(new Option("--previous-state <path>", "simulate the epoch after the one that produced this PoC state").env("HEXPIN_PREVIOUS_STATE"))
    .addOption(new Option("--profile <name>", "PoC rule profile the bundle names (hexpin: coverage from evidence; helium: Helium's iot_verifier decisions)").env("HEXPIN_PROFILE").choices(["hexpin", "helium"]).default("hexpin"))
    .addOption(new Option("--json", "print a JSON summary").env("HEXPIN_JSON"))
    .action((opts: SimulateEpochOptions) => {
      const previous = opts.previousState ? decodePocState(readFileSync(opts.previousState)) : null;
      const epoch = previous ? previous.epoch + 1 : opts.epoch;
      const config = defaultPocConfig("US915", opts.profile);
      const sim = simulateWorld({ seed: opts.seed, hotspots: opts.hotspots, city: opts.city, beaconsPerHotspot: opts.beacons, sign: true, config }).epoch(epoch - 1, modelOf(previous));
      const reports: ReceivedReportBytes[] = [];
      const expectedBeacons = sim.registry.length * opts.beacons;
      const simBar = progressBar("simulate + sign");
      simBar.start(expectedBeacons, 0);
      let beacons = 0;
      for (const r of sim.reports()) {
        reports.push({ bytes: r.bytes, receivedAtMs: r.receivedAtMs });
        if (r.label.kind === "beacon" && ++beacons % 100 === 0) simBar.update(Math.min(beacons, expectedBeacons));
      }
      simBar.update(expectedBeacons);
      simBar.stop();

      const inputs: EpochInputs = {
        epoch,
        window: sim.window,
        emission: opts.emission,
        config: epochConfig({ rules: sim.config }),
        hotspots: sim.registry,
        entropy: sim.entropy,
        reports,
        previousCumulative: new Map(),
        previousStateDigest: previous ? pocStateDigest(previous) : null,
      };
      const bytes = encodeBundle(inputs);
      writeFileSync(opts.out, bytes);

      const verifyBar = progressBar("verify");
      verifyBar.start(reports.length, 0);
      const result = computeEpoch(inputs, {
        previousState: previous,
        coverageMap: false,
        onProgress: (stage, done) => {
          if (stage === "verify") verifyBar.update(done);
        },
      });
      verifyBar.update(reports.length);
      verifyBar.stop();
      if (opts.stateOut && result.nextState) writeFileSync(opts.stateOut, encodePocState(result.nextState));

      const simulation = { seed: opts.seed, hotspots: sim.registry.length, city: opts.city, beaconsPerHotspot: opts.beacons, profile: opts.profile };
      if (opts.json) {
        console.log(JSON.stringify({ out: opts.out, bundleBytes: bytes.length, reports: reports.length, simulation, ...epochSummary(result) }, null, 2));
      } else {
        console.log(`wrote ${opts.out}: ${simulation.hotspots} hotspots in ${opts.city}, ${reports.length} signed reports, ${bytes.length} bytes`);
        console.log(`epoch ${result.epoch}: root ${result.merkleRoot ?? "(none)"}, input digest ${result.inputDigest}`);
        console.log(`paid ${result.paid}, unallocated ${result.unallocated}, ${result.perEpochRewards.size} hotspots rewarded, ${result.outcome.beacons.length} valid beacons`);
      }
    });
}
