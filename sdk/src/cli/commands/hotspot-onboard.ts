// `hexpin hotspot onboard`: a maker onboards one hotspot (device keypair file or hardware
// key + the device's consent signature), or many from a JSON file with a progress bar.
// The wallet pays; the maker's issuing key signs; the device's consent is checked locally,
// then on-chain by the Ed25519 precompile.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Command, Option } from "commander";
import { PublicKey, type Signer } from "@solana/web3.js";
import { InvalidInputError, readHardwareKeyFile, readKeypairFile, type OnboardRequest, type TxOutcome } from "../../client";
import { action, context, parseNonNegativeInt, parsePublicKey, progressBar, reportTx, describeError, txJson, withCommonOptions, type CommandContext, type TxOptions } from "../options";
import { printJson } from "../json";
import { parseElevation, parseGain, parseLocation } from "../location";

interface Opts extends TxOptions {
  issuingKeypair: string;
  deviceKeypair?: string;
  hardwareKey?: PublicKey;
  consent?: string;
  owner?: PublicKey;
  location?: string;
  gain?: string;
  elevation?: string;
  fromFile?: string;
  concurrency: number;
}

/** One entry of a `--from-file` batch (docs/cli.md). */
interface BatchEntry {
  hardwareKey?: string;
  consent?: string;
  deviceKeypair?: string;
  owner?: string;
  location?: string;
  gain?: number | string;
  elevation?: number | string;
}

// bs58 4.x ships no types; it is the codec @solana/web3.js uses.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const bs58: { decode(text: string): Uint8Array } = require("bs58");

function parseSignature(v: string): Uint8Array {
  const t = v.trim();
  let bytes: Uint8Array = new Uint8Array(0);
  try {
    bytes = /^[0-9a-fA-F]{128}$/.test(t) ? Buffer.from(t, "hex") : bs58.decode(t);
  } catch {
    /* reported below */
  }
  if (bytes.length !== 64) throw new InvalidInputError(`The consent "${v}" is not a 64-byte signature (base58 or hex).`);
  return bytes;
}

function request(e: BatchEntry, base: string, network: PublicKey, issuingKey: Signer, defaultOwner: PublicKey, where: string): OnboardRequest {
  try {
    const device = e.deviceKeypair ? readHardwareKeyFile(resolve(base, e.deviceKeypair)) : undefined;
    const hardwareKey = e.hardwareKey ? new PublicKey(e.hardwareKey) : device ? new PublicKey(device.publicKey) : undefined;
    if (!hardwareKey) throw new InvalidInputError("needs a hardware key or a device keypair");
    const consent = device ?? (e.consent ? parseSignature(e.consent) : undefined);
    if (!consent) throw new InvalidInputError("needs the device's consent signature or its keypair");
    return {
      network,
      issuingKey,
      owner: e.owner ? new PublicKey(e.owner) : defaultOwner,
      hardwareKey,
      consent,
      location: parseLocation(e.location),
      gainDbi10: parseGain(e.gain),
      elevationM: parseElevation(e.elevation),
    };
  } catch (err) {
    throw new InvalidInputError(`${where}: ${(err as Error).message.replace(/\.$/, "")}.`);
  }
}

function outcomeJson(r: OnboardRequest, out?: TxOutcome & { hotspot: PublicKey }, error?: unknown) {
  return {
    hardwareKey: r.hardwareKey,
    owner: r.owner,
    hotspot: out?.hotspot ?? null,
    ...(out ? txJson(out) : { dryRun: null, signature: null, slot: null, computeUnits: null, computeUnitLimit: null, feeLamports: null, priorityFeeMicroLamports: null }),
    error: error ? describeError(error) : null,
  };
}

async function onboardBatch(ctx: CommandContext, o: Opts, issuingKey: Signer): Promise<void> {
  const path = resolve(o.fromFile!);
  let entries: BatchEntry[];
  try {
    entries = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new InvalidInputError(`Cannot read the batch file ${path} (${(e as Error).message.split("\n")[0]}).`);
  }
  if (!Array.isArray(entries)) throw new InvalidInputError(`The batch file ${path} must hold a JSON array of hotspots.`);
  // Every entry is checked before the first transaction, so a typo sends nothing.
  const requests = entries.map((e, i) => request(e, dirname(path), ctx.network, issuingKey, o.owner ?? ctx.wallet.publicKey, `entry ${i} of ${path}`));
  await ctx.client.network(ctx.network);
  const bar = progressBar("onboard");
  let failed = 0;
  bar.start(requests.length, 0, { failed });
  const t0 = Date.now();
  const results = await ctx.client.onboardHotspots(requests, {
    ...ctx.exec,
    concurrency: o.concurrency,
    onProgress: (r) => {
      if (!r.ok) failed++;
      bar.increment(1, { failed });
    },
  });
  bar.stop();
  const seconds = (Date.now() - t0) / 1000;
  const ok = results.filter((r) => r.ok).length;
  if (o.json) {
    printJson({ network: ctx.network, onboarded: ok, failed: results.length - ok, seconds, results: results.map((r, i) => outcomeJson(requests[i], r.value, r.error)) });
  } else {
    console.log(`${o.dryRun ? "Simulated" : "Onboarded"} ${ok} of ${results.length} hotspots in ${seconds.toFixed(1)} s (${(ok / seconds).toFixed(1)}/s).`);
    for (const r of results.filter((x) => !x.ok)) {
      const d = describeError(r.error);
      console.log(`  ${requests[r.index].hardwareKey.toBase58()}: ${d.message}${d.hint ? ` ${d.hint}` : ""}`);
    }
  }
  if (ok < results.length) process.exitCode = 1;
}

export function hotspotOnboardCommand(): Command {
  return withCommonOptions(new Command("onboard").description("onboard a hotspot as a maker (or many with --from-file)"), { tx: true })
    .addOption(new Option("--issuing-keypair <path>", "the maker's issuing keypair file").env("HEXPIN_ISSUING_KEYPAIR").makeOptionMandatory())
    .addOption(new Option("--device-keypair <path>", "the device's hardware keypair file (signs its consent here)").env("HEXPIN_DEVICE_KEYPAIR"))
    .addOption(new Option("--hardware-key <address>", "the device's hardware key (with --consent)").env("HEXPIN_HARDWARE_KEY").argParser(parsePublicKey))
    .addOption(new Option("--consent <signature>", "the device's consent signature, base58 or hex").env("HEXPIN_CONSENT"))
    .addOption(new Option("--owner <address>", "the hotspot's owner (default: the wallet)").env("HEXPIN_OWNER").argParser(parsePublicKey))
    .addOption(new Option("--location <cell|lat,lng>", "H3 resolution-12 cell or latitude,longitude (default: unasserted)").env("HEXPIN_LOCATION"))
    .addOption(new Option("--gain <dBi>", "antenna gain, 0 to 15 dBi").env("HEXPIN_GAIN"))
    .addOption(new Option("--elevation <m>", "antenna elevation above ground, metres").env("HEXPIN_ELEVATION"))
    .addOption(new Option("--from-file <path>", "onboard every hotspot of a JSON array (docs/cli.md)").env("HEXPIN_ONBOARD_FILE"))
    .addOption(new Option("--concurrency <n>", "transactions in flight for --from-file").env("HEXPIN_CONCURRENCY").default(8).argParser(parseNonNegativeInt))
    .action(
      action(async (o: Opts) => {
        const ctx = context(o);
        const issuingKey = readKeypairFile(o.issuingKeypair, "issuing keypair");
        if (o.fromFile) return onboardBatch(ctx, o, issuingKey);
        const entry: BatchEntry = {
          hardwareKey: o.hardwareKey?.toBase58(),
          consent: o.consent,
          deviceKeypair: o.deviceKeypair,
          location: o.location,
          gain: o.gain,
          elevation: o.elevation,
        };
        const r = request(entry, process.cwd(), ctx.network, issuingKey, o.owner ?? ctx.wallet.publicKey, "hotspot");
        const out = await ctx.client.onboardHotspot(r, ctx.exec);
        reportTx(ctx, `onboarded hotspot ${r.hardwareKey.toBase58()}`, out, { hotspot: out.hotspot, hardwareKey: r.hardwareKey, owner: r.owner, network: ctx.network });
      }),
    );
}
