//! `claim_rewards`: pays a hotspot's rewards to its current owner. Permissionless: anyone
//! may crank it for any hotspot, and the tokens can only go to the owner's associated token
//! account of the reward mint.
//!
//! Accounts: `network` (writable: total claimed), `hotspot` (writable: claimed),
//! `rewards_vault` (writable, = network.rewards_vault), `owner_token_account` (writable,
//! the hotspot owner's ATA of the reward mint, derived with the hotspot's stored bump),
//! `token_program`.
//! Args: `cumulative: u64` (the hotspot life's cumulative amount in the active root),
//! `proof: Vec<[u8; 32]>` (sibling hashes, leaf to root, at most 32).
//! Preconditions: claims not paused; a root is active; the leaf `(hardware_key, serial,
//! cumulative)` is in it; `cumulative > claimed`; the network's total claimed stays within
//! the active root's committed total.
//! Effects: transfers `cumulative − claimed` from the vault (signed by the network PDA) and
//! sets `claimed = cumulative`. Emits `RewardsClaimed`. A claim of nothing new fails with
//! `NothingToClaim`: never a transfer of 0, never a second payment.

use crate::accounts::{associated_token_address, program, writable};
use crate::codec::Reader;
use crate::constants::*;
use crate::error::{HexpinError, Result};
use crate::events::{Event, RewardsClaimed};
use crate::instructions::Ix;
use crate::merkle::{verify, Leaf};
use crate::state::{AccountState, Hotspot, Network};
use pinocchio::cpi::{Seed, Signer};
use pinocchio::{Address, ProgramResult};

pub struct ClaimRewardsArgs<'a> {
    pub cumulative: u64,
    /// Concatenated 32-byte sibling hashes, borrowed from the instruction data.
    pub proof: &'a [u8],
}

impl<'a> ClaimRewardsArgs<'a> {
    pub fn decode(data: &'a [u8]) -> Result<Self> {
        let mut r = Reader::new(data);
        let cumulative = r.u64()?;
        let n = r.u32()? as usize;
        if n > MAX_PROOF_LEN {
            return Err(HexpinError::ProofTooLong.into());
        }
        let proof = r.bytes(n * 32)?;
        r.finish()?;
        Ok(Self { cumulative, proof })
    }
}

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let Ix { program_id, accounts, data } = ix;
    let (program_id, data): (&Address, &[u8]) = (program_id, data);
    let [network, hotspot, vault, destination, token_program, ..] = accounts else {
        return Err(HexpinError::NotEnoughAccounts.into());
    };
    writable(network)?;
    writable(hotspot)?;
    writable(vault)?;
    writable(destination)?;
    program(token_program, &TOKEN_PROGRAM_ID)?;
    let args = ClaimRewardsArgs::decode(data)?;

    let mut net = Network::load(network, program_id)?;
    if net.paused & PAUSE_CLAIMS != 0 {
        return Err(HexpinError::ClaimsPaused.into());
    }
    let mut hs = Hotspot::load(hotspot, program_id)?;
    let network_key = network.address().to_bytes();
    if hs.network != network_key {
        return Err(HexpinError::NetworkMismatch.into());
    }
    if vault.address().as_ref() != net.rewards_vault {
        return Err(HexpinError::WrongVault.into());
    }
    let ata = associated_token_address(&hs.owner, &net.reward_mint, hs.owner_ata_bump)?;
    if destination.address() != &ata || !destination.owned_by(&TOKEN_PROGRAM_ID) {
        return Err(HexpinError::WrongTokenAccount.into());
    }
    if !net.root_active {
        return Err(HexpinError::NoActiveRoot.into());
    }
    let leaf = Leaf { hardware_key: &hs.hardware_key, serial: hs.serial, cumulative: args.cumulative };
    if !verify(args.proof, &net.active_root, &leaf) {
        return Err(HexpinError::InvalidMerkleProof.into());
    }
    if args.cumulative <= hs.claimed {
        return Err(HexpinError::NothingToClaim.into());
    }
    let amount = args.cumulative - hs.claimed;
    let total_claimed = net.total_claimed.checked_add(amount).ok_or(HexpinError::ArithmeticOverflow)?;
    if total_claimed > net.active_total_cumulative {
        return Err(HexpinError::ClaimExceedsCommittedTotal.into());
    }

    let nb = [net.bump];
    let network_seeds = [Seed::from(NETWORK_SEED), Seed::from(&net.creator), Seed::from(&nb)];
    pinocchio_token::instructions::Transfer::new(vault, destination, network, amount)
        .invoke_signed(&[Signer::from(&network_seeds[..])])?;

    hs.claimed = args.cumulative;
    hs.store(hotspot)?;
    net.total_claimed = total_claimed;
    net.store(network)?;

    RewardsClaimed {
        network: network_key,
        hotspot: hotspot.address().to_bytes(),
        hardware_key: hs.hardware_key,
        serial: hs.serial,
        owner: hs.owner,
        amount,
        cumulative: args.cumulative,
        root_epoch: net.active_root_epoch,
    }
    .emit()
}
