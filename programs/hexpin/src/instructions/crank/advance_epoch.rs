//! `advance_epoch`: permissionless crank that closes the network's current epoch once
//! the clock has passed its end, and mints that epoch's scheduled emission into the
//! rewards vault (CPI to SPL Token, signed by the network PDA).
//!
//! Accounts: `payer` (signer, writable; pays the epoch account's rent), `network`
//! (writable), `epoch` (writable, PDA `["epoch", network, current_epoch as u64 LE]`),
//! `reward_mint` (writable, = network.reward_mint), `rewards_vault` (writable,
//! = network.rewards_vault), `token_program`, `system_program`.
//! Preconditions: `now >= genesis + (current_epoch + 1) * epoch_length`.
//! Effects: creates `Epoch`, mints the scheduled emission cut to what remains under
//! `max_supply` (past the cap, epochs keep closing with 0), increments `current_epoch`
//! and `total_emitted`, and records `emitted_through` — the most a root of this epoch may
//! commit. Emits `EpochAdvanced`. Calling it again before the next epoch ends
//! fails with `EpochNotEnded`; one call closes one epoch, so a crank that fell behind
//! catches up one transaction per epoch.

use crate::accounts::{canonical_pda, create_pda, NewPda, program, signer, writable};
use crate::constants::*;
use crate::error::HexpinError;
use crate::events::{EpochAdvanced, Event};
use crate::state::epoch::RootProposal;
use crate::state::{AccountState, Epoch, Network};
use pinocchio::cpi::{Seed, Signer};
use pinocchio::sysvars::{clock::Clock, Sysvar};
use crate::instructions::Ix;
use pinocchio::{Address, ProgramResult};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let Ix { program_id, accounts, data } = ix;
    let (program_id, data): (&Address, &[u8]) = (program_id, data);
    let [payer, network, epoch, mint, vault, token_program, system_program, ..] = accounts else {
        return Err(HexpinError::NotEnoughAccounts.into());
    };
    if !data.is_empty() {
        return Err(HexpinError::InvalidInstructionData.into());
    }
    signer(payer)?;
    writable(payer)?;
    writable(network)?;
    writable(epoch)?;
    writable(mint)?;
    writable(vault)?;
    program(token_program, &TOKEN_PROGRAM_ID)?;
    program(system_program, &SYSTEM_PROGRAM_ID)?;

    let mut net = Network::load(network, program_id)?;
    if mint.address().as_ref() != net.reward_mint {
        return Err(HexpinError::WrongMint.into());
    }
    if vault.address().as_ref() != net.rewards_vault {
        return Err(HexpinError::WrongVault.into());
    }
    let number = net.current_epoch;
    let end_ts = net.epoch_end_ts(number)?;
    let now = Clock::get()?.unix_timestamp;
    if now < end_ts {
        return Err(HexpinError::EpochNotEnded.into());
    }

    let network_key = network.address().to_bytes();
    let number_le = number.to_le_bytes();
    let bump = canonical_pda(epoch, &[EPOCH_SEED, &network_key, &number_le], program_id)?;
    let b = [bump];
    let seeds = [Seed::from(EPOCH_SEED), Seed::from(&network_key), Seed::from(&number_le), Seed::from(&b)];
    create_pda(&NewPda { payer: payer, target: epoch, space: Epoch::LEN, owner: program_id, signer_seeds: &seeds })?;

    let emission = net.capped_emission_for(number);
    if emission > 0 {
        let nb = [net.bump];
        let network_seeds = [Seed::from(NETWORK_SEED), Seed::from(&net.creator), Seed::from(&nb)];
        pinocchio_token::instructions::MintTo::new(mint, vault, network, emission)
            .invoke_signed(&[Signer::from(&network_seeds[..])])?;
    }

    net.current_epoch = number.checked_add(1).ok_or(HexpinError::ArithmeticOverflow)?;
    net.total_emitted = net.total_emitted.checked_add(emission).ok_or(HexpinError::ArithmeticOverflow)?;
    let e = Epoch {
        version: 0,
        bump,
        network: network_key,
        epoch: number,
        start_ts: end_ts - net.epoch_length_secs,
        end_ts,
        emission,
        emitted_through: net.total_emitted,
        advanced_at: now,
        vote_config_version: net.oracle_config_version,
        voted_mask: 0,
        proposal_count: 0,
        proposals: [RootProposal::default(); MAX_ORACLES],
        root_active: false,
        merkle_root: [0; 32],
        input_digest: [0; 32],
        total_cumulative: 0,
        activated_at: 0,
    };
    e.store(epoch)?;
    net.store(network)?;

    EpochAdvanced {
        network: network_key,
        epoch: number,
        start_ts: e.start_ts,
        end_ts,
        emission,
        total_emitted: net.total_emitted,
    }
    .emit()
}
