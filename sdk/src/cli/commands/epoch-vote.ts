// `hexpin epoch vote [epoch] (--bundle <path|url> | --root <hex> --digest <hex> --total <base units>)`:
// an oracle operator (the wallet) votes an epoch's reward root. With --bundle the epoch is
// recomputed here from its canonical bundle (the oracle library, every signature checked)
// and the vote is what this machine computed; the bundle must be the chain's epoch (same
// number, same minted emission). At the network's quorum of identical votes the root activates.
import { Command, InvalidArgumentError, Option } from "commander";
import { InvalidInputError } from "../../client";
import { BundleProofSource } from "../../client/proof-sources";
import { action, context, parseBaseUnits, reportTx, withCommonOptions, type TxOptions } from "../options";
import { openProofSource, type ProofSourceOptions } from "../rewards-source";

type Opts = TxOptions & Omit<ProofSourceOptions, "oracle"> & { root?: Buffer; digest?: Buffer; total?: bigint };

function parseHash(v: string): Buffer {
  const t = v.trim().replace(/^0x/, "");
  if (!/^[0-9a-fA-F]{64}$/.test(t)) throw new InvalidArgumentError("expected 32 bytes of hex");
  return Buffer.from(t, "hex");
}

export function epochVoteCommand(): Command {
  return withCommonOptions(
    new Command("vote")
      .description("vote an epoch's reward root as an oracle, from a bundle recomputed here or explicit values")
      .argument("[epoch]", "the closed epoch (default: the bundle's, else the latest closed one)", (v) => {
        if (!/^[0-9]+$/.test(v)) throw new InvalidArgumentError("expected an epoch number");
        return BigInt(v);
      }),
    { tx: true },
  )
    .addOption(new Option("--bundle <path|url>", "the epoch's canonical bundle, recomputed here").env("HEXPIN_BUNDLE").conflicts(["root", "digest", "total"]))
    .addOption(new Option("--previous-state <path>", "with --bundle: the previous epoch's state file the bundle names").env("HEXPIN_PREVIOUS_STATE"))
    .addOption(new Option("--root <hex>", "the Merkle root (with --digest and --total)").env("HEXPIN_ROOT").argParser(parseHash))
    .addOption(new Option("--digest <hex>", "sha256 of the epoch's canonical input bundle").env("HEXPIN_DIGEST").argParser(parseHash))
    .addOption(new Option("--total <base-units>", "total cumulative amount the root commits").env("HEXPIN_TOTAL").argParser(parseBaseUnits))
    .action(
      action(async (n: bigint | undefined, o: Opts) => {
        const explicit = [o.root, o.digest, o.total].filter((v) => v !== undefined).length;
        if (!o.bundle && explicit !== 3) throw new InvalidInputError("Give --bundle <path|url>, or all of --root, --digest and --total.");
        const ctx = context(o);
        const net = await ctx.client.network(ctx.network);
        let vote: { epoch: bigint; merkleRoot: Buffer; inputDigest: Buffer; totalCumulative: bigint };
        if (o.bundle) {
          // Recomputing a big bundle takes minutes: say first if this wallet cannot vote at all.
          if (!net.oracles.some((k) => k.equals(ctx.wallet.publicKey))) {
            throw new InvalidInputError(`The wallet ${ctx.wallet.publicKey.toBase58()} is not one of the network's ${net.oracles.length} oracles: vote with an oracle's keypair (-k); \`hexpin network show\` lists them.`);
          }
          const source = (await openProofSource({ bundle: o.bundle, previousState: o.previousState })) as BundleProofSource;
          const c = source.commitment;
          if (n !== undefined && n !== c.epoch) throw new InvalidInputError(`The bundle ${o.bundle} is epoch ${c.epoch}'s, not epoch ${n}'s.`);
          if (!c.merkleRoot) throw new InvalidInputError(`The bundle ${o.bundle} pays no hotspot life at all, so epoch ${c.epoch} has no root to vote.`);
          const account = await ctx.client.epoch(ctx.network, c.epoch);
          if (account.emission !== c.emission) {
            throw new InvalidInputError(`The bundle distributes ${c.emission} base units but the chain's epoch ${c.epoch} minted ${account.emission}: it is not this network's epoch ${c.epoch} (check --network).`);
          }
          vote = { epoch: c.epoch, merkleRoot: c.merkleRoot, inputDigest: c.inputDigest, totalCumulative: c.totalCumulative };
        } else {
          const epoch = n ?? (net.currentEpoch > 0n ? net.currentEpoch - 1n : undefined);
          if (epoch === undefined) throw new InvalidInputError(`No epoch of network ${ctx.network.toBase58()} has closed yet: there is nothing to vote on.`);
          await ctx.client.epoch(ctx.network, epoch);
          vote = { epoch, merkleRoot: o.root!, inputDigest: o.digest!, totalCumulative: o.total! };
        }
        const out = await ctx.client.postEpochRoot({ network: ctx.network, ...vote }, ctx.exec);
        const voted = out.dryRun ? undefined : out.events.find((e) => e.name === "EpochRootVoted")?.data;
        const activated = out.dryRun ? null : out.events.some((e) => e.name === "EpochRootActivated");
        const votes = voted ? Number(voted.votes) : null;
        const what = activated ? `voted epoch ${vote.epoch}'s root, which activated at quorum` : `voted epoch ${vote.epoch}'s root (${votes ?? "?"} of ${net.oracleQuorum} votes)`;
        reportTx(ctx, what, out, {
          network: ctx.network,
          epoch: vote.epoch,
          oracle: ctx.wallet.publicKey,
          source: o.bundle ? "bundle" : "explicit",
          merkleRoot: vote.merkleRoot,
          inputDigest: vote.inputDigest,
          totalCumulative: vote.totalCumulative,
          votes,
          quorum: net.oracleQuorum,
          activated,
        });
      }),
    );
}
