import { strict as assert } from "node:assert";
import {
  ComputeBudgetProgram,
  Keypair,
  PublicKey,
  SystemProgram,
  SYSVAR_CLOCK_PUBKEY,
  TransactionInstruction,
} from "@solana/web3.js";
import { latLngToCell } from "h3-js";
import { ASSOCIATED_TOKEN_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import {
  coder,
  decodeHotspot,
  decodeMaker,
  decodeNetwork,
  HEXPIN_PROGRAM_ID,
  hotspotPda,
  onboardHotspotIxs,
  onboardingMessage,
  PAUSE,
  setPausedIx,
  type HardwareKeypair,
  type OnboardHotspotParams,
} from "../sdk/src";
import { createNetwork, newDevice, onboardParams, registerMaker, type MakerFixture, type NetworkFixture } from "./helpers/fixtures";
import { ed25519Data, ed25519Ix, signedBy } from "./helpers/ed25519";
import { asBigInt, asKey, theEvent } from "./helpers/events";
import { prefund, smallestPrefund } from "./helpers/prefund";
import { nonCanonicalPda, readOnly, replaceAccount, truncateAccounts, unsign, withData } from "./helpers/malformed";
import { assertUnchanged, baseFee, expectOk, expectRejected, snapshot, touchedKeys } from "./helpers/rejection";

const PAYER = 0;
const ISSUING_KEY = 1;
const NETWORK = 3;
const MAKER = 4;
const HOTSPOT = 5;
const FEE_RECIPIENT = 6;
const SYSVAR = 7;
const SYSTEM = 8;

const ONBOARD_FEE = 1_000_000n;
const LOCATION_FEE = 500_000n;

interface Attempt {
  net: NetworkFixture;
  mk: MakerFixture;
  payer: Keypair;
  device: HardwareKeypair;
  params: OnboardHotspotParams;
  /** The Ed25519 precompile instruction the SDK builds. */
  verify: TransactionInstruction;
  /** The onboard_hotspot instruction the SDK builds. */
  ix: TransactionInstruction;
  /** The exact message the program expects the device to have signed. */
  message: Buffer;
  hotspot: PublicKey;
  signers: Keypair[];
}

/** A well-formed onboarding, not yet sent, for the test to break in one place. */
function attempt(net: NetworkFixture, mk: MakerFixture, o: Partial<OnboardHotspotParams> & { device?: HardwareKeypair } = {}): Attempt {
  const payer = net.chain.fundedKeypair();
  const device = o.device ?? newDevice();
  const params = onboardParams(net, mk, payer, device, o);
  const [verify, ix] = onboardHotspotIxs(params);
  return {
    net,
    mk,
    payer,
    device,
    params,
    verify,
    ix,
    message: onboardingMessage(net.network, mk.maker, params.owner, params.hardwareKey, params),
    hotspot: hotspotPda(net.network, params.hardwareKey)[0],
    signers: [payer, mk.issuingKey],
  };
}

function setup(approved = true) {
  const net = createNetwork();
  return { net, mk: registerMaker(net, "Acme Radios", approved) };
}

function counts(net: NetworkFixture, mk: MakerFixture) {
  return { network: decodeNetwork(net.chain.accountData(net.network)!).hotspotCount, maker: decodeMaker(net.chain.accountData(mk.maker)!).hotspotCount };
}

/** Rejected with `errorName`, no hotspot created, nothing the transaction named changed. */
function rejects(a: Attempt, ixs: TransactionInstruction[], errorName: string, signers = a.signers) {
  expectRejected(a.net.chain, ixs, signers, errorName, [a.net.network, a.mk.maker, a.hotspot, a.net.feeRecipient]);
  assert.equal(a.net.chain.accountData(a.hotspot), null, "hotspot must not exist");
}

describe("onboard_hotspot", () => {
  describe("maker consent", () => {
    it("rejects an onboarding by a maker that was never approved (MakerNotApproved)", () => {
      const { net, mk } = setup(false);
      const a = attempt(net, mk);
      rejects(a, [a.verify, a.ix], "MakerNotApproved");
    });

    it("rejects an onboarding whose issuing key did not sign (MissingSigner)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      rejects(a, [a.verify, unsign(a.ix, ISSUING_KEY)], "MissingSigner", [a.payer]);
    });

    it("rejects an onboarding signed by a key other than the maker's issuing key (IssuingKeyMismatch)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      const impostor = Keypair.generate();
      rejects(a, [a.verify, replaceAccount(a.ix, ISSUING_KEY, impostor.publicKey)], "IssuingKeyMismatch", [a.payer, impostor]);
    });

    it("rejects an onboarding signed by another approved maker's issuing key (IssuingKeyMismatch)", () => {
      const { net, mk } = setup();
      const other = registerMaker(net, "Other Radios", true);
      const a = attempt(net, mk);
      rejects(a, [a.verify, replaceAccount(a.ix, ISSUING_KEY, other.issuingKey.publicKey)], "IssuingKeyMismatch", [a.payer, other.issuingKey]);
    });

    it("rejects a maker approved on another network, even with its issuing key and the device's consent (NetworkMismatch)", () => {
      const { net, mk } = setup();
      const otherNet = createNetwork(net.chain);
      const foreign = registerMaker(otherNet, "Foreign Radios", true);
      const a = attempt(net, mk);
      // Everything consistent with `foreign` acting on `net`: only the maker's network differs.
      const consent = ed25519Ix(ed25519Data([signedBy(a.device, onboardingMessage(net.network, foreign.maker, a.params.owner, a.params.hardwareKey, a.params))]));
      const ix = replaceAccount(replaceAccount(a.ix, MAKER, foreign.maker), ISSUING_KEY, foreign.issuingKey.publicKey);
      rejects(a, [consent, ix], "NetworkMismatch", [a.payer, foreign.issuingKey]);
      assert.equal(decodeMaker(net.chain.accountData(foreign.maker)!).hotspotCount, 0n);
    });
  });

  describe("accounts", () => {
    it("rejects a payer that did not sign (MissingSigner)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      const feePayer = net.chain.fundedKeypair();
      rejects(a, [a.verify, unsign(a.ix, PAYER)], "MissingSigner", [feePayer, mk.issuingKey]);
    });

    it("rejects a read-only payer (AccountNotWritable)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      const feePayer = net.chain.fundedKeypair();
      rejects(a, [a.verify, readOnly(a.ix, PAYER)], "AccountNotWritable", [feePayer, a.payer, mk.issuingKey]);
    });

    for (const [name, index] of [["network", NETWORK], ["maker", MAKER], ["hotspot", HOTSPOT], ["fee recipient", FEE_RECIPIENT]] as const) {
      it(`rejects a read-only ${name} account (AccountNotWritable)`, () => {
        const { net, mk } = setup();
        const a = attempt(net, mk);
        rejects(a, [a.verify, readOnly(a.ix, index)], "AccountNotWritable");
      });
    }

    it("rejects a fee recipient other than the network's (WrongFeeRecipient)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      const thief = Keypair.generate().publicKey;
      rejects(a, [a.verify, replaceAccount(a.ix, FEE_RECIPIENT, thief)], "WrongFeeRecipient");
    });

    it("rejects a hotspot PDA derived for another hardware key (InvalidPda)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      const [other] = hotspotPda(net.network, Keypair.generate().publicKey);
      rejects(a, [a.verify, replaceAccount(a.ix, HOTSPOT, other)], "InvalidPda", [...a.signers]);
      assert.equal(net.chain.accountData(other), null);
    });

    it("rejects a hotspot PDA derived for another network (InvalidPda)", () => {
      const { net, mk } = setup();
      const otherNet = createNetwork(net.chain);
      const a = attempt(net, mk);
      const [other] = hotspotPda(otherNet.network, a.params.hardwareKey);
      rejects(a, [a.verify, replaceAccount(a.ix, HOTSPOT, other)], "InvalidPda");
      assert.equal(net.chain.accountData(other), null);
    });

    it("rejects an instructions sysvar replaced by another sysvar (WrongSysvar)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      rejects(a, [a.verify, replaceAccount(a.ix, SYSVAR, SYSVAR_CLOCK_PUBKEY)], "WrongSysvar");
    });

    it("rejects an instructions sysvar replaced by an ordinary account (WrongSysvar)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      rejects(a, [a.verify, replaceAccount(a.ix, SYSVAR, net.chain.fundedKeypair().publicKey)], "WrongSysvar");
    });

    it("rejects a system program that is not the System Program (WrongProgram)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      rejects(a, [a.verify, replaceAccount(a.ix, SYSTEM, ComputeBudgetProgram.programId)], "WrongProgram");
    });

    it("rejects an instruction with too few accounts (NotEnoughAccounts)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      rejects(a, [a.verify, truncateAccounts(a.ix, 8)], "NotEnoughAccounts");
    });

    it("rejects a Maker passed as the network (AccountDiscriminatorMismatch)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      rejects(a, [a.verify, replaceAccount(a.ix, NETWORK, mk.maker)], "AccountDiscriminatorMismatch");
    });

    it("rejects a maker account holding a real maker's bytes but owned by another program (WrongAccountOwner)", () => {
      const { net, mk } = setup();
      const forged = Keypair.generate().publicKey;
      net.chain.setAccount(forged, { ...net.chain.account(mk.maker)!, owner: SystemProgram.programId });
      const a = attempt(net, mk);
      rejects(a, [a.verify, replaceAccount(a.ix, MAKER, forged)], "WrongAccountOwner");
    });
  });

  describe("one hotspot per hardware key", () => {
    it("rejects onboarding the same hardware key twice (HotspotAlreadyOnboarded)", () => {
      const { net, mk } = setup();
      const first = attempt(net, mk);
      expectOk(net.chain, [first.verify, first.ix], first.signers);
      const h = net.chain.accountData(first.hotspot);
      const again = attempt(net, mk, { device: first.device });
      expectRejected(net.chain, [again.verify, again.ix], again.signers, "HotspotAlreadyOnboarded");
      assert.deepEqual(net.chain.accountData(first.hotspot), h);
      assert.deepEqual(counts(net, mk), { network: 1n, maker: 1n });
    });

    it("rejects another approved maker re-onboarding an existing hotspot for a new owner (HotspotAlreadyOnboarded)", () => {
      const { net, mk } = setup();
      const other = registerMaker(net, "Other Radios", true);
      const first = attempt(net, mk);
      expectOk(net.chain, [first.verify, first.ix], first.signers);
      const again = attempt(net, other, { device: first.device });
      expectRejected(net.chain, [again.verify, again.ix], again.signers, "HotspotAlreadyOnboarded");
      assert.ok(decodeHotspot(net.chain.accountData(first.hotspot)!).owner.equals(first.params.owner));
    });

    it("onboards the same hardware key independently on another network", () => {
      const { net, mk } = setup();
      const otherNet = createNetwork(net.chain);
      const otherMaker = registerMaker(otherNet);
      const first = attempt(net, mk);
      expectOk(net.chain, [first.verify, first.ix], first.signers);
      const second = attempt(otherNet, otherMaker, { device: first.device });
      expectOk(net.chain, [second.verify, second.ix], second.signers);
      assert.ok(!first.hotspot.equals(second.hotspot));
    });

    it("onboards into a hotspot PDA someone pre-funded", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      prefund(net.chain, a.hotspot, smallestPrefund(net.chain));
      expectOk(net.chain, [a.verify, a.ix], a.signers);
      assert.ok(decodeHotspot(net.chain.accountData(a.hotspot)!).hardwareKey.equals(a.params.hardwareKey));
    });
  });

  describe("device consent (Ed25519 precompile)", () => {
    it("rejects an onboarding with no Ed25519 instruction (Ed25519InstructionMissing)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      rejects(a, [a.ix], "Ed25519InstructionMissing");
    });

    it("rejects an Ed25519 instruction placed after the onboarding (Ed25519InstructionMissing)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      rejects(a, [a.ix, a.verify], "Ed25519InstructionMissing");
    });

    it("rejects an Ed25519 instruction that is not immediately before: a transfer in between (Ed25519InstructionMissing)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      const transfer = SystemProgram.transfer({ fromPubkey: a.payer.publicKey, toPubkey: net.feeRecipient, lamports: 1 });
      rejects(a, [a.verify, transfer, a.ix], "Ed25519InstructionMissing");
    });

    it("rejects another program's instruction in the Ed25519 instruction's place (Ed25519InstructionMissing)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      rejects(a, [ComputeBudgetProgram.setComputeUnitLimit({ units: 400_000 }), a.ix], "Ed25519InstructionMissing");
    });

    it("accepts compute-budget instructions ahead of the Ed25519 instruction", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      const budget = [ComputeBudgetProgram.setComputeUnitLimit({ units: 300_000 }), ComputeBudgetProgram.setComputeUnitPrice({ microLamports: 1 })];
      expectOk(net.chain, [...budget, a.verify, a.ix], a.signers);
      assert.ok(decodeHotspot(net.chain.accountData(a.hotspot)!).hardwareKey.equals(a.params.hardwareKey));
    });

    it("rejects an Ed25519 instruction whose references point into another instruction, though its own bytes name the device (Ed25519InstructionInvalid)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      // The precompile checks a genuine signature by the attacker's key, found in
      // instruction 0; the instruction just before the onboarding carries the device's
      // key and the expected message at the same offsets, but an empty signature.
      const attacker = newDevice();
      const genuine = ed25519Ix(ed25519Data([signedBy(attacker, Buffer.alloc(a.message.length, 7))]));
      const claimed = ed25519Data([{ publicKey: a.device.publicKey, message: a.message, signature: new Uint8Array(64) }], 0);
      rejects(a, [genuine, ed25519Ix(claimed), a.ix], "Ed25519InstructionInvalid");
    });

    it("rejects an Ed25519 instruction verifying two signatures (Ed25519InstructionInvalid)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      const extra = newDevice();
      const two = ed25519Data([signedBy(a.device, a.message), signedBy(extra, Buffer.from("something else"))]);
      rejects(a, [ed25519Ix(two), a.ix], "Ed25519InstructionInvalid");
    });

    it("rejects an Ed25519 instruction with no signatures (Ed25519InstructionInvalid)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      rejects(a, [ed25519Ix(Buffer.from([0, 0])), a.ix], "Ed25519InstructionInvalid");
    });

    it("rejects a valid signature by another key presented for the device (Ed25519KeyMismatch)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      const other = newDevice();
      rejects(a, [ed25519Ix(ed25519Data([signedBy(other, a.message)])), a.ix], "Ed25519KeyMismatch");
    });

    it("rejects a device signature over the onboarding message for another owner (Ed25519MessageMismatch)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      const otherOwner = Keypair.generate().publicKey;
      const signed = signedBy(a.device, onboardingMessage(net.network, mk.maker, otherOwner, a.params.hardwareKey, a.params));
      rejects(a, [ed25519Ix(ed25519Data([signed])), a.ix], "Ed25519MessageMismatch");
    });

    it("rejects a device signature over the onboarding message for another maker (Ed25519MessageMismatch)", () => {
      const { net, mk } = setup();
      const other = registerMaker(net, "Other Radios", true);
      const a = attempt(net, mk);
      const signed = signedBy(a.device, onboardingMessage(net.network, other.maker, a.params.owner, a.params.hardwareKey, a.params));
      rejects(a, [ed25519Ix(ed25519Data([signed])), a.ix], "Ed25519MessageMismatch");
    });

    for (const [what, other] of [
      ["another location", { location: latLngToCell(40.7128, -74.006, 12) }],
      ["no location at all (0), presented with a location", { location: 0n }],
      ["another antenna gain", { gainDbi10: 150 }],
      ["another elevation", { elevationM: 9_000 }],
    ] as [string, Partial<OnboardHotspotParams>][]) {
      it(`rejects a device signature over ${what}: the device consents to its placement too (Ed25519MessageMismatch)`, () => {
        const { net, mk } = setup();
        const a = attempt(net, mk);
        const elsewhere = onboardingMessage(net.network, mk.maker, a.params.owner, a.params.hardwareKey, { ...a.params, ...other });
        assert.notDeepEqual(elsewhere, a.message);
        rejects(a, [ed25519Ix(ed25519Data([signedBy(a.device, elsewhere)])), a.ix], "Ed25519MessageMismatch");
      });
    }

    it("onboards a device-consented placement exactly as signed", () => {
      const { net, mk } = setup();
      const location = BigInt("0x" + latLngToCell(40.7128, -74.006, 12));
      const a = attempt(net, mk, { location, gainDbi10: 87, elevationM: 1_234 });
      expectOk(net.chain, [a.verify, a.ix], a.signers);
      const h = decodeHotspot(net.chain.accountData(a.hotspot)!);
      assert.deepEqual([h.location, h.gainDbi10, h.elevationM], [location, 87, 1_234]);
    });

    it("rejects a device signature over the message with another domain prefix (Ed25519MessageMismatch)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      const forOtherVersion = Buffer.from(a.message);
      forOtherVersion.write("v0", "hexpin:onboard_hotspot:".length);
      rejects(a, [ed25519Ix(ed25519Data([signedBy(a.device, forOtherVersion)])), a.ix], "Ed25519MessageMismatch");
    });

    it("rejects a device signature over the expected message plus one trailing byte (Ed25519MessageMismatch)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      const longer = Buffer.concat([a.message, Buffer.from([0])]);
      rejects(a, [ed25519Ix(ed25519Data([signedBy(a.device, longer)])), a.ix], "Ed25519MessageMismatch");
    });

    it("has the runtime reject a forged device signature before the program runs, leaving state unchanged", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      const forged = signedBy(a.device, a.message);
      forged.signature = Uint8Array.from(forged.signature);
      forged.signature[0] ^= 1;
      const ixs = [ed25519Ix(ed25519Data([forged])), a.ix];
      const before = snapshot(net.chain, touchedKeys(ixs, [a.hotspot]));
      const r = net.chain.send(ixs, a.signers);
      assert.equal(r.ok, false, "a forged signature must fail the transaction");
      assert.equal(r.error, undefined, "the precompile, not hexpin, rejects it");
      assert.ok(r.rawError, "the runtime reports why");
      assertUnchanged(net.chain, before, a.payer.publicKey, baseFee(ixs, a.signers));
      assert.equal(net.chain.accountData(a.hotspot), null);
    });
  });

  describe("arguments", () => {
    const res12 = BigInt("0x" + latLngToCell(37.7749, -122.4194, 12));
    const withField = (shift: bigint, width: bigint, value: bigint) => (res12 & ~(((1n << width) - 1n) << shift)) | (value << shift);
    const invalidLocations: [string, bigint][] = [
      ["a resolution-12 cell whose resolution field says 11", withField(52n, 4n, 11n)],
      ["a resolution-12 cell with base cell 122 (there are 122, numbered from 0)", withField(45n, 7n, 122n)],
      ["a resolution-12 cell in H3 mode 2 (a directed edge, not a cell)", withField(59n, 4n, 2n)],
      ["a resolution-12 cell with the reserved high bit set", withField(63n, 1n, 1n)],
      ["a resolution-12 cell with a digit 7 inside its resolution", withField(3n * (15n - 5n), 3n, 7n)],
      ["a resolution-9 cell", BigInt("0x" + latLngToCell(37.7749, -122.4194, 9))],
      ["a resolution-15 cell", BigInt("0x" + latLngToCell(37.7749, -122.4194, 15))],
      ["an arbitrary u64", 0x0123_4567_89ab_cdefn],
      ["all ones", 0xffff_ffff_ffff_ffffn],
    ];
    for (const [what, location] of invalidLocations) {
      it(`rejects ${what} as location (InvalidLocation)`, () => {
        const { net, mk } = setup();
        const a = attempt(net, mk, { location });
        rejects(a, [a.verify, a.ix], "InvalidLocation");
      });
    }

    for (const gainDbi10 of [151, -1, 32767]) {
      it(`rejects an antenna gain of ${gainDbi10} tenths of dBi (InvalidGain)`, () => {
        const { net, mk } = setup();
        const a = attempt(net, mk, { gainDbi10 });
        rejects(a, [a.verify, a.ix], "InvalidGain");
      });
    }

    for (const elevationM of [-501, 10_001]) {
      it(`rejects an elevation of ${elevationM} m (InvalidElevation)`, () => {
        const { net, mk } = setup();
        const a = attempt(net, mk, { elevationM });
        rejects(a, [a.verify, a.ix], "InvalidElevation");
      });
    }

    it("accepts the bounds: gain 0 and 150, elevation -500 and 10000", () => {
      const { net, mk } = setup();
      for (const [gainDbi10, elevationM] of [[0, -500], [150, 10_000]]) {
        const a = attempt(net, mk, { gainDbi10, elevationM });
        expectOk(net.chain, [a.verify, a.ix], a.signers);
        const h = decodeHotspot(net.chain.accountData(a.hotspot)!);
        assert.equal(h.gainDbi10, gainDbi10);
        assert.equal(h.elevationM, elevationM);
      }
    });

    it("rejects trailing bytes after the arguments (InvalidInstructionData)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      rejects(a, [a.verify, withData(a.ix, Buffer.concat([a.ix.data, Buffer.from([0])]))], "InvalidInstructionData");
    });
  });

  describe("owner", () => {
    it("rejects the zero key as owner, whose rewards nobody could ever claim into a wallet (InvalidNewOwner)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk, { owner: PublicKey.default });
      rejects(a, [a.verify, a.ix], "InvalidNewOwner");
    });
  });

  describe("fees", () => {
    /** A network whose fee recipient address holds nothing yet, charging `fee` per onboarding. */
    function unfundedRecipient(fee: bigint) {
      const recipient = Keypair.generate().publicKey;
      const net = { ...createNetwork(undefined, { feeRecipient: recipient, onboardFeeLamports: fee, locationFeeLamports: 0 }), feeRecipient: recipient };
      return { net, mk: registerMaker(net) };
    }

    it("rejects a fee that would leave a fee recipient that does not exist yet below its rent-exempt minimum (InvalidFeeRecipient), and onboards once anyone funds it", () => {
      const { net, mk } = unfundedRecipient(100_000n);
      assert.ok(100_000n < net.chain.rentExempt(0));
      const a = attempt(net, mk);
      rejects(a, [a.verify, a.ix], "InvalidFeeRecipient");
      assert.equal(net.chain.account(net.feeRecipient), null);
      net.chain.fund(net.feeRecipient, net.chain.rentExempt(0));
      expectOk(net.chain, [a.verify, a.ix], a.signers);
      assert.equal(net.chain.lamports(net.feeRecipient), net.chain.rentExempt(0) + 100_000n);
    });

    it("credits a fee recipient that does not exist yet when the fee alone covers its rent-exempt minimum", () => {
      const { net, mk } = unfundedRecipient(1_000_000n);
      assert.ok(1_000_000n >= net.chain.rentExempt(0));
      const a = attempt(net, mk);
      expectOk(net.chain, [a.verify, a.ix], a.signers);
      assert.equal(net.chain.lamports(net.feeRecipient), 1_000_000n);
    });

    it("fails, changing nothing, when the payer cannot pay the onboarding fee", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      const rent = net.chain.rentExempt(coder.accounts.size("Hotspot"));
      const poor = Keypair.generate();
      net.chain.fund(poor.publicKey, rent + ONBOARD_FEE / 2n);
      const feePayer = net.chain.fundedKeypair();
      const ix = replaceAccount(a.ix, PAYER, poor.publicKey);
      const before = snapshot(net.chain, touchedKeys([ix], [a.hotspot]));
      const signers = [feePayer, poor, mk.issuingKey];
      const r = net.chain.send([a.verify, ix], signers);
      assert.equal(r.ok, false, r.logs.join("\n"));
      assert.match(r.logs.join("\n"), /insufficient lamports/, "the fee transfer is what fails");
      assertUnchanged(net.chain, before, feePayer.publicKey, baseFee([a.verify, ix], signers));
      assert.equal(net.chain.lamports(poor.publicKey), rent + ONBOARD_FEE / 2n);
      assert.equal(net.chain.accountData(a.hotspot), null);
    });

    it("charges the onboarding fee plus the location fee for a located hotspot to the fee recipient, and the hotspot's rent to the payer", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      const feeBefore = net.chain.lamports(net.feeRecipient);
      const payerBefore = net.chain.lamports(a.payer.publicKey);
      expectOk(net.chain, [a.verify, a.ix], a.signers);
      const rent = net.chain.lamports(a.hotspot);
      assert.equal(net.chain.lamports(net.feeRecipient) - feeBefore, ONBOARD_FEE + LOCATION_FEE);
      assert.equal(payerBefore - net.chain.lamports(a.payer.publicKey), ONBOARD_FEE + LOCATION_FEE + rent + baseFee([a.verify, a.ix], a.signers));
    });

    it("charges only the onboarding fee for a hotspot onboarded without a location", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk, { location: 0n });
      const feeBefore = net.chain.lamports(net.feeRecipient);
      expectOk(net.chain, [a.verify, a.ix], a.signers);
      assert.equal(net.chain.lamports(net.feeRecipient) - feeBefore, ONBOARD_FEE);
    });
  });

  describe("serials, lives and counts", () => {
    it("hands out consecutive serials across makers from the network's count, one per life", () => {
      const { net, mk } = setup();
      const other = registerMaker(net, "Other Radios", true);
      const serials: bigint[] = [];
      for (const maker of [mk, other, mk]) {
        const a = attempt(net, maker);
        expectOk(net.chain, [a.verify, a.ix], a.signers);
        serials.push(decodeHotspot(net.chain.accountData(a.hotspot)!).serial);
      }
      assert.deepEqual(serials, [1n, 2n, 3n]);
      const n = decodeNetwork(net.chain.accountData(net.network)!);
      assert.deepEqual([n.hotspotCount, n.activeHotspotCount], [3n, 3n]);
    });

    it("stores the canonical bump of the owner's reward token account (not the payer's), so claims check it with one derivation", () => {
      const { net, mk } = setup();
      const bumpOf = (k: PublicKey) => PublicKey.findProgramAddressSync([k.toBuffer(), TOKEN_PROGRAM_ID.toBuffer(), net.mint.toBuffer()], ASSOCIATED_TOKEN_PROGRAM_ID)[1];
      const payer = net.chain.fundedKeypair();
      // An owner whose bump is neither 255 nor the payer's, so no other bump passes for it.
      let owner = Keypair.generate().publicKey;
      while (bumpOf(owner) === 255 || bumpOf(owner) === bumpOf(payer.publicKey)) owner = Keypair.generate().publicKey;
      const a = attempt(net, mk, { owner, payer: payer.publicKey });
      expectOk(net.chain, [a.verify, a.ix], [payer, mk.issuingKey]);
      assert.equal(decodeHotspot(net.chain.accountData(a.hotspot)!).ownerAtaBump, bumpOf(owner));
    });

    it("rejects a hotspot address derived with a non-canonical bump: one key, one hotspot (InvalidPda)", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk);
      const other = nonCanonicalPda([Buffer.from("hotspot"), net.network.toBuffer(), a.params.hardwareKey.toBuffer()], HEXPIN_PROGRAM_ID);
      rejects(a, [a.verify, replaceAccount(a.ix, HOTSPOT, other.address)], "InvalidPda");
      assert.equal(net.chain.accountData(other.address), null);
    });
  });

  describe("pause", () => {
    it("rejects onboarding while onboarding is paused (OnboardingPaused), leaving no trace, and onboards once resumed", () => {
      const { net, mk } = setup();
      const pause = (paused: number) => expectOk(net.chain, [setPausedIx({ authority: net.creator.publicKey, network: net.network, paused })], [net.creator]);
      pause(PAUSE.onboarding);
      const a = attempt(net, mk);
      rejects(a, [a.verify, a.ix], "OnboardingPaused");
      pause(0);
      expectOk(net.chain, [a.verify, a.ix], a.signers);
    });

    it("onboards while only claims are paused", () => {
      const { net, mk } = setup();
      expectOk(net.chain, [setPausedIx({ authority: net.creator.publicKey, network: net.network, paused: PAUSE.claims })], [net.creator]);
      const a = attempt(net, mk);
      expectOk(net.chain, [a.verify, a.ix], a.signers);
    });
  });

  describe("events", () => {
    it("emits HotspotOnboarded with every field of the onboarding", () => {
      const { net, mk } = setup();
      const a = attempt(net, mk, { gainDbi10: 42, elevationM: -17 });
      const r = expectOk(net.chain, [a.verify, a.ix], a.signers);
      const d = theEvent(r, "HotspotOnboarded");
      assert.ok(asKey(d.network).equals(net.network));
      assert.ok(asKey(d.maker).equals(mk.maker));
      assert.ok(asKey(d.hotspot).equals(a.hotspot));
      assert.ok(asKey(d.hardware_key).equals(a.params.hardwareKey));
      assert.ok(asKey(d.owner).equals(a.params.owner));
      assert.equal(asBigInt(d.location), decodeHotspot(net.chain.accountData(a.hotspot)!).location);
      assert.notEqual(asBigInt(d.location), 0n);
      assert.equal(d.gain_dbi10, 42);
      assert.equal(d.elevation_m, -17);
      assert.equal(asBigInt(d.fee_lamports), ONBOARD_FEE + LOCATION_FEE);
      assert.equal(asBigInt(d.serial), decodeHotspot(net.chain.accountData(a.hotspot)!).serial);
    });
  });
});
