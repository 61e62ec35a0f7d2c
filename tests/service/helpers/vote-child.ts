// A process the chain fault test kills: it opens the oracle database at
// PGLITE_DIR, casts VOTE (JSON) for ORACLE_SECRET (JSON byte array) on NETWORK
// through RPC_URL with the chain RootPublisher, and SIGKILLs itself the moment
// the signed transaction has been broadcast (stored, sent, not yet confirmed).
// It prints "BROADCAST <signature>" just before dying.

import { Connection, Keypair, PublicKey } from "@solana/web3.js";
import { ChainRootPublisher } from "../../../oracle/src/publish/chain-root-publisher";
import { openDatabase } from "../../../oracle/src/store/database";
import { voteAttempts } from "../../../oracle/src/store/vote-attempts";
import { writeSync } from "node:fs";

async function main() {
  const env = process.env;
  const oracle = Keypair.fromSecretKey(Uint8Array.from(JSON.parse(env.ORACLE_SECRET!)));
  const v = JSON.parse(env.VOTE!) as { epoch: number; merkleRoot: string; inputDigest: string; totalCumulative: string };
  const database = await openDatabase({ pgliteDir: env.PGLITE_DIR! });
  const publisher = new ChainRootPublisher({
    connection: new Connection(env.RPC_URL!, "confirmed"),
    oracle,
    network: new PublicKey(env.NETWORK!),
    db: database.db,
    onStep: (step) => {
      if (step !== "vote:broadcast") return;
      void voteAttempts(database.db, oracle.publicKey.toBase58(), v.epoch).then((a) => {
        writeSync(1, `BROADCAST ${a[a.length - 1].signature}\n`);
        process.kill(process.pid, "SIGKILL");
      });
    },
  });
  await publisher.vote({ ...v, totalCumulative: BigInt(v.totalCumulative) });
  writeSync(1, "LANDED-BEFORE-KILL\n");
  process.exit(4);
}

main().catch((e) => {
  process.stderr.write(`vote child failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(3);
});
