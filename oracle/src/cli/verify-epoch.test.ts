import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, Server } from "node:http";
import { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keypair, PublicKey } from "@solana/web3.js";
import { epochPda, HEXPIN_PROGRAM_ID } from "@hexpin/sdk";

// verify-epoch as a third party runs it: its own process, the bundle over HTTP, the
// posted root and digest from a JSON-RPC endpoint (a local stand-in serving one Epoch
// account, laid out field by field from docs/program-interface.md).
const BIN = join(__dirname, "../../bin/hexpin-oracle");
const FIXTURES = join(__dirname, "../../../tests/fixtures");
const golden = readFileSync(join(FIXTURES, "golden-epoch.bundle"));
const expected = JSON.parse(readFileSync(join(FIXTURES, "golden-epoch.expected.json"), "utf8"));

function oracle(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, HEXPIN_QUIET: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

interface EpochFields {
  network: PublicKey;
  epoch: bigint;
  rootActive: boolean;
  root: string;
  digest: string;
}

/** The Epoch account's bytes, written in field order (Anchor discriminator, then Borsh). */
function epochAccount(f: EpochFields): Buffer {
  const parts: Buffer[] = [createHash("sha256").update("account:Epoch").digest().subarray(0, 8)];
  const u = (n: number, bytes: number) => {
    const b = Buffer.alloc(bytes);
    b.writeUIntLE(n, 0, Math.min(bytes, 6));
    parts.push(b);
  };
  const u64 = (n: bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(n);
    parts.push(b);
  };
  u(1, 1); // version
  u(255, 1); // bump
  parts.push(f.network.toBuffer());
  u64(f.epoch);
  for (let i = 0; i < 6; i++) u64(BigInt(1_700_000_000 + i)); // start_ts, end_ts, emission, emitted_through, advanced_at… (5) + vote_config_version below
  parts.pop(); // five u64 fields: start_ts, end_ts, emission, emitted_through, advanced_at
  u(1, 4); // vote_config_version
  u(1, 1); // voted_mask
  u(1, 1); // proposal_count
  for (let i = 0; i < 8; i++) parts.push(Buffer.alloc(32 + 32 + 8 + 1 + 1, i === 0 ? 9 : 0)); // proposals
  u(f.rootActive ? 1 : 0, 1);
  parts.push(Buffer.from(f.root, "hex"), Buffer.from(f.digest, "hex"));
  u64(1234567890123n); // total_cumulative
  u64(1_700_000_100n); // activated_at
  parts.push(Buffer.alloc(32)); // reserved
  return Buffer.concat(parts);
}

describe("hexpin-oracle verify-epoch (bundle over HTTP, root and digest from the chain)", function () {
  this.timeout(180_000);
  let dir: string;
  let server: Server;
  let base: string;
  const network = Keypair.generate().publicKey;
  const accounts = new Map<string, { data: Buffer; owner: PublicKey }>();
  const setEpoch = (epoch: number, fields: Partial<EpochFields>, owner = HEXPIN_PROGRAM_ID) => {
    const [address] = epochPda(network, epoch);
    accounts.set(address.toBase58(), { data: epochAccount({ network, epoch: BigInt(epoch), rootActive: true, root: expected.merkleRoot, digest: expected.inputDigest, ...fields }), owner });
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "hexpin-verify-cli-"));
    writeFileSync(join(dir, "golden.bundle"), golden);
    const flipped = Buffer.from(golden);
    flipped[golden.length - 10] ^= 1; // inside the last report's signature
    writeFileSync(join(dir, "flipped.bundle"), flipped);
    writeFileSync(join(dir, "truncated.bundle"), golden.subarray(0, golden.length - 100));
    server = createServer((req, res) => {
      if (req.method === "GET") {
        const file = join(dir, (req.url ?? "").replace(/^\/bundles\//, "").replace(/\?.*$/, ""));
        if (!req.url?.startsWith("/bundles/") || file.includes("..")) return void res.writeHead(404).end();
        const s = createReadStream(file);
        s.on("error", () => res.writeHead(404).end());
        s.on("open", () => s.pipe(res));
        return;
      }
      let body = "";
      req.on("data", (d: Buffer) => (body += d.toString()));
      req.on("end", () => {
        const call = JSON.parse(body) as { id: unknown; method: string; params: [string, unknown] };
        const acc = call.method === "getAccountInfo" ? accounts.get(call.params[0]) : undefined;
        const value = acc ? { data: [acc.data.toString("base64"), "base64"], executable: false, lamports: 5_000_000, owner: acc.owner.toBase58(), rentEpoch: 0, space: acc.data.length } : null;
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ jsonrpc: "2.0", id: call.id, result: { context: { slot: 42 }, value } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    setEpoch(7, {});
    setEpoch(8, { root: "11".repeat(32) });
    setEpoch(9, { rootActive: false, root: "00".repeat(32), digest: "00".repeat(32) });
    setEpoch(10, {}, Keypair.generate().publicKey);
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("verifies a bundle fetched over HTTP ({epoch} filled in) against the root and digest posted on chain: exit 0", async () => {
    const r = await oracle(["verify-epoch", `${base}/bundles/golden.bundle?epoch={epoch}`, "-u", base, "--network", network.toBase58(), "--epoch", "7", "--json"]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const v = JSON.parse(r.stdout);
    assert.equal(v.status, "verified");
    assert.equal(v.bundle.location, `${base}/bundles/golden.bundle?epoch=7`);
    assert.equal(v.merkleRoot, expected.merkleRoot);
    assert.equal(v.chain.merkleRoot, expected.merkleRoot);
    assert.equal(v.chain.inputDigest, expected.inputDigest);
    assert.equal(v.signatures.invalid, 0);
    assert.equal(v.signatures.checked, v.bundle.reports);
  });

  it("a root on chain that the bundle does not produce: mismatch, exit 1, with the reason", async () => {
    // epoch 8's account holds another root; --epoch 8 also makes the bundle (epoch 7) wrong
    const r = await oracle(["verify-epoch", join(dir, "golden.bundle"), "-u", base, "--network", network.toBase58(), "--epoch", "8", "--json"]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const v = JSON.parse(r.stdout);
    assert.equal(v.status, "mismatch");
    assert.ok(v.reasons.some((x: string) => /^root differs: recomputed [0-9a-f]{64}, expected 1{64}$/.test(x)), v.reasons.join("; "));
    assert.ok(v.reasons.includes("bundle is for epoch 7, not 8"), v.reasons.join("; "));
  });

  it("a digest given that the bundle does not hash to: mismatch, exit 1", async () => {
    const r = await oracle(["verify-epoch", join(dir, "golden.bundle"), "--digest", "ab".repeat(32)]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`digest differs: bundle hashes to ${expected.inputDigest}, expected ${"ab".repeat(32)}`));
  });

  it("an epoch without an active root, an account of another program, an unknown epoch: error, exit 2", async () => {
    for (const [epoch, why] of [
      ["9", /has no active root on chain yet/],
      ["10", /is owned by .*, not the hexpin program/],
      ["11", /has no account on/],
    ] as const) {
      const r = await oracle(["verify-epoch", join(dir, "golden.bundle"), "-u", base, "--network", network.toBase58(), "--epoch", epoch]);
      assert.equal(r.status, 2, `epoch ${epoch}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, why);
    }
    const partial = await oracle(["verify-epoch", join(dir, "golden.bundle"), "-u", base, "--epoch", "7"]);
    assert.equal(partial.status, 2);
    assert.match(partial.stdout, /needs -u\/--url, --network and --epoch together/);
  });

  it("a bundle URL that answers 404: error, exit 2", async () => {
    const r = await oracle(["verify-epoch", `${base}/bundles/missing.bundle`]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stdout, /HTTP 404/);
  });

  it("a truncated bundle: malformed at the byte offset where it ends, exit 3", async () => {
    const r = await oracle(["verify-epoch", `${base}/bundles/truncated.bundle`, "--json"]);
    assert.equal(r.status, 3, r.stdout + r.stderr);
    const v = JSON.parse(r.stdout);
    assert.equal(v.status, "malformed");
    assert.equal(v.byteOffset, golden.length - 100);
    assert.match(v.reasons[0], new RegExp(`malformed bundle at byte offset ${golden.length - 100}: truncated after \\d+ of \\d+ reports`));
  });

  it("a report whose signature was altered: named by index and offset, exit 4 (and 1 once the digest is compared)", async () => {
    const count = Number(golden.readBigUInt64LE(12 + golden.readUInt32LE(8)));
    const lastLen = golden.readUInt32LE(golden.length - 178 - 4) === 178 ? 178 : 200;
    const frame = golden.length - lastLen - 12;
    const r = await oracle(["verify-epoch", join(dir, "flipped.bundle"), "--json"]);
    assert.equal(r.status, 4, r.stdout + r.stderr);
    const v = JSON.parse(r.stdout);
    assert.equal(v.status, "invalid-signatures");
    assert.deepEqual(v.reasons, [`signature invalid at report ${count - 1} (byte offset ${frame})`]);
    assert.equal(v.reasonCounts.bad_signature, 1);
    const chained = await oracle(["verify-epoch", join(dir, "flipped.bundle"), "-u", base, "--network", network.toBase58(), "--epoch", "7", "--json"]);
    assert.equal(chained.status, 1);
    const c = JSON.parse(chained.stdout);
    assert.match(c.reasons[0], /^digest differs/);
    assert.ok(c.reasons.includes(`signature invalid at report ${count - 1} (byte offset ${frame})`));
  });
});
