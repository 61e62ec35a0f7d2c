// `npm run localnet`'s machinery on a real Surfpool chain: forwards, deploy and upgrade
// through the upgradeable loader over RPC, the migration, the transaction log.
import { strict as assert } from "node:assert";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Connection, PublicKey } from "@solana/web3.js";
import { decodeNetwork, networkPda, HEXPIN_PROGRAM_ID } from "../../sdk/src";
import { BPF_LOADER_UPGRADEABLE_ID, parseProgramData, programDataAddress } from "../../sdk/src/deploy/upgradeable-loader";
import { PortInUseError, startRpcForward } from "../../sdk/src/localnet/forward";
import { DEFAULT_PROGRAM_SO, startLocalnet } from "../../sdk/src/localnet/localnet";
import { createRpcNetwork, startTestChain, type TestChain } from "../helpers/localnet";

describe("localnet (Surfpool over real RPC)", function () {
  this.timeout(180_000);
  let chain: TestChain;
  const elf = readFileSync(DEFAULT_PROGRAM_SO);

  before(async () => {
    chain = await startTestChain();
  });
  after(async () => chain?.stop());

  it("deploys the program through the upgradeable loader with the wallet as upgrade authority", async () => {
    const c = chain.net.connection();
    assert.equal(chain.net.deploy?.action, "deployed");
    const program = await c.getAccountInfo(HEXPIN_PROGRAM_ID);
    assert.ok(program?.executable, "the program account is executable");
    assert.ok(program.owner.equals(BPF_LOADER_UPGRADEABLE_ID));
    const data = parseProgramData((await c.getAccountInfo(programDataAddress(HEXPIN_PROGRAM_ID)))!.data);
    assert.ok(data.authority?.equals(chain.net.wallet.publicKey), "upgrade authority = the wallet");
    assert.ok(data.elfArea.subarray(0, elf.length).equals(elf), "programdata holds the ELF");
    // buffer + ceil(ELF size / ~1 KB chunk) writes + deploy, like `solana program deploy`
    const writes = { min: Math.ceil(elf.length / 1_232), max: Math.ceil(elf.length / 900) };
    assert.ok(chain.net.deploy!.transactions >= writes.min + 2 && chain.net.deploy!.transactions <= writes.max + 4, `${chain.net.deploy!.transactions} transactions for ${elf.length} bytes`);
  });

  it("runs migrations/deploy.ts: the wallet's network exists with the wallet as authority", async () => {
    const [expected] = networkPda(chain.net.wallet.publicKey);
    assert.ok(chain.net.network?.equals(expected));
    const n = decodeNetwork((await chain.net.connection().getAccountInfo(expected))!.data);
    assert.ok(n.authority.equals(chain.net.wallet.publicKey));
  });

  it("creates the wallet file when missing and funds it", async () => {
    assert.equal(chain.net.walletCreated, true);
    const saved = JSON.parse(readFileSync(chain.net.walletPath, "utf8")) as number[];
    assert.deepEqual(Uint8Array.from(saved), chain.net.wallet.secretKey);
    assert.ok((await chain.net.connection().getBalance(chain.net.wallet.publicKey)) > 100e9);
  });

  it("answers GET /health and normalises getEpochInfo for web3.js", async () => {
    const res = await fetch(`${chain.net.rpcUrl}/health`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "ok");
    const info = await new Connection(chain.net.rpcUrl).getEpochInfo();
    assert.equal(typeof info.transactionCount, "number");
  });

  it("logs every transaction to its log file as JSON lines", async () => {
    await createRpcNetwork(chain);
    await new Promise((r) => setTimeout(r, 600));
    const lines = readFileSync(chain.net.txLogPath!, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    assert.ok(lines.length >= chain.net.deploy!.transactions + 2, `${lines.length} lines`);
    for (const l of lines) assert.equal(typeof l.signature, "string");
    assert.ok(lines.some((l) => (l.logs as string[]).some((x) => x.includes(HEXPIN_PROGRAM_ID.toBase58()))));
  });

  it("sends nothing when the deployed binary is unchanged", async () => {
    const r = await chain.net.redeploy();
    assert.equal(r.action, "unchanged");
    assert.equal(r.transactions, 0);
  });

  it("upgrades in place when the binary changed, extending the program data to fit, and the program keeps working", async () => {
    const bigger = Buffer.concat([elf, Buffer.from("hexpin upgrade test ".repeat(50))]);
    const path = join(chain.dir, "hexpin-upgraded.so");
    writeFileSync(path, bigger);
    const r = await chain.net.redeploy(path);
    assert.equal(r.action, "upgraded");
    const c = chain.net.connection();
    const data = parseProgramData((await c.getAccountInfo(programDataAddress(HEXPIN_PROGRAM_ID)))!.data);
    assert.ok(data.elfArea.subarray(0, bigger.length).equals(bigger), "programdata holds the new binary");
    assert.ok(data.authority?.equals(chain.net.wallet.publicKey), "authority unchanged");
    await new Promise((r) => setTimeout(r, 300)); // the runtime loads an upgraded program from the next slot
    const { authority, network } = await createRpcNetwork(chain);
    assert.ok((await authority.network(network)).authority.equals(authority.wallet.publicKey));
    // and back to the original binary: an upgrade again
    assert.equal((await chain.net.redeploy()).action, "upgraded");
  });

  it("reports a port in use clearly instead of starting a second chain there", async () => {
    const port = Number(new URL(chain.net.rpcUrl).port);
    await assert.rejects(startLocalnet({ rpcPort: port, wsPort: 0, programSo: null, txLogPath: null, walletPath: join(chain.dir, "other.json") }), (e: unknown) => {
      assert.ok(e instanceof PortInUseError);
      assert.match((e as Error).message, new RegExp(`Port ${port} .* already in use`));
      return true;
    });
    // and the running chain is untouched
    assert.equal((await fetch(`${chain.net.rpcUrl}/health`)).status, 200);
  });

  it("a forward in front of nothing answers 502/503, never hangs", async () => {
    const f = await startRpcForward({ target: "http://127.0.0.1:9", port: 0 });
    try {
      assert.equal((await fetch(`http://127.0.0.1:${f.port}/health`)).status, 503);
      const res = await fetch(`http://127.0.0.1:${f.port}`, { method: "POST", body: "{}" });
      assert.equal(res.status, 502);
    } finally {
      await f.close();
    }
  });
});
