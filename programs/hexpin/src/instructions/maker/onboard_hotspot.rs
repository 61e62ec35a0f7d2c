//! `onboard_hotspot`: an approved maker onboards a hotspot for an operator.
//!
//! Two keys must consent: the maker's issuing key signs the transaction, and the
//! hotspot's own hardware key signs the onboarding message
//! `"hexpin:onboard_hotspot:v0" ‖ network ‖ maker ‖ owner ‖ hardware_key`, proven by an
//! Ed25519 precompile instruction placed immediately before this one and checked here
//! through the instructions sysvar. (Helium checks the device signature off-chain; here
//! anyone can audit it on-chain.)
//!
//! Accounts: `payer` (signer, writable; pays rent and the onboarding fee),
//! `issuing_key` (signer, = maker.issuing_key), `owner` (the operator wallet),
//! `network` (writable), `maker` (writable, approved, belongs to network), `hotspot`
//! (writable, PDA `["hotspot", network, hardware_key]`, not yet created),
//! `fee_recipient` (writable, = network.fee_recipient), `instructions_sysvar`,
//! `system_program`.
//! Args: `hardware_key: Pubkey, location: u64` (0 or an H3 res-12 cell), `gain_dbi10:
//! i16` (0–150), `elevation_m: i32` (−500–10000).
//! Effects: creates the hotspot, charges `network.onboard_fee_lamports` to the fee
//! recipient, bumps maker and network counts. Emits `HotspotOnboarded`.

use crate::accounts::{canonical_pda, create_pda, NewPda, program, signer, writable};
use crate::codec::Reader;
use crate::constants::*;
use crate::ed25519::check_precompile_data;
use crate::error::{HexpinError, Result};
use crate::events::{Event, HotspotOnboarded};
use crate::state::{AccountState, Hotspot, Maker, Network, Pubkey};
use pinocchio::cpi::Seed;
use pinocchio::sysvars::instructions::Instructions;
use pinocchio::sysvars::{clock::Clock, Sysvar};
use crate::instructions::Ix;
use pinocchio::{AccountView, Address, ProgramResult};

pub struct OnboardHotspotArgs {
    pub hardware_key: Pubkey,
    pub location: u64,
    pub gain_dbi10: i16,
    pub elevation_m: i32,
}

impl OnboardHotspotArgs {
    pub fn decode(data: &[u8]) -> Result<Self> {
        let mut r = Reader::new(data);
        let args = Self { hardware_key: r.pubkey()?, location: r.u64()?, gain_dbi10: r.i16()?, elevation_m: r.i32()? };
        r.finish()?;
        Ok(args)
    }

    fn validate(&self) -> Result<()> {
        if self.location != 0 && !crate::h3::is_valid_cell(self.location, LOCATION_RESOLUTION) {
            return Err(HexpinError::InvalidLocation.into());
        }
        if self.gain_dbi10 < MIN_GAIN_DBI10 || self.gain_dbi10 > MAX_GAIN_DBI10 {
            return Err(HexpinError::InvalidGain.into());
        }
        if self.elevation_m < MIN_ELEVATION_M || self.elevation_m > MAX_ELEVATION_M {
            return Err(HexpinError::InvalidElevation.into());
        }
        Ok(())
    }
}

/// The exact bytes the hardware key signs.
pub fn onboarding_message(network: &Pubkey, maker: &Pubkey, owner: &Pubkey, hardware_key: &Pubkey) -> [u8; ONBOARD_MESSAGE_LEN] {
    let mut m = [0u8; ONBOARD_MESSAGE_LEN];
    let mut w = crate::codec::Writer::new(&mut m);
    // The buffer is exactly the right size, so these writes cannot fail.
    let _ = w.put(ONBOARD_DOMAIN);
    let _ = w.put(network);
    let _ = w.put(maker);
    let _ = w.put(owner);
    let _ = w.put(hardware_key);
    m
}

/// Finds the instruction just before this one and checks it is an Ed25519 precompile
/// over `message` by `key`.
fn verify_device_signature(sysvar: &AccountView, key: &Pubkey, message: &[u8]) -> Result<()> {
    if sysvar.address() != &INSTRUCTIONS_SYSVAR_ID {
        return Err(HexpinError::WrongSysvar.into());
    }
    let ixs = Instructions::try_from(sysvar)?;
    let current = ixs.load_current_index();
    if current == 0 {
        return Err(HexpinError::Ed25519InstructionMissing.into());
    }
    let prev = ixs
        .load_instruction_at(current as usize - 1)
        .map_err(|_| HexpinError::Ed25519InstructionMissing)?;
    if prev.get_program_id() != &ED25519_PROGRAM_ID {
        return Err(HexpinError::Ed25519InstructionMissing.into());
    }
    check_precompile_data(prev.get_instruction_data(), key, message)
}

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let Ix { program_id, accounts, data } = ix;
    let (program_id, data): (&Address, &[u8]) = (program_id, data);
    let [payer, issuing_key, owner, network, maker, hotspot, fee_recipient, sysvar, system_program, ..] = accounts
    else {
        return Err(HexpinError::NotEnoughAccounts.into());
    };
    signer(payer)?;
    writable(payer)?;
    signer(issuing_key)?;
    writable(network)?;
    writable(maker)?;
    writable(hotspot)?;
    program(system_program, &SYSTEM_PROGRAM_ID)?;
    let args = OnboardHotspotArgs::decode(data)?;
    args.validate()?;

    let mut net = Network::load(network, program_id)?;
    let mut mk = Maker::load(maker, program_id)?;
    let network_key = network.address().to_bytes();
    if mk.network != network_key {
        return Err(HexpinError::NetworkMismatch.into());
    }
    if !mk.approved {
        return Err(HexpinError::MakerNotApproved.into());
    }
    if issuing_key.address().as_ref() != mk.issuing_key {
        return Err(HexpinError::IssuingKeyMismatch.into());
    }
    if fee_recipient.address().as_ref() != net.fee_recipient {
        return Err(HexpinError::WrongFeeRecipient.into());
    }
    if hotspot.owned_by(program_id) {
        return Err(HexpinError::HotspotAlreadyOnboarded.into());
    }
    let maker_key = maker.address().to_bytes();
    let owner_key = owner.address().to_bytes();
    let message = onboarding_message(&network_key, &maker_key, &owner_key, &args.hardware_key);
    verify_device_signature(sysvar, &args.hardware_key, &message)?;

    let bump = canonical_pda(hotspot, &[HOTSPOT_SEED, &network_key, &args.hardware_key], program_id)?;
    let b = [bump];
    let seeds = [Seed::from(HOTSPOT_SEED), Seed::from(&network_key), Seed::from(&args.hardware_key), Seed::from(&b)];
    create_pda(&NewPda { payer: payer, target: hotspot, space: Hotspot::LEN, owner: program_id, signer_seeds: &seeds })?;

    let fee = net.onboard_fee_lamports;
    if fee > 0 {
        writable(fee_recipient)?;
        pinocchio_system::instructions::Transfer { from: payer, to: fee_recipient, lamports: fee }.invoke()?;
    }

    let now = Clock::get()?.unix_timestamp;
    let asserted = args.location != 0;
    let h = Hotspot {
        version: 0,
        bump,
        network: network_key,
        maker: maker_key,
        owner: owner_key,
        hardware_key: args.hardware_key,
        location: args.location,
        gain_dbi10: args.gain_dbi10,
        elevation_m: args.elevation_m,
        onboarded_at: now,
        location_asserted_at: if asserted { now } else { 0 },
        location_assert_count: asserted as u32,
    };
    h.store(hotspot)?;
    mk.hotspot_count = mk.hotspot_count.checked_add(1).ok_or(HexpinError::ArithmeticOverflow)?;
    mk.store(maker)?;
    net.hotspot_count = net.hotspot_count.checked_add(1).ok_or(HexpinError::ArithmeticOverflow)?;
    net.store(network)?;

    HotspotOnboarded {
        network: network_key,
        maker: maker_key,
        hotspot: hotspot.address().to_bytes(),
        hardware_key: args.hardware_key,
        owner: owner_key,
        location: args.location,
        gain_dbi10: args.gain_dbi10,
        elevation_m: args.elevation_m,
        fee_lamports: fee,
    }
    .emit()
}
