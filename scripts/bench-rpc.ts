// `npm run bench:rpc`: figures for a real local chain. Cold start of `npm run localnet`'s
// machinery to "network ready" (engine, deploy over RPC, migration), then onboarding N
// hotspots (default 1,000) over JSON-RPC through HexpinClient: throughput, compute units,
// failures. Random ports; the chain stops at the end. HEXPIN_BENCH_ONBOARD=N,
// HEXPIN_BENCH_CONCURRENCY=C, HEXPIN_BENCH_SLOT_MS=ms.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Presets, SingleBar } from "cli-progress";
import { Keypair, PublicKey } from "@solana/web3.js";
import { latLngToCell } from "h3-js";
import { keypairFromSeed } from "../sdk/src";
import { HexpinClient, type OnboardRequest, type TxOutcome } from "../sdk/src/client";
import { startLocalnet } from "../sdk/src/localnet/localnet";

const N = Number(process.env.HEXPIN_BENCH_ONBOARD ?? 1000);
const CONCURRENCY = Number(process.env.HEXPIN_BENCH_CONCURRENCY ?? 32);
const SLOT_MS = Number(process.env.HEXPIN_BENCH_SLOT_MS ?? 400);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "hexpin-bench-"));
  const net = await startLocalnet({ rpcPort: 0, slotTimeMs: SLOT_MS, walletPath: join(dir, "id.json"), txLogPath: join(dir, "tx.log") });
  try {
    console.log(`cold start to network ready: ${(net.timings.ready / 1000).toFixed(2)} s (engine ${net.timings.engine} ms, deploy done at ${net.timings.deploy} ms with ${net.deploy?.transactions} transactions, migration done at ${net.timings.migrate} ms)`);
    const authority = new HexpinClient(net.connection(), net.wallet);
    const network = net.network!;
    const makerWallet = Keypair.generate();
    net.fund(makerWallet.publicKey, 1_000 * 1e9);
    const maker = new HexpinClient(net.connection(), makerWallet);
    const issuing = Keypair.generate();
    const { maker: makerAddress } = await maker.registerMaker(network, "Bench Radios", issuing);
    await authority.setMakerApproval(network, makerAddress, true);

    const requests: OnboardRequest[] = Array.from({ length: N }, (_, i) => {
      const device = keypairFromSeed(Keypair.generate().secretKey.subarray(0, 32));
      return {
        network,
        issuingKey: issuing,
        owner: Keypair.generate().publicKey,
        hardwareKey: new PublicKey(device.publicKey),
        consent: device,
        location: latLngToCell(37.7 + (i % 100) * 0.001, -122.45 + Math.floor(i / 100) * 0.001, 12),
        gainDbi10: 12,
        elevationM: 5,
      };
    });
    const bar = new SingleBar({ format: "onboard [{bar}] {value}/{total} | {failed} failed | eta {eta_formatted}", stream: process.stderr, noTTYOutput: true, notTTYSchedule: 5_000 }, Presets.shades_classic);
    let failed = 0;
    bar.start(N, 0, { failed });
    const t0 = Date.now();
    const results = await maker.onboardHotspots(requests, { concurrency: CONCURRENCY, onProgress: (r) => bar.increment(1, { failed: r.ok ? failed : ++failed }) });
    const seconds = (Date.now() - t0) / 1000;
    bar.stop();
    const ok = results.filter((r) => r.ok).map((r) => r.value as TxOutcome);
    // Units each landed transaction consumed, from the chain's own transaction log.
    await new Promise((r) => setTimeout(r, 600));
    const landed = new Map<string, number>();
    for (const line of readFileSync(net.txLogPath!, "utf8").trim().split("\n")) {
      const t = JSON.parse(line) as { signature: string; computeUnits: number };
      landed.set(t.signature, t.computeUnits);
    }
    const cu = ok.map((o) => (o.dryRun ? 0 : (landed.get(o.signature) ?? NaN))).sort((a, b) => a - b);
    const attempts = ok.map((o) => (o.dryRun ? 0 : o.attempts));
    const errors = new Map<string, number>();
    for (const r of results.filter((x) => !x.ok)) errors.set(r.error!.message, (errors.get(r.error!.message) ?? 0) + 1);
    const count = (await maker.listHotspots({ network, maker: makerAddress })).length;
    console.log(`onboarded ${ok.length}/${N} hotspots over RPC in ${seconds.toFixed(1)} s: ${(ok.length / seconds).toFixed(1)} hotspots/s (concurrency ${CONCURRENCY}, ${SLOT_MS} ms slots)`);
    console.log(`compute units per landed onboarding transaction (chain's log): min ${cu[0]}, median ${cu[Math.floor(cu.length / 2)]}, max ${cu[cu.length - 1]}; limit set ${ok[0]?.computeUnitLimit}`);
    console.log(`failures: ${N - ok.length}${errors.size ? ` (${[...errors].map(([m, n]) => `${n}× ${m}`).join("; ")})` : ""}; re-signed after expiry: ${attempts.filter((a) => a > 1).length}; hotspots on chain for the maker: ${count}`);
  } finally {
    await net.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
