//! `post_epoch_root`: an oracle of the network's current set votes for an epoch's reward
//! root. The root activates — becomes the one every claim is verified against — when
//! `oracle_quorum` distinct oracles voted the identical (root, input digest, total).
//!
//! Accounts: `oracle` (signer, in `network.oracles`), `network` (writable), `epoch`
//! (writable, an `Epoch` of this network: it exists only once the epoch closed and its
//! emission was minted).
//! Args: `epoch: u64` (must name the epoch account), `merkle_root: [u8; 32]`,
//! `input_digest: [u8; 32]` (sha256 of the canonical input bundle, so anyone can
//! recompute the root), `total_cumulative: u64` (sum of all leaves).
//! Preconditions: the epoch's root is not active yet and no later epoch's root is; the
//! oracle has not voted on this epoch under the current oracle config; `total_cumulative`
//! ≤ everything emitted through this epoch and ≥ the active root's total.
//! Effects: votes cast under an older `oracle_config_version` are discarded first; the
//! vote joins its identical triple's proposal or opens a new one; at quorum the epoch and
//! the network record the root. Emits `EpochRootVoted`, and `EpochRootActivated` at quorum.
//! Cost does not depend on the number of hotspots: one small transaction per oracle.

use crate::accounts::{signer, writable};
use crate::codec::Reader;
use crate::error::{HexpinError, Result};
use crate::events::{EpochRootActivated, EpochRootVoted, Event};
use crate::instructions::Ix;
use crate::state::epoch::RootProposal;
use crate::state::{AccountState, Epoch, Network};
use pinocchio::sysvars::{clock::Clock, Sysvar};
use pinocchio::{Address, ProgramResult};

pub struct PostEpochRootArgs {
    pub epoch: u64,
    pub merkle_root: [u8; 32],
    pub input_digest: [u8; 32],
    pub total_cumulative: u64,
}

impl PostEpochRootArgs {
    pub fn decode(data: &[u8]) -> Result<Self> {
        let mut r = Reader::new(data);
        let args = Self { epoch: r.u64()?, merkle_root: r.array()?, input_digest: r.array()?, total_cumulative: r.u64()? };
        r.finish()?;
        Ok(args)
    }
}

/// The bounds a root must respect to become active, checked at every vote (so a vote that
/// could never activate is refused at once) and again at activation.
fn check_activatable(net: &Network, ep: &Epoch, total_cumulative: u64) -> Result<()> {
    if ep.root_active {
        return Err(HexpinError::EpochRootAlreadyActive.into());
    }
    if net.root_active && ep.epoch <= net.active_root_epoch {
        return Err(HexpinError::EpochRootSuperseded.into());
    }
    if total_cumulative > ep.emitted_through {
        return Err(HexpinError::CumulativeExceedsEmitted.into());
    }
    if total_cumulative < net.active_total_cumulative {
        return Err(HexpinError::CumulativeDecreased.into());
    }
    Ok(())
}

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let Ix { program_id, accounts, data } = ix;
    let (program_id, data): (&Address, &[u8]) = (program_id, data);
    let [oracle, network, epoch, ..] = accounts else {
        return Err(HexpinError::NotEnoughAccounts.into());
    };
    signer(oracle)?;
    writable(network)?;
    writable(epoch)?;
    let args = PostEpochRootArgs::decode(data)?;

    let mut net = Network::load(network, program_id)?;
    let mut ep = Epoch::load(epoch, program_id)?;
    let network_key = network.address().to_bytes();
    if ep.network != network_key {
        return Err(HexpinError::NetworkMismatch.into());
    }
    if ep.epoch != args.epoch {
        return Err(HexpinError::EpochMismatch.into());
    }
    let oracle_key = oracle.address().to_bytes();
    let index = net.oracle_index(&oracle_key).ok_or(HexpinError::NotAnOracle)?;
    check_activatable(&net, &ep, args.total_cumulative)?;

    if ep.vote_config_version != net.oracle_config_version {
        ep.vote_config_version = net.oracle_config_version;
        ep.voted_mask = 0;
        ep.proposal_count = 0;
        ep.proposals = [RootProposal::default(); crate::constants::MAX_ORACLES];
    }
    let bit = 1u8 << index;
    if ep.voted_mask & bit != 0 {
        return Err(HexpinError::OracleAlreadyVoted.into());
    }
    ep.voted_mask |= bit;

    let count = ep.proposal_count as usize;
    let live = ep.proposals.get(..count).ok_or(HexpinError::ArithmeticOverflow)?;
    let slot = match live.iter().position(|p| p.same_triple(&args.merkle_root, &args.input_digest, args.total_cumulative)) {
        Some(i) => i,
        None => {
            // Each oracle opens at most one proposal per config, so `count` < MAX_ORACLES here.
            let p = ep.proposals.get_mut(count).ok_or(HexpinError::ArithmeticOverflow)?;
            *p = RootProposal {
                merkle_root: args.merkle_root,
                input_digest: args.input_digest,
                total_cumulative: args.total_cumulative,
                votes: 0,
                voter_mask: 0,
            };
            ep.proposal_count += 1;
            count
        }
    };
    let proposal = ep.proposals.get_mut(slot).ok_or(HexpinError::ArithmeticOverflow)?;
    proposal.votes += 1;
    proposal.voter_mask |= bit;
    let votes = proposal.votes;

    EpochRootVoted {
        network: network_key,
        epoch: args.epoch,
        oracle: oracle_key,
        merkle_root: args.merkle_root,
        input_digest: args.input_digest,
        total_cumulative: args.total_cumulative,
        votes,
        quorum: net.oracle_quorum,
    }
    .emit()?;

    if votes >= net.oracle_quorum {
        check_activatable(&net, &ep, args.total_cumulative)?;
        let now = Clock::get()?.unix_timestamp;
        ep.root_active = true;
        ep.merkle_root = args.merkle_root;
        ep.input_digest = args.input_digest;
        ep.total_cumulative = args.total_cumulative;
        ep.activated_at = now;
        net.root_active = true;
        net.active_root_epoch = args.epoch;
        net.active_root = args.merkle_root;
        net.active_input_digest = args.input_digest;
        net.active_total_cumulative = args.total_cumulative;
        net.store(network)?;
        EpochRootActivated {
            network: network_key,
            epoch: args.epoch,
            merkle_root: args.merkle_root,
            input_digest: args.input_digest,
            total_cumulative: args.total_cumulative,
        }
        .emit()?;
    }
    ep.store(epoch)
}
