// `npm run demo`: the whole hexpin network on one machine (oracle/src/demo/network-in-a-box.ts):
// a Surfpool chain with the program deployed over RPC, a leader oracle and two followers,
// a simulated city's fleet onboarded by a maker and reporting over HTTP in accelerated
// time, and per epoch: emission minted, 2-of-3 roots activated on-chain, every rewarded
// owner claiming through the `hexpin` CLI, balances checked to the base unit.
import { Command, InvalidArgumentError, Option } from "commander";
import { DEMO_CITIES } from "../oracle/src/demo/simulated-fleet";
import { NetworkInABox, type EpochReport } from "../oracle/src/demo/network-in-a-box";

const intIn = (min: number, max: number, what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${what} must be an integer in [${min}, ${max}]`);
  return n;
};

const opts = new Command()
  .name("npm run demo --")
  .description("Run the whole hexpin network on a real local chain: Surfpool, a leader and two follower oracles, a simulated fleet, claims through the CLI")
  .addOption(new Option("-n, --hotspots <n>", "fleet size").env("HEXPIN_DEMO_HOTSPOTS").default(80).argParser(intIn(10, 2000, "--hotspots")))
  .addOption(new Option("-e, --epochs <n>", "epochs to play").env("HEXPIN_DEMO_EPOCHS").default(3).argParser(intIn(1, 30, "--epochs")))
  .addOption(new Option("--seed <s>", "fleet seed").env("HEXPIN_DEMO_SEED").default("hexpin-demo"))
  .addOption(new Option("--city <name>", "simulated city").env("HEXPIN_DEMO_CITY").choices([...DEMO_CITIES]).default("san-francisco"))
  .addOption(new Option("--keep", "leave the chain and oracles running at the end and print their URLs (Ctrl-C stops them)").env("HEXPIN_DEMO_KEEP"))
  .addOption(new Option("--json", "print the per-epoch reports as JSON on stdout (progress goes to stderr)").env("HEXPIN_JSON"))
  .parse()
  .opts<{ hotspots: number; epochs: number; seed: string; city: string; keep?: boolean; json?: boolean }>();

const out = (s: string) => (opts.json ? process.stderr.write(s + "\n") : console.log(s));
const tokens = (base: bigint) => {
  const whole = base / 1_000_000n;
  const frac = (base % 1_000_000n).toString().padStart(6, "0");
  return `${whole.toLocaleString("en-US")}.${frac}`;
};

function printEpoch(r: EpochReport): void {
  out(`\n══ Epoch ${r.epoch} ══  (${r.seconds} s)  root ${r.merkleRoot?.slice(0, 16)}…  bundle ${r.inputDigest.slice(0, 16)}…`);
  out(`emitted ${tokens(r.emission)} = paid ${tokens(r.paid)} + unallocated ${tokens(r.unallocated)} tokens`);
  out(`reports: ${r.reportsStored}/${r.reportsPosted} stored by the leader in ${r.postRequests} POSTs` + (r.reportsDuplicate ? `, ${r.reportsDuplicate} duplicates` : "") + (Object.keys(r.intakeRefusals).length ? `; refused at intake: ${JSON.stringify(r.intakeRefusals)}` : ""));
  out(`votes: ${r.votes.map((v) => `${v.role} ${v.outcome}${v.computeUnits ? ` (${v.computeUnits} CU)` : ""}`).join("; ")}`);
  out("Rejected reports by reason (the epoch function)");
  console.table(r.rejections);
  out("Rewards this epoch by behaviour (tokens)");
  console.table(Object.fromEntries(r.rewardsByBehaviour.map((b) => [b.behaviour, { hotspots: b.hotspots, rewarded: b.rewarded, tokens: tokens(b.amount), "per hotspot": b.hotspots ? tokens(b.amount / BigInt(b.hotspots)) : "-" }])));
  out("Owner balances after claiming (checked: balance = the oracle's cumulative allocation)");
  console.table(Object.fromEntries(r.balances.map((b) => {
    const c = r.claims.find((x) => x.owner === b.owner);
    return [b.owner, { behaviour: b.behaviour, hotspots: b.hotspots, "claims paid": c ? `${c.paid} in ${c.transactions} tx (${c.runner})` : "-", balance: tokens(b.balance) }];
  })));
  out("Compute units (whole transactions; claims per claim)");
  console.table(r.computeUnits);
  out(`chain: emitted ${tokens(r.chain.totalEmitted)}, claimed ${tokens(r.chain.totalClaimed)}, vault ${tokens(r.chain.vault)} tokens`);
}

let box: NetworkInABox | null = null;
let stopping: Promise<void> | null = null;

/** Stops the oracles and the chain once (Ctrl-C, the end of a run, a failure), then exits. */
function stop(code: number): Promise<void> {
  stopping ??= (async () => {
    out("stopping the oracles and the chain…");
    await box?.stop();
    process.exit(code);
  })();
  return stopping;
}

async function main(): Promise<void> {
  process.on("SIGINT", () => void stop(130));
  process.on("SIGTERM", () => void stop(143));

  out(`hexpin network in a box: ${opts.hotspots} hotspots in ${opts.city}, ${opts.epochs} epochs, seed "${opts.seed}"`);
  box = NetworkInABox.create({ hotspots: opts.hotspots, seed: opts.seed, city: opts.city, progress: out });
  await box.boot();
  const reports: EpochReport[] = [];
  for (let e = 0; e < opts.epochs; e++) {
    const r = await box.runEpoch();
    reports.push(r);
    if (!opts.json) printEpoch(r);
  }
  if (opts.json) console.log(JSON.stringify(reports, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2));
  out(`\ndone in ${((Date.now() - box.t0) / 1000).toFixed(1)} s: ${opts.epochs} epochs, every balance equal to the oracle's allocation to the base unit`);
  if (opts.keep) {
    const u = box.urls;
    out(`\nStill running (Ctrl-C stops everything):`);
    out(`  chain RPC      ${u.rpc}   (websocket ${u.websocket})`);
    out(`  leader oracle  ${u.leader}`);
    u.followers.forEach((f, i) => out(`  follower ${i + 1}     ${f}`));
    out(`  coverage map   ${u.map}`);
    out(`  e.g.           npx hexpin network show -u ${u.rpc} --network ${box.network.toBase58()}`);
    return;
  }
  await stop(0);
}

main().catch(async (e) => {
  if (stopping) return stopping; // interrupted: whatever was in flight failed because everything is stopping
  console.error(`demo failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  await stop(1);
});
