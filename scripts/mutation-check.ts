// Mutation check of the program's security checks: for each mutant below, a scratch copy
// of the program is built with that one check removed or loosened, and the suites that
// should notice run against the mutant binary (HEXPIN_PROGRAM_SO). A mutant is caught when
// at least one test fails. Nothing here touches the worktree's sources or its binary.
//
//   npx ts-node -T scripts/mutation-check.ts [--list] [mutant-id ...]
//
// HEXPIN_MUTATION_DIR (default $TMPDIR/hexpin-mutation) holds the scratch copy, its cargo
// target (so each mutant rebuilds incrementally, ~10 s) and the results. Exit status 1 if
// any mutant not marked equivalent survives, or an edit no longer matches the source.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

interface Edit {
  /** path under programs/hexpin/src. */
  file: string;
  find: string;
  replace: string;
}

interface Mutant {
  id: string;
  /** the check, in words. */
  check: string;
  edits: Edit[];
  /** test files (under tests/) expected to notice. */
  suites: string[];
  /** why no test can tell this mutant from the original: another check makes it redundant. */
  equivalent?: string;
}

const drop = (file: string, find: string, replace = ""): Edit => ({ file, find, replace });

/** `canonical_pda` also accepting the next few bumps below the canonical one, returning the bump found. */
const ANY_BUMP = `    if a.address() == &expected {
        return Ok(bump);
    }
    let n = seeds.len();
    let mut all: [&[u8]; 6] = [&[]; 6];
    for (slot, s) in all.iter_mut().zip(seeds.iter()) {
        *slot = s;
    }
    let mut b = bump;
    while b > 0 && bump - b < 8 {
        b -= 1;
        let one = [b];
        let mut with = all;
        if let Some(slot) = with.get_mut(n) {
            *slot = &one;
        }
        if create_program_address(with.get(..n + 1).unwrap_or(&[]), program_id).as_ref() == Some(a.address()) {
            return Ok(b);
        }
    }
    Err(HexpinError::InvalidPda.into())
`;

const POST = "instructions/oracle/post_epoch_root.rs";
const CLAIM = "instructions/claim/claim_rewards.rs";
const ASSERT = "instructions/operator/assert_location.rs";
const TRANSFER = "instructions/operator/transfer_hotspot.rs";
const DECOM = "instructions/operator/decommission_hotspot.rs";
const ORACLES = "instructions/admin/set_oracles.rs";
const PROPOSE = "instructions/admin/propose_authority.rs";
const ACCEPT = "instructions/admin/accept_authority.rs";
const UPDATE = "instructions/admin/update_network.rs";
const PAUSE = "instructions/admin/set_paused.rs";
const ONBOARD = "instructions/maker/onboard_hotspot.rs";
const ADVANCE = "instructions/crank/advance_epoch.rs";
const NETWORK = "state/network.rs";
const EPOCH = "state/epoch.rs";
const ACCOUNTS = "accounts.rs";
const STATE = "state/mod.rs";

const S = {
  post: ["post_epoch_root.test.ts"],
  claim: ["claim_rewards.test.ts"],
  assert: ["assert_location.test.ts"],
  transfer: ["transfer_hotspot.test.ts"],
  decom: ["decommission_hotspot.test.ts"],
  oracles: ["set_oracles.test.ts", "post_epoch_root.test.ts"],
  authority: ["authority.test.ts"],
  update: ["update_network.test.ts"],
  pause: ["set_paused.test.ts"],
  onboard: ["onboard_hotspot.test.ts"],
  advance: ["advance_epoch.test.ts"],
};

export const MUTANTS: Mutant[] = [
  // post_epoch_root
  { id: "post/signer", check: "the oracle signs", edits: [drop(POST, "    signer(oracle)?;\n")], suites: S.post },
  { id: "post/network-writable", check: "network writable", edits: [drop(POST, "    writable(network)?;\n")], suites: S.post },
  { id: "post/epoch-writable", check: "epoch writable", edits: [drop(POST, "    writable(epoch)?;\n")], suites: S.post },
  { id: "post/epoch-network", check: "the epoch belongs to the network", edits: [drop(POST, "if ep.network != network_key {", "if false {")], suites: S.post },
  { id: "post/epoch-number", check: "the epoch account is the epoch voted on", edits: [drop(POST, "if ep.epoch != args.epoch {", "if false {")], suites: S.post },
  { id: "post/oracle-in-set", check: "the signer is in the current oracle set", edits: [drop(POST, ".ok_or(HexpinError::NotAnOracle)?", ".unwrap_or(0)")], suites: S.post },
  { id: "post/already-active", check: "no vote once the epoch's root is active", edits: [drop(POST, "if ep.root_active {", "if false {")], suites: S.post },
  { id: "post/superseded", check: "no vote at or below the active root's epoch", edits: [drop(POST, "if net.root_active && ep.epoch <= net.active_root_epoch {", "if false {")], suites: S.post },
  { id: "post/superseded-equal", check: "…including the active epoch itself (< instead of <=)", edits: [drop(POST, "if ep.root_active {", "if false {"), drop(POST, "ep.epoch <= net.active_root_epoch", "ep.epoch < net.active_root_epoch")], suites: S.post },
  { id: "post/exceeds-emitted", check: "total ≤ emitted through the epoch", edits: [drop(POST, "if total_cumulative > ep.emitted_through {", "if false {")], suites: S.post },
  { id: "post/exceeds-emitted-bound", check: "…bounded by the epoch's emitted_through, not the network's total", edits: [drop(POST, "if total_cumulative > ep.emitted_through {", "if total_cumulative > net.total_emitted {")], suites: S.post },
  { id: "post/exceeds-emitted-boundary", check: "…with equality allowed (>= instead of >)", edits: [drop(POST, "if total_cumulative > ep.emitted_through {", "if total_cumulative >= ep.emitted_through {")], suites: S.post },
  { id: "post/decreased", check: "total never below the active root's", edits: [drop(POST, "if total_cumulative < net.active_total_cumulative {", "if false {")], suites: S.post },
  { id: "post/bounds-at-vote", check: "bounds checked at every vote, not only at activation", edits: [drop(POST, "    check_activatable(&net, &ep, args.total_cumulative)?;\n\n    if ep.vote_config_version", "\n    if ep.vote_config_version")], suites: S.post },
  {
    id: "post/bounds-at-activation",
    check: "bounds checked again at activation",
    edits: [drop(POST, "    if votes >= net.oracle_quorum {\n        check_activatable(&net, &ep, args.total_cumulative)?;\n", "    if votes >= net.oracle_quorum {\n")],
    suites: S.post,
    equivalent: "the same bounds were checked earlier in the same instruction on the same state (only the vote counts changed since)",
  },
  { id: "post/config-reset", check: "votes under an older oracle config are discarded", edits: [drop(POST, "if ep.vote_config_version != net.oracle_config_version {", "if false {")], suites: S.oracles },
  { id: "post/double-vote", check: "one vote per oracle", edits: [drop(POST, "if ep.voted_mask & bit != 0 {", "if false {")], suites: S.post },
  { id: "post/vote-recorded", check: "a vote is recorded against its oracle", edits: [drop(POST, "    ep.voted_mask |= bit;\n")], suites: S.post },
  { id: "post/triple-digest", check: "identical triples only: the digest counts", edits: [drop(EPOCH, "self.merkle_root == *root && self.input_digest == *digest && self.total_cumulative == total", "self.merkle_root == *root && self.total_cumulative == total")], suites: S.post },
  { id: "post/triple-total", check: "identical triples only: the total counts", edits: [drop(EPOCH, "self.merkle_root == *root && self.input_digest == *digest && self.total_cumulative == total", "self.merkle_root == *root && self.input_digest == *digest")], suites: S.post },
  { id: "post/triple-root", check: "identical triples only: the root counts", edits: [drop(EPOCH, "self.merkle_root == *root && self.input_digest == *digest && self.total_cumulative == total", "self.input_digest == *digest && self.total_cumulative == total")], suites: S.post },
  { id: "post/quorum", check: "activation needs quorum votes", edits: [drop(POST, "if votes >= net.oracle_quorum {", "if votes + 1 >= net.oracle_quorum {")], suites: S.post },

  // claim_rewards
  { id: "claim/network-writable", check: "network writable", edits: [drop(CLAIM, "    writable(network)?;\n")], suites: S.claim },
  { id: "claim/hotspot-writable", check: "hotspot writable", edits: [drop(CLAIM, "    writable(hotspot)?;\n")], suites: S.claim },
  { id: "claim/vault-writable", check: "vault writable", edits: [drop(CLAIM, "    writable(vault)?;\n")], suites: S.claim },
  { id: "claim/destination-writable", check: "destination writable", edits: [drop(CLAIM, "    writable(destination)?;\n")], suites: S.claim },
  { id: "claim/token-program", check: "the token program is SPL Token (no arbitrary CPI)", edits: [drop(CLAIM, "    program(token_program, &TOKEN_PROGRAM_ID)?;\n")], suites: S.claim },
  { id: "claim/proof-length", check: "proofs of at most 32 siblings", edits: [drop(CLAIM, "if n > MAX_PROOF_LEN {", "if false {")], suites: S.claim },
  { id: "claim/paused", check: "no claims while claims are paused", edits: [drop(CLAIM, "if net.paused & PAUSE_CLAIMS != 0 {", "if false {")], suites: S.claim },
  { id: "claim/hotspot-network", check: "the hotspot belongs to the network", edits: [drop(CLAIM, "if hs.network != network_key {", "if false {")], suites: S.claim },
  { id: "claim/vault", check: "the source is the network's vault", edits: [drop(CLAIM, "if vault.address().as_ref() != net.rewards_vault {", "if false {")], suites: S.claim },
  { id: "claim/destination-address", check: "the destination is the owner's ATA", edits: [drop(CLAIM, "destination.address() != &ata || ", "")], suites: S.claim },
  { id: "claim/destination-owner", check: "the destination is a token account", edits: [drop(CLAIM, " || !destination.owned_by(&TOKEN_PROGRAM_ID)", "")], suites: S.claim },
  { id: "claim/root-active", check: "a root is active", edits: [drop(CLAIM, "if !net.root_active {", "if false {")], suites: S.claim },
  { id: "claim/proof", check: "the Merkle proof verifies", edits: [drop(CLAIM, "if !verify(args.proof, &net.active_root, &leaf) {", "if false {")], suites: S.claim },
  { id: "claim/leaf-serial", check: "the leaf names the hotspot's life (serial)", edits: [drop(CLAIM, "serial: hs.serial, cumulative: args.cumulative", "serial: 1, cumulative: args.cumulative")], suites: S.claim },
  { id: "claim/nothing-new", check: "a claim of nothing new is refused (no transfer of 0)", edits: [drop(CLAIM, "if args.cumulative <= hs.claimed {", "if args.cumulative < hs.claimed {")], suites: S.claim },
  { id: "claim/committed-total", check: "claims stay within the active root's total", edits: [drop(CLAIM, "if total_claimed > net.active_total_cumulative {", "if false {")], suites: S.claim },
  { id: "claim/claimed-recorded", check: "claimed is recorded", edits: [drop(CLAIM, "    hs.claimed = args.cumulative;\n")], suites: S.claim },
  { id: "merkle/sorted-pairs", check: "nodes hash sorted pairs", edits: [drop("merkle.rs", "    if a <= b {", "    if true {")], suites: S.claim },

  // assert_location
  { id: "assert/payer-signer", check: "payer signs", edits: [drop(ASSERT, "    signer(payer)?;\n")], suites: S.assert },
  { id: "assert/payer-writable", check: "payer writable", edits: [drop(ASSERT, "    writable(payer)?;\n")], suites: S.assert },
  { id: "assert/owner-signer", check: "owner signs", edits: [drop(ASSERT, "    signer(owner)?;\n")], suites: S.assert },
  { id: "assert/hotspot-writable", check: "hotspot writable", edits: [drop(ASSERT, "    writable(hotspot)?;\n")], suites: S.assert },
  { id: "assert/system-program", check: "system program is the System Program", edits: [drop(ASSERT, "    program(system_program, &SYSTEM_PROGRAM_ID)?;\n")], suites: S.assert },
  { id: "assert/placement", check: "a located res-12 cell (0 refused)", edits: [drop(ASSERT, "placement.validate(false)?;", "placement.validate(true)?;")], suites: S.assert },
  { id: "assert/gain", check: "gain bounds", edits: [drop(ASSERT, "if self.gain_dbi10 < MIN_GAIN_DBI10 || self.gain_dbi10 > MAX_GAIN_DBI10 {", "if false {")], suites: S.assert },
  { id: "assert/network", check: "the hotspot belongs to the network", edits: [drop(ASSERT, "if hs.network != network_key {", "if false {")], suites: S.assert },
  { id: "assert/owner", check: "the signer owns the hotspot", edits: [drop(ASSERT, "if owner.address().as_ref() != hs.owner {", "if false {")], suites: S.assert },
  { id: "assert/fee-recipient", check: "the fee goes to the network's recipient", edits: [drop(ASSERT, "if fee_recipient.address().as_ref() != net.fee_recipient {", "if false {")], suites: S.assert },
  { id: "assert/cooldown", check: "location cooldown", edits: [drop(ASSERT, "if now < ready_at {", "if false {")], suites: S.assert },
  { id: "assert/cooldown-boundary", check: "…ends exactly at asserted_at + cooldown", edits: [drop(ASSERT, "if now < ready_at {", "if now <= ready_at {")], suites: S.assert },
  { id: "assert/cooldown-first", check: "no cooldown before the first assertion", edits: [drop(ASSERT, "if hs.location_assert_count > 0 {", "if true {")], suites: S.assert },
  { id: "assert/fee-charged", check: "the location fee is charged", edits: [drop(ASSERT, "    charge_fee(payer, fee_recipient, fee)?;\n")], suites: S.assert },
  { id: "fees/recipient-rent", check: "a fee never leaves the recipient below rent (typed refusal)", edits: [drop(ACCOUNTS, "if to.lamports().saturating_add(lamports) < rent {", "if false {")], suites: [...S.assert, ...S.onboard] },
  { id: "fees/recipient-writable", check: "a fee recipient due a fee is writable", edits: [drop(ACCOUNTS, "    writable(to)?;\n")], suites: S.assert },

  // transfer_hotspot
  { id: "transfer/no-data", check: "no instruction data", edits: [drop(TRANSFER, "if !data.is_empty() {", "if false {")], suites: S.transfer },
  { id: "transfer/signer", check: "owner signs", edits: [drop(TRANSFER, "    signer(owner)?;\n")], suites: S.transfer },
  { id: "transfer/hotspot-writable", check: "hotspot writable", edits: [drop(TRANSFER, "    writable(hotspot)?;\n")], suites: S.transfer },
  { id: "transfer/network", check: "the hotspot belongs to the network", edits: [drop(TRANSFER, "if hs.network != network_key {", "if false {")], suites: S.transfer },
  { id: "transfer/owner", check: "the signer owns the hotspot", edits: [drop(TRANSFER, "if owner.address().as_ref() != hs.owner {", "if false {")], suites: S.transfer },
  { id: "transfer/same-owner", check: "the new owner differs", edits: [drop(TRANSFER, "if to == hs.owner || to == [0u8; 32] {", "if to == [0u8; 32] {")], suites: S.transfer },
  { id: "transfer/zero-owner", check: "the new owner is not the zero key", edits: [drop(TRANSFER, "if to == hs.owner || to == [0u8; 32] {", "if to == hs.owner {")], suites: S.transfer },
  { id: "transfer/ata-bump", check: "the new owner's ATA bump is stored", edits: [drop(TRANSFER, "    hs.owner_ata_bump = associated_token_bump(&to, &net.reward_mint)?;\n")], suites: S.transfer },

  // decommission_hotspot
  { id: "decom/no-data", check: "no instruction data", edits: [drop(DECOM, "if !data.is_empty() {", "if false {")], suites: S.decom },
  { id: "decom/signer", check: "owner signs", edits: [drop(DECOM, "    signer(owner)?;\n")], suites: S.decom },
  { id: "decom/owner-writable", check: "owner writable", edits: [drop(DECOM, "    writable(owner)?;\n")], suites: S.decom },
  { id: "decom/network-writable", check: "network writable", edits: [drop(DECOM, "    writable(network)?;\n")], suites: S.decom },
  { id: "decom/hotspot-writable", check: "hotspot writable", edits: [drop(DECOM, "    writable(hotspot)?;\n")], suites: S.decom },
  { id: "decom/network", check: "the hotspot belongs to the network", edits: [drop(DECOM, "if hs.network != network_key {", "if false {")], suites: S.decom },
  { id: "decom/owner", check: "the signer owns the hotspot", edits: [drop(DECOM, "if owner.address().as_ref() != hs.owner {", "if false {")], suites: S.decom },
  { id: "decom/count", check: "the active count drops", edits: [drop(DECOM, "    net.active_hotspot_count = net.active_hotspot_count.checked_sub(1).ok_or(HexpinError::ArithmeticOverflow)?;\n")], suites: S.decom },
  { id: "close/hand-back", check: "a closed account goes back to the System Program (no revival)", edits: [drop(ACCOUNTS, "    account.close()\n", "    Ok(())\n")], suites: S.decom },
  { id: "close/keep-data", check: "a closed account keeps neither data nor owner (no revival with old contents)", edits: [drop(ACCOUNTS, "        data.fill(0);\n"), drop(ACCOUNTS, "    account.close()\n", "    Ok(())\n")], suites: S.decom },
  {
    id: "close/zero-data",
    check: "a closed account's data is zeroed",
    edits: [drop(ACCOUNTS, "        data.fill(0);\n")],
    suites: S.decom,
    equivalent: "close() also resizes the data to 0 and reassigns the account, and the runtime zeroes the bytes",
  },

  // set_oracles
  { id: "oracles/signer", check: "authority signs", edits: [drop(ORACLES, "    signer(authority)?;\n")], suites: S.oracles },
  { id: "oracles/writable", check: "network writable", edits: [drop(ORACLES, "    writable(network)?;\n")], suites: S.oracles },
  { id: "oracles/authority", check: "the signer is the authority", edits: [drop(ORACLES, "if authority.address().as_ref() != net.authority {", "if false {")], suites: S.oracles },
  { id: "oracles/version", check: "every rotation bumps the config version", edits: [drop(ORACLES, "net.oracle_config_version = net.oracle_config_version.checked_add(1).ok_or(HexpinError::ArithmeticOverflow)?;", "")], suites: S.oracles },
  { id: "oracles/count-prefix", check: "at most 8 oracles, refused before reading", edits: [drop(ORACLES, "if count > MAX_ORACLES {", "if false {")], suites: S.oracles },
  {
    id: "oracles/validate-call",
    check: "the set is validated in the handler",
    edits: [drop(ORACLES, "    validate_oracles(&args.oracles, args.oracle_count, args.oracle_quorum)?;\n")],
    suites: S.oracles,
    equivalent: "net.invariant() validates the same set before the network is stored",
  },
  { id: "oracles/validate-both", check: "the set is validated (handler and invariant)", edits: [drop(ORACLES, "    validate_oracles(&args.oracles, args.oracle_count, args.oracle_quorum)?;\n"), drop(ORACLES, "    net.invariant()?;\n")], suites: S.oracles },
  { id: "oracles/unique", check: "no oracle twice", edits: [drop(NETWORK, " || live.iter().skip(i + 1).any(|b| b == a)", "")], suites: S.oracles },
  { id: "oracles/nonzero", check: "no zero-key oracle", edits: [drop(NETWORK, "if *a == [0u8; 32] || live", "if live")], suites: S.oracles },
  { id: "oracles/quorum-bound", check: "1 ≤ quorum ≤ count", edits: [drop(NETWORK, " || quorum > count {", " {")], suites: S.oracles },

  // propose_authority / accept_authority
  { id: "propose/signer", check: "authority signs", edits: [drop(PROPOSE, "    signer(authority)?;\n")], suites: S.authority },
  { id: "propose/writable", check: "network writable", edits: [drop(PROPOSE, "    writable(network)?;\n")], suites: S.authority },
  { id: "propose/authority", check: "the signer is the authority", edits: [drop(PROPOSE, "if authority.address().as_ref() != net.authority {", "if false {")], suites: S.authority },
  { id: "accept/no-data", check: "no instruction data", edits: [drop(ACCEPT, "if !data.is_empty() {", "if false {")], suites: S.authority },
  { id: "accept/signer", check: "the candidate signs", edits: [drop(ACCEPT, "    signer(new_authority)?;\n")], suites: S.authority },
  { id: "accept/writable", check: "network writable", edits: [drop(ACCEPT, "    writable(network)?;\n")], suites: S.authority },
  { id: "accept/candidate", check: "the signer is the pending candidate", edits: [drop(ACCEPT, " || key != net.pending_authority", "")], suites: S.authority },
  {
    id: "accept/something-pending",
    check: "a candidate is pending (not the zero key)",
    edits: [drop(ACCEPT, "net.pending_authority == [0u8; 32] || ", "")],
    suites: S.authority,
    equivalent: "nobody can sign as the zero key, so `key != pending` already refuses every signer when nothing is pending",
  },
  { id: "accept/pending-cleared", check: "the proposal is used up", edits: [drop(ACCEPT, "    net.pending_authority = [0u8; 32];\n")], suites: S.authority },

  // update_network
  { id: "update/signer", check: "authority signs", edits: [drop(UPDATE, "    signer(authority)?;\n")], suites: S.update },
  { id: "update/writable", check: "network writable", edits: [drop(UPDATE, "    writable(network)?;\n")], suites: S.update },
  { id: "update/authority", check: "the signer is the authority", edits: [drop(UPDATE, "if authority.address().as_ref() != net.authority {", "if false {")], suites: S.update },
  { id: "update/recipient-passed", check: "the new fee recipient is the account passed", edits: [drop(UPDATE, "if fee_recipient.address().as_ref() != recipient {", "if false {")], suites: S.update },
  { id: "update/recipient-creditable", check: "the new fee recipient can be credited", edits: [drop(UPDATE, "        creditable(fee_recipient, program_id)?;\n")], suites: S.update },
  { id: "creditable/not-hexpin-owned", check: "…not one of hexpin's own accounts", edits: [drop(ACCOUNTS, "        || a.owned_by(program_id)\n", "\n")], suites: S.update },
  { id: "creditable/sysvar-prefix", check: "…not in the sysvar address range", edits: [drop(ACCOUNTS, "        || key.as_ref().starts_with(&crate::constants::SYSVAR_PREFIX)\n", "\n")], suites: S.update },
  { id: "creditable/sysvar-owner", check: "…not owned by the sysvar program", edits: [drop(ACCOUNTS, "        || a.owned_by(&crate::constants::SYSVAR_OWNER_ID)\n", "\n")], suites: S.update },
  { id: "creditable/executable", check: "…not executable", edits: [drop(ACCOUNTS, "        || a.executable()\n", "\n")], suites: S.update },
  { id: "creditable/rent", check: "…holding its rent-exempt minimum", edits: [drop(ACCOUNTS, " || a.lamports() < rent {", " {")], suites: S.update },
  {
    id: "creditable/zero-key",
    check: "…not the zero key",
    edits: [drop(ACCOUNTS, "    if key.as_ref() == &[0u8; 32]\n        || ", "    if ")],
    suites: S.update,
    equivalent: "the zero key is the System Program, an executable account the executable check refuses",
  },
  {
    id: "creditable/exists",
    check: "…existing (lamports > 0)",
    edits: [drop(ACCOUNTS, "if a.lamports() == 0 || a.lamports() < rent {", "if a.lamports() < rent {")],
    suites: S.update,
    equivalent: "the rent-exempt minimum of even an empty account is above 0, so the rent check refuses it",
  },
  {
    id: "update/cooldown-call",
    check: "the cooldown is validated in the handler",
    edits: [drop(UPDATE, "        validate_location_cooldown(secs)?;\n")],
    suites: S.update,
    equivalent: "net.invariant() validates the cooldown before the network is stored",
  },
  { id: "update/cooldown-both", check: "the cooldown is bounded (handler and invariant)", edits: [drop(UPDATE, "        validate_location_cooldown(secs)?;\n"), drop(NETWORK, "        validate_location_cooldown(self.location_cooldown_secs)?;\n")], suites: S.update },
  {
    id: "update/max-supply-call",
    check: "max supply ≥ emitted and > 0, in the handler",
    edits: [drop(UPDATE, "if cap == 0 || cap < net.total_emitted {", "if false {")],
    suites: S.update,
    equivalent: "net.invariant() refuses a zero cap or one below total_emitted",
  },
  { id: "update/max-supply-both", check: "max supply ≥ emitted and > 0 (handler and invariant)", edits: [drop(UPDATE, "if cap == 0 || cap < net.total_emitted {", "if false {"), drop(NETWORK, "if self.max_supply == 0 || self.total_emitted > self.max_supply {", "if false {")], suites: S.update },
  { id: "update/steps-future", check: "new steps start at or after the next epoch to close", edits: [drop(UPDATE, "if first < net.current_epoch {", "if false {")], suites: S.update },
  { id: "update/steps-count", check: "1–8 steps, refused before reading", edits: [drop(UPDATE, "if n == 0 || n > MAX_EMISSION_STEPS {", "if false {")], suites: S.update },
  {
    id: "update/steps-validate-call",
    check: "the merged schedule is validated in the handler",
    edits: [drop(UPDATE, "    validate_schedule(&merged, n as u8)?;\n")],
    suites: S.update,
    equivalent: "net.invariant() validates the stored schedule",
  },
  { id: "update/steps-validate-both", check: "the merged schedule is ordered (handler and invariant)", edits: [drop(UPDATE, "    validate_schedule(&merged, n as u8)?;\n"), drop(NETWORK, "        validate_schedule(&self.emission_schedule, self.emission_step_count)?;\n")], suites: S.update },

  // set_paused
  { id: "pause/signer", check: "authority signs", edits: [drop(PAUSE, "    signer(authority)?;\n")], suites: S.pause },
  { id: "pause/writable", check: "network writable", edits: [drop(PAUSE, "    writable(network)?;\n")], suites: S.pause },
  { id: "pause/authority", check: "the signer is the authority", edits: [drop(PAUSE, "if authority.address().as_ref() != net.authority {", "if false {")], suites: S.pause },
  { id: "pause/flags", check: "only the two known pause bits", edits: [drop(PAUSE, "if paused & !PAUSE_ALL != 0 {", "if false {")], suites: S.pause },

  // onboard_hotspot (the parts this issue changed)
  { id: "onboard/owner-not-zero", check: "the owner is not the zero key", edits: [drop(ONBOARD, "if owner_key == [0u8; 32] {", "if false {")], suites: S.onboard },
  { id: "onboard/paused", check: "no onboarding while paused", edits: [drop(ONBOARD, "if net.paused & PAUSE_ONBOARDING != 0 {", "if false {")], suites: S.onboard },
  {
    id: "onboard/consent-placement",
    check: "the device's signed message must match in full, placement included",
    edits: [drop("ed25519.rs", "if slice_at(data, msg_offset, msg_size as usize)? != expected_message {", "if slice_at(data, msg_offset, msg_size as usize)?.get(..153) != expected_message.get(..153) {")],
    suites: S.onboard,
  },
  { id: "onboard/location-fee", check: "a location at onboarding pays the location fee", edits: [drop(ONBOARD, "let location_fee = if asserted { net.location_fee_lamports } else { 0 };", "let location_fee = 0;")], suites: S.onboard },
  { id: "onboard/serial", check: "each life gets the next serial", edits: [drop(ONBOARD, "    net.hotspot_count = serial;\n")], suites: S.onboard },
  { id: "onboard/ata-bump", check: "the owner's (not the payer's) ATA bump is stored", edits: [drop(ONBOARD, "owner_ata_bump: associated_token_bump(&owner_key, &net.reward_mint)?,", "owner_ata_bump: associated_token_bump(&payer.address().to_bytes(), &net.reward_mint)?,")], suites: S.onboard },
  { id: "onboard/active-count", check: "the active count grows", edits: [drop(ONBOARD, "    net.active_hotspot_count = net.active_hotspot_count.checked_add(1).ok_or(HexpinError::ArithmeticOverflow)?;\n")], suites: S.onboard },
  { id: "pda/address", check: "a created PDA is the one its seeds derive", edits: [drop(ACCOUNTS, "    if a.address() != &expected {\n        return Err(HexpinError::InvalidPda.into());\n    }\n", "")], suites: [...S.onboard, ...S.advance] },
  {
    id: "pda/any-bump",
    check: "a created PDA has the canonical bump (the next bumps below it accepted instead)",
    edits: [drop(ACCOUNTS, "    if a.address() != &expected {\n        return Err(HexpinError::InvalidPda.into());\n    }\n    Ok(bump)\n", ANY_BUMP)],
    suites: [...S.onboard, ...S.advance],
  },

  // advance_epoch (the parts this issue changed)
  { id: "advance/cap", check: "emission capped at max supply", edits: [drop(ADVANCE, "let emission = net.capped_emission_for(number);", "let emission = net.emission_for(number);")], suites: S.advance },
  { id: "advance/cap-remainder", check: "the epoch reaching the cap mints the remainder", edits: [drop(NETWORK, "let remaining = self.max_supply.saturating_sub(self.total_emitted);", "let remaining = if self.total_emitted == 0 { self.max_supply } else { 0 };")], suites: S.advance },
  { id: "advance/emitted-through", check: "emitted_through is the total after this epoch's mint", edits: [drop(ADVANCE, "        emitted_through: net.total_emitted,\n", "        emitted_through: emission,\n")], suites: [...S.advance, ...S.post] },
  { id: "advance/vote-config", check: "an epoch records the oracle config in force", edits: [drop(ADVANCE, "        vote_config_version: net.oracle_config_version,\n", "        vote_config_version: 0,\n")], suites: S.post },

  // earlier checks standing for attack classes the new handlers do not exercise
  { id: "onboard/instructions-sysvar", check: "the instructions sysvar is the real one (sysvar spoofing)", edits: [drop(ONBOARD, "if sysvar.address() != &INSTRUCTIONS_SYSVAR_ID {", "if false {")], suites: S.onboard },
  { id: "advance/token-program", check: "the mint CPI goes to SPL Token (arbitrary CPI)", edits: [drop(ADVANCE, "    program(token_program, &TOKEN_PROGRAM_ID)?;\n")], suites: S.advance },
  { id: "create/reinit", check: "an existing account is never created again (reinitialisation)", edits: [drop(ACCOUNTS, "if target.owned_by(owner) || target.data_len() != 0 {", "if false {")], suites: ["initialize_network.test.ts", "register_maker.test.ts"] },

  // account loading (type cosplay and ownership, shared by every handler)
  { id: "load/owner", check: "accounts are owned by the program", edits: [drop(STATE, "if !account.owned_by(program_id) {", "if false {")], suites: [...S.claim, ...S.post] },
  {
    id: "load/discriminator",
    check: "accounts carry their type's discriminator",
    edits: [drop(STATE, "if disc != Self::DISCRIMINATOR || data.len() != Self::LEN {", "if data.len() != Self::LEN {")],
    suites: S.claim,
    equivalent: "every account type has a distinct size, so the length check alone tells them apart today",
  },
  { id: "load/type", check: "accounts carry their type's discriminator and size", edits: [drop(STATE, "if disc != Self::DISCRIMINATOR || data.len() != Self::LEN {", "if data.len() < Self::LEN {")], suites: [...S.claim, ...S.post] },
];

// ---- runner -------------------------------------------------------------------------------

const ROOT = resolve(__dirname, "..");
const WORK = process.env.HEXPIN_MUTATION_DIR ?? join(tmpdir(), "hexpin-mutation");
const SCRATCH = join(WORK, "repo");
const SRC = "programs/hexpin/src";

function log(msg: string) {
  process.stderr.write(`${msg}\n`);
}

function prepareScratch() {
  mkdirSync(SCRATCH, { recursive: true });
  for (const p of ["Cargo.toml", "Cargo.lock", ".cargo", "idl", "scripts/build-program.sh", "programs/hexpin"]) {
    const to = join(SCRATCH, p);
    rmSync(to, { recursive: true, force: true });
    cpSync(join(ROOT, p), to, { recursive: true });
  }
}

function restoreSource() {
  rmSync(join(SCRATCH, SRC), { recursive: true, force: true });
  cpSync(join(ROOT, SRC), join(SCRATCH, SRC), { recursive: true });
}

function apply(m: Mutant) {
  for (const e of m.edits) {
    const path = join(SCRATCH, SRC, e.file);
    const text = readFileSync(path, "utf8");
    const count = text.split(e.find).length - 1;
    if (count !== 1) throw new Error(`${m.id}: ${JSON.stringify(e.find)} occurs ${count} times in ${e.file} (stale mutant)`);
    writeFileSync(path, text.replace(e.find, e.replace));
  }
}

function build(): { ok: boolean; output: string } {
  const r = spawnSync("bash", ["scripts/build-program.sh"], { cwd: SCRATCH, encoding: "utf8" });
  return { ok: r.status === 0, output: `${r.stdout}\n${r.stderr}` };
}

function runSuites(so: string, suites: string[]): { failed: boolean; firstFailure: string } {
  const r = spawnSync("npx", ["ts-mocha", "-p", "tsconfig.json", "--timeout", "300000", "--bail", ...suites.map((s) => `tests/${s}`)], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, HEXPIN_PROGRAM_SO: so },
  });
  const out = `${r.stdout}\n${r.stderr}`;
  // The failure report at the end: "  1) suite\n       test:\n     Error: …".
  const at = out.lastIndexOf("\n  1) ");
  const first = at < 0 ? "" : out.slice(at).split("\n").slice(1, 5).map((l) => l.trim()).filter(Boolean).join(" › ");
  return { failed: r.status !== 0, firstFailure: first.slice(0, 300) };
}

interface Result {
  id: string;
  check: string;
  status: "caught" | "survived" | "equivalent (survived)" | "equivalent (caught)" | "build failed";
  by: string;
}

function main() {
  const args = process.argv.slice(2);
  if (args.includes("--list")) {
    for (const m of MUTANTS) console.log(`${m.id.padEnd(32)} ${m.check}${m.equivalent ? `  [equivalent: ${m.equivalent}]` : ""}`);
    return;
  }
  const ids = args.filter((a) => !a.startsWith("--"));
  const chosen = ids.length ? MUTANTS.filter((m) => ids.includes(m.id)) : MUTANTS;
  if (ids.length && chosen.length !== ids.length) throw new Error(`unknown mutant ids: ${ids.filter((i) => !MUTANTS.some((m) => m.id === i)).join(", ")}`);
  prepareScratch();
  mkdirSync(join(WORK, "so"), { recursive: true });

  log(`==> baseline: the unmutated program in the scratch copy`);
  restoreSource();
  const base = build();
  if (!base.ok) throw new Error(`the unmutated program does not build:\n${base.output}`);

  const results: Result[] = [];
  chosen.forEach((m, i) => {
    log(`==> [${i + 1}/${chosen.length}] ${m.id}: ${m.check}`);
    restoreSource();
    apply(m);
    const b = build();
    if (!b.ok) {
      results.push({ id: m.id, check: m.check, status: "build failed", by: b.output.split("\n").filter((l) => /error/.test(l)).slice(0, 2).join(" ") });
      log(`    build failed`);
      return;
    }
    const so = join(WORK, "so", `${m.id.replace(/\//g, "_")}.so`);
    cpSync(join(SCRATCH, "target/deploy/hexpin.so"), so);
    const t = runSuites(so, m.suites);
    const status: Result["status"] = m.equivalent ? (t.failed ? "equivalent (caught)" : "equivalent (survived)") : t.failed ? "caught" : "survived";
    results.push({ id: m.id, check: m.check, status, by: t.failed ? t.firstFailure : m.equivalent ?? "" });
    log(`    ${status}${t.failed ? `: ${t.firstFailure}` : ""}`);
  });
  restoreSource();

  mkdirSync(join(ROOT, "target/mutation"), { recursive: true });
  writeFileSync(join(ROOT, "target/mutation/results.json"), JSON.stringify(results, null, 2) + "\n");
  console.log("| mutant | check removed or loosened | result | first failing test / reason |\n|---|---|---|---|");
  for (const r of results) console.log(`| \`${r.id}\` | ${r.check} | ${r.status} | ${r.by.replace(/\|/g, "/")} |`);
  const bad = results.filter((r) => r.status === "survived" || r.status === "build failed");
  const caught = results.filter((r) => r.status === "caught").length;
  console.log(`\n${caught} of ${results.filter((r) => !r.status.startsWith("equivalent")).length} mutants caught; ${results.filter((r) => r.status.startsWith("equivalent")).length} equivalent; ${bad.length} survived or did not build`);
  if (bad.length) process.exitCode = 1;
}

if (require.main === module) main();
