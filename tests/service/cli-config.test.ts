// `hexpin-oracle serve|follow` configuration: each misconfiguration is one
// sentence naming the flag and its environment variable.

import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keypair } from "@solana/web3.js";
import { oracleCli } from "../../oracle/src/cli/main";
import { ConfigError, readSchedule, resolveService, ServiceFlags } from "../../oracle/src/cli/service-options";
import { freePort } from "./helpers/postgres-server";

describe("oracle service configuration", () => {
  let dir: string;
  let flags: ServiceFlags;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "hexpin-cli-"));
    writeFileSync(join(dir, "oracle.json"), JSON.stringify(Array.from(Keypair.generate().secretKey)));
    writeFileSync(join(dir, "not-a-dir"), "x");
    writeFileSync(join(dir, "bad-rules.json"), "{ nope");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    flags = { url: "localnet", keypair: join(dir, "oracle.json"), programId: Keypair.generate().publicKey.toBase58(), network: Keypair.generate().publicKey.toBase58(), dataDir: join(dir, "data"), host: "127.0.0.1", port: 0, logLevel: "info", clock: "system" };
  });

  const refuses = (f: Partial<ServiceFlags>, pattern: RegExp) => assert.throws(() => resolveService({ ...flags, ...f }), (e: unknown) => e instanceof ConfigError && pattern.test(e.message));

  it("accepts a complete configuration and resolves cluster monikers", () => {
    const r = resolveService(flags);
    assert.equal(r.rpcUrl, "http://127.0.0.1:8899");
    assert.equal(resolveService({ ...flags, url: "devnet" }).rpcUrl, "https://api.devnet.solana.com");
  });
  it("names a missing keypair file and how to fix it", () => refuses({ keypair: join(dir, "missing.json") }, /does not exist: create one .* -k\/--keypair \(HEXPIN_KEYPAIR\)/));
  it("refuses a keypair file that is not a Solana keypair", () => refuses({ keypair: join(dir, "not-a-dir") }, /is not a Solana keypair file/));
  it("requires the network", () => refuses({ network: undefined }, /--network <address> \(HEXPIN_NETWORK\)/));
  it("refuses a network that is not an address", () => refuses({ network: "0xdeadbeef" }, /--network \(HEXPIN_NETWORK\) is not a base58 address/));
  it("refuses an unknown cluster name", () => refuses({ url: "moonnet" }, /-u\/--url \(HEXPIN_URL\)/));
  it("refuses a data dir that is a file", () => refuses({ dataDir: join(dir, "not-a-dir") }, /--data-dir \(HEXPIN_DATA_DIR\) .* is not a directory/));
  it("refuses a DATABASE_URL that is not PostgreSQL", () => refuses({ databaseUrl: "mysql://x" }, /DATABASE_URL/));
  it("refuses unreadable rules", () => refuses({ rules: join(dir, "bad-rules.json") }, /--rules \(HEXPIN_RULES\)/));
  it("selects the helium rule profile with --profile, and refuses one that contradicts --rules", () => {
    const poc = (f: Partial<ServiceFlags>) => (resolveService({ ...flags, ...f }).epochConfig.poc as { rules?: { profile: string } }).rules;
    assert.equal(poc({}), undefined, "no flag: the verifier's own default (hexpin)");
    assert.equal(poc({ profile: "helium" })!.profile, "helium");
    writeFileSync(join(dir, "hexpin-rules.json"), JSON.stringify({ rules: { profile: "hexpin" } }));
    refuses({ profile: "helium", rules: join(dir, "hexpin-rules.json") }, /--profile \(HEXPIN_PROFILE\) helium contradicts the rules in --rules \(HEXPIN_RULES\)/);
    refuses({ profile: "helium-ish" }, /--profile \(HEXPIN_PROFILE\) must be hexpin or helium/);
  });
  it("says when the cluster is unreachable", async () => {
    const port = await freePort();
    await assert.rejects(readSchedule(resolveService({ ...flags, url: `http://127.0.0.1:${port}` })), (e: unknown) => e instanceof ConfigError && /unreachable/.test(e.message));
  });
  it("reads every flag from the environment too", () => {
    const serve = oracleCli().commands.find((c) => c.name() === "serve")!;
    const envs = serve.options.map((o) => o.envVar).filter(Boolean);
    for (const v of ["HEXPIN_URL", "HEXPIN_KEYPAIR", "HEXPIN_NETWORK", "HEXPIN_DATA_DIR", "DATABASE_URL", "HEXPIN_PORT", "HEXPIN_DRY_RUN", "HEXPIN_RATE_BURST"]) assert.ok(envs.includes(v), `serve lacks ${v}`);
    assert.equal(serve.options.filter((o) => !o.envVar && o.long !== "--help").length, 0, "every serve flag has an environment variable");
  });
});
