//! hexpin on-chain program: entrypoint and dispatch on the 8-byte Anchor discriminator.
//! Everything else lives where its name says: `state/`, `instructions/`, `error.rs`,
//! `events.rs`, `constants.rs`.
#![cfg_attr(any(target_arch = "bpf", target_os = "solana"), no_std)]

pub mod accounts;
pub mod codec;
pub mod constants;
pub mod ed25519;
pub mod error;
pub mod events;
pub mod h3;
pub mod id_bytes;
pub mod instructions;
pub mod merkle;
pub mod state;

use error::HexpinError;
use instructions::discriminator as ix;
use pinocchio::{AccountView, Address, ProgramResult};

#[cfg(all(any(target_arch = "bpf", target_os = "solana"), not(feature = "no-entrypoint")))]
mod entry {
    pinocchio::program_entrypoint!(super::process_instruction);
    pinocchio::no_allocator!();
    pinocchio::nostd_panic_handler!();
}

pub fn process_instruction(program_id: &Address, accounts: &mut [AccountView], data: &[u8]) -> ProgramResult {
    let (disc, args) = data.split_at_checked(8).ok_or(HexpinError::InvalidInstructionData)?;
    let disc: [u8; 8] = disc.try_into().map_err(|_| HexpinError::InvalidInstructionData)?;
    let mut call = instructions::Ix { program_id, accounts, data: args };
    match disc {
        ix::INITIALIZE_NETWORK => instructions::admin::initialize_network::process(&mut call),
        ix::APPROVE_MAKER => instructions::admin::approve_maker::process(&mut call),
        ix::REGISTER_MAKER => instructions::maker::register_maker::process(&mut call),
        ix::ONBOARD_HOTSPOT => instructions::maker::onboard_hotspot::process(&mut call),
        ix::ADVANCE_EPOCH => instructions::crank::advance_epoch::process(&mut call),
        ix::POST_EPOCH_ROOT => instructions::oracle::post_epoch_root::process(&mut call),
        ix::CLAIM_REWARDS => instructions::claim::claim_rewards::process(&mut call),
        ix::ASSERT_LOCATION => instructions::operator::assert_location::process(&mut call),
        ix::TRANSFER_HOTSPOT => instructions::operator::transfer_hotspot::process(&mut call),
        ix::DECOMMISSION_HOTSPOT => instructions::operator::decommission_hotspot::process(&mut call),
        ix::SET_ORACLES => instructions::admin::set_oracles::process(&mut call),
        ix::PROPOSE_AUTHORITY => instructions::admin::propose_authority::process(&mut call),
        ix::ACCEPT_AUTHORITY => instructions::admin::accept_authority::process(&mut call),
        ix::UPDATE_NETWORK => instructions::admin::update_network::process(&mut call),
        ix::SET_PAUSED => instructions::admin::set_paused::process(&mut call),
        _ => Err(HexpinError::UnknownInstruction.into()),
    }
}
