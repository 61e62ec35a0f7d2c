//! `assert_location`: a hotspot's owner moves it, or corrects its antenna.
//!
//! Accounts: `payer` (signer, writable; pays the location fee — a maker or a service may
//! pay for the owner), `owner` (signer, = hotspot.owner), `network`, `hotspot` (writable,
//! of this network), `fee_recipient` (writable when a fee is due, = network.fee_recipient),
//! `system_program`.
//! Args: `location: u64` (an H3 resolution-12 cell), `gain_dbi10: i16` (0–150),
//! `elevation_m: i32` (−500–10000).
//! Preconditions: `location_cooldown_secs` have passed since the last assertion.
//! Effects: charges `network.location_fee_lamports`; records location, gain, elevation,
//! time and count. Emits `LocationAsserted`.

use crate::accounts::{charge_fee, program, signer, writable};
use crate::codec::Reader;
use crate::constants::*;
use crate::error::{HexpinError, Result};
use crate::events::{Event, LocationAsserted};
use crate::instructions::Ix;
use crate::state::{AccountState, Hotspot, Network};
use pinocchio::sysvars::{clock::Clock, Sysvar};
use pinocchio::{Address, ProgramResult};

/// Location, gain and elevation as a hotspot asserts them (at onboarding or later).
pub struct Placement {
    pub location: u64,
    pub gain_dbi10: i16,
    pub elevation_m: i32,
}

impl Placement {
    pub fn read(r: &mut Reader) -> Result<Self> {
        Ok(Self { location: r.u64()?, gain_dbi10: r.i16()?, elevation_m: r.i32()? })
    }

    /// Gain and elevation within bounds, and a location that is 0 (only where `allow_unset`)
    /// or a structurally valid resolution-12 cell.
    pub fn validate(&self, allow_unset: bool) -> Result<()> {
        let unset_ok = allow_unset && self.location == 0;
        if !unset_ok && !crate::h3::is_valid_cell(self.location, LOCATION_RESOLUTION) {
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

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let Ix { program_id, accounts, data } = ix;
    let (program_id, data): (&Address, &[u8]) = (program_id, data);
    let [payer, owner, network, hotspot, fee_recipient, system_program, ..] = accounts else {
        return Err(HexpinError::NotEnoughAccounts.into());
    };
    signer(payer)?;
    writable(payer)?;
    signer(owner)?;
    writable(hotspot)?;
    program(system_program, &SYSTEM_PROGRAM_ID)?;
    let mut r = Reader::new(data);
    let placement = Placement::read(&mut r)?;
    r.finish()?;
    placement.validate(false)?;

    let net = Network::load(network, program_id)?;
    let mut hs = Hotspot::load(hotspot, program_id)?;
    let network_key = network.address().to_bytes();
    if hs.network != network_key {
        return Err(HexpinError::NetworkMismatch.into());
    }
    if owner.address().as_ref() != hs.owner {
        return Err(HexpinError::Unauthorized.into());
    }
    if fee_recipient.address().as_ref() != net.fee_recipient {
        return Err(HexpinError::WrongFeeRecipient.into());
    }
    let now = Clock::get()?.unix_timestamp;
    if hs.location_assert_count > 0 {
        let ready_at = hs.location_asserted_at.checked_add(net.location_cooldown_secs).ok_or(HexpinError::ArithmeticOverflow)?;
        if now < ready_at {
            return Err(HexpinError::LocationCooldownActive.into());
        }
    }
    let fee = net.location_fee_lamports;
    charge_fee(payer, fee_recipient, fee)?;

    hs.location = placement.location;
    hs.gain_dbi10 = placement.gain_dbi10;
    hs.elevation_m = placement.elevation_m;
    hs.location_asserted_at = now;
    hs.location_assert_count = hs.location_assert_count.checked_add(1).ok_or(HexpinError::ArithmeticOverflow)?;
    hs.store(hotspot)?;

    LocationAsserted {
        network: network_key,
        hotspot: hotspot.address().to_bytes(),
        location: hs.location,
        gain_dbi10: hs.gain_dbi10,
        elevation_m: hs.elevation_m,
        assert_count: hs.location_assert_count,
        fee_lamports: fee,
    }
    .emit()
}
