//! `onboard_hotspot`: an approved maker onboards a hotspot for an operator.
//!
//! Two keys must consent: the maker's issuing key signs the transaction, and the
//! hotspot's own hardware key signs the onboarding message
//! `"hexpin:onboard_hotspot:v1" ‖ network ‖ maker ‖ owner ‖ hardware_key ‖ location ‖
//! gain_dbi10 ‖ elevation_m`, proven by an Ed25519 precompile instruction placed
//! immediately before this one and checked here through the instructions sysvar. The
//! device thus consents to everything the maker sets: a maker cannot place a consenting
//! device anywhere else. (Helium checks the device signature off-chain; here anyone can
//! audit it on-chain.)
//!
//! Accounts: `payer` (signer, writable; pays rent and the onboarding fee),
//! `issuing_key` (signer, = maker.issuing_key), `owner` (the operator wallet),
//! `network` (writable), `maker` (writable, approved, belongs to network), `hotspot`
//! (writable, PDA `["hotspot", network, hardware_key]`, not yet created),
//! `fee_recipient` (writable, = network.fee_recipient), `instructions_sysvar`,
//! `system_program`.
//! Args: `hardware_key: Pubkey, location: u64` (0 or an H3 res-12 cell), `gain_dbi10:
//! i16` (0–150), `elevation_m: i32` (−500–10000).
//! Preconditions: onboarding is not paused.
//! Effects: creates the hotspot with the next serial (`network.hotspot_count + 1`) and the
//! bump of its owner's reward ATA; charges `onboard_fee_lamports`, plus
//! `location_fee_lamports` when a location is given, to the fee recipient; bumps maker and
//! network counts. Emits `HotspotOnboarded`.

use crate::accounts::{associated_token_bump, canonical_pda, charge_fee, create_pda, NewPda, program, signer, writable};
use crate::instructions::operator::assert_location::Placement;
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
    pub placement: Placement,
}

impl OnboardHotspotArgs {
    pub fn decode(data: &[u8]) -> Result<Self> {
        let mut r = Reader::new(data);
        let args = Self { hardware_key: r.pubkey()?, placement: Placement::read(&mut r)? };
        r.finish()?;
        Ok(args)
    }
}

/// The parties an onboarding names, which the device signs together with its placement.
pub struct Consent<'a> {
    pub network: &'a Pubkey,
    pub maker: &'a Pubkey,
    pub owner: &'a Pubkey,
    pub hardware_key: &'a Pubkey,
    pub placement: &'a Placement,
}

/// The exact bytes the hardware key signs.
pub fn onboarding_message(c: &Consent) -> [u8; ONBOARD_MESSAGE_LEN] {
    let mut m = [0u8; ONBOARD_MESSAGE_LEN];
    let mut w = crate::codec::Writer::new(&mut m);
    // The buffer is exactly the right size, so these writes cannot fail.
    let _ = w.put(ONBOARD_DOMAIN);
    let _ = w.put(c.network);
    let _ = w.put(c.maker);
    let _ = w.put(c.owner);
    let _ = w.put(c.hardware_key);
    let _ = w.u64(c.placement.location);
    let _ = w.i16(c.placement.gain_dbi10);
    let _ = w.i32(c.placement.elevation_m);
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
    args.placement.validate(true)?;

    let mut net = Network::load(network, program_id)?;
    if net.paused & PAUSE_ONBOARDING != 0 {
        return Err(HexpinError::OnboardingPaused.into());
    }
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
    // Rewards are paid to the owner's token account: an owner nobody can sign for (the
    // zero key) would strand them for good.
    if owner_key == [0u8; 32] {
        return Err(HexpinError::InvalidNewOwner.into());
    }
    let message = onboarding_message(&Consent {
        network: &network_key,
        maker: &maker_key,
        owner: &owner_key,
        hardware_key: &args.hardware_key,
        placement: &args.placement,
    });
    verify_device_signature(sysvar, &args.hardware_key, &message)?;

    let bump = canonical_pda(hotspot, &[HOTSPOT_SEED, &network_key, &args.hardware_key], program_id)?;
    let b = [bump];
    let seeds = [Seed::from(HOTSPOT_SEED), Seed::from(&network_key), Seed::from(&args.hardware_key), Seed::from(&b)];
    create_pda(&NewPda { payer: payer, target: hotspot, space: Hotspot::LEN, owner: program_id, signer_seeds: &seeds })?;

    let asserted = args.placement.location != 0;
    let location_fee = if asserted { net.location_fee_lamports } else { 0 };
    let fee = net.onboard_fee_lamports.checked_add(location_fee).ok_or(HexpinError::ArithmeticOverflow)?;
    charge_fee(payer, fee_recipient, fee)?;

    let now = Clock::get()?.unix_timestamp;
    let serial = net.hotspot_count.checked_add(1).ok_or(HexpinError::ArithmeticOverflow)?;
    let Placement { location, gain_dbi10, elevation_m } = args.placement;
    let h = Hotspot {
        version: 0,
        bump,
        owner_ata_bump: associated_token_bump(&owner_key, &net.reward_mint)?,
        network: network_key,
        maker: maker_key,
        owner: owner_key,
        hardware_key: args.hardware_key,
        serial,
        location,
        gain_dbi10,
        elevation_m,
        onboarded_at: now,
        location_asserted_at: if asserted { now } else { 0 },
        location_assert_count: asserted as u32,
        claimed: 0,
    };
    h.store(hotspot)?;
    mk.hotspot_count = mk.hotspot_count.checked_add(1).ok_or(HexpinError::ArithmeticOverflow)?;
    mk.store(maker)?;
    net.hotspot_count = serial;
    net.active_hotspot_count = net.active_hotspot_count.checked_add(1).ok_or(HexpinError::ArithmeticOverflow)?;
    net.store(network)?;

    HotspotOnboarded {
        network: network_key,
        maker: maker_key,
        hotspot: hotspot.address().to_bytes(),
        hardware_key: args.hardware_key,
        owner: owner_key,
        serial,
        location,
        gain_dbi10,
        elevation_m,
        fee_lamports: fee,
    }
    .emit()
}
