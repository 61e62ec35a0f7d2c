//! `update_network`: the network authority changes fees, the fee recipient, the location
//! cooldown, the supply cap and future emission. Every value is validated so that no
//! update can make another instruction fail forever.
//!
//! Accounts: `authority` (signer, = network.authority), `network` (writable),
//! `fee_recipient` (the new recipient when one is set; otherwise any account).
//! Args (`NetworkUpdate`, each field optional, `None` keeps the current value):
//! - `onboard_fee_lamports`, `location_fee_lamports: u64`;
//! - `location_cooldown_secs: i64` (0 … ten years);
//! - `fee_recipient: Pubkey`: must be the account passed, which must exist with at least
//!   its rent-exempt minimum and be neither executable nor a sysvar nor the System
//!   Program, so fee transfers into it always succeed, nor one of hexpin's own accounts,
//!   from which the lamports could never leave;
//! - `max_supply: u64`: ≥ what was already emitted, > 0;
//! - `future_emission_steps: Vec<EmissionStep>`: steps starting at or after
//!   `current_epoch` (the next epoch to close), strictly increasing; the current steps
//!   that start before the first new one are kept, so minted epochs never change.
//! Effects: stores the values, checks the network's invariant. Emits `NetworkUpdated`.

use crate::accounts::{creditable, signer, writable};
use crate::codec::Reader;
use crate::constants::MAX_EMISSION_STEPS;
use crate::error::{HexpinError, Result};
use crate::events::{Event, NetworkUpdated};
use crate::instructions::Ix;
use crate::state::network::{validate_location_cooldown, validate_schedule, EmissionStep};
use crate::state::{AccountState, Network, Pubkey};
use pinocchio::{Address, ProgramResult};

pub struct NetworkUpdate {
    pub onboard_fee_lamports: Option<u64>,
    pub location_fee_lamports: Option<u64>,
    pub location_cooldown_secs: Option<i64>,
    pub fee_recipient: Option<Pubkey>,
    pub max_supply: Option<u64>,
    /// `(count, steps)` when set.
    pub future_emission_steps: Option<(usize, [EmissionStep; MAX_EMISSION_STEPS])>,
}

fn some(r: &mut Reader) -> Result<bool> {
    r.bool()
}

impl NetworkUpdate {
    pub fn decode(data: &[u8]) -> Result<Self> {
        let mut r = Reader::new(data);
        let onboard_fee_lamports = if some(&mut r)? { Some(r.u64()?) } else { None };
        let location_fee_lamports = if some(&mut r)? { Some(r.u64()?) } else { None };
        let location_cooldown_secs = if some(&mut r)? { Some(r.i64()?) } else { None };
        let fee_recipient = if some(&mut r)? { Some(r.pubkey()?) } else { None };
        let max_supply = if some(&mut r)? { Some(r.u64()?) } else { None };
        let future_emission_steps = if some(&mut r)? {
            let n = r.u32()? as usize;
            if n == 0 || n > MAX_EMISSION_STEPS {
                return Err(HexpinError::InvalidEmissionSchedule.into());
            }
            let mut steps = [EmissionStep::default(); MAX_EMISSION_STEPS];
            for s in steps.iter_mut().take(n) {
                s.start_epoch = r.u64()?;
                s.amount_per_epoch = r.u64()?;
            }
            Some((n, steps))
        } else {
            None
        };
        r.finish()?;
        Ok(Self {
            onboard_fee_lamports,
            location_fee_lamports,
            location_cooldown_secs,
            fee_recipient,
            max_supply,
            future_emission_steps,
        })
    }
}

/// The schedule after replacing everything from `future[0].start_epoch` on.
fn merge_schedule(net: &Network, count: usize, future: &[EmissionStep; MAX_EMISSION_STEPS]) -> Result<(u8, [EmissionStep; MAX_EMISSION_STEPS])> {
    let first = future.first().ok_or(HexpinError::InvalidEmissionSchedule)?.start_epoch;
    if first < net.current_epoch {
        return Err(HexpinError::InvalidEmissionSchedule.into());
    }
    let mut merged = [EmissionStep::default(); MAX_EMISSION_STEPS];
    let mut n = 0usize;
    let kept = net.emission_schedule.iter().take(net.emission_step_count as usize).filter(|s| s.start_epoch < first);
    for step in kept.chain(future.iter().take(count)) {
        let slot = merged.get_mut(n).ok_or(HexpinError::InvalidEmissionSchedule)?;
        *slot = *step;
        n += 1;
    }
    validate_schedule(&merged, n as u8)?;
    Ok((n as u8, merged))
}

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let Ix { program_id, accounts, data } = ix;
    let (program_id, data): (&Address, &[u8]) = (program_id, data);
    let [authority, network, fee_recipient, ..] = accounts else {
        return Err(HexpinError::NotEnoughAccounts.into());
    };
    signer(authority)?;
    writable(network)?;
    let update = NetworkUpdate::decode(data)?;
    let mut net = Network::load(network, program_id)?;
    if authority.address().as_ref() != net.authority {
        return Err(HexpinError::Unauthorized.into());
    }
    if let Some(fee) = update.onboard_fee_lamports {
        net.onboard_fee_lamports = fee;
    }
    if let Some(fee) = update.location_fee_lamports {
        net.location_fee_lamports = fee;
    }
    if let Some(secs) = update.location_cooldown_secs {
        validate_location_cooldown(secs)?;
        net.location_cooldown_secs = secs;
    }
    if let Some(recipient) = update.fee_recipient {
        if fee_recipient.address().as_ref() != recipient {
            return Err(HexpinError::WrongFeeRecipient.into());
        }
        creditable(fee_recipient, program_id)?;
        net.fee_recipient = recipient;
    }
    if let Some(cap) = update.max_supply {
        if cap == 0 || cap < net.total_emitted {
            return Err(HexpinError::InvalidMaxSupply.into());
        }
        net.max_supply = cap;
    }
    if let Some((count, steps)) = &update.future_emission_steps {
        let (n, merged) = merge_schedule(&net, *count, steps)?;
        net.emission_step_count = n;
        net.emission_schedule = merged;
    }
    net.invariant()?;
    net.store(network)?;
    NetworkUpdated { network: network.address().to_bytes() }.emit()
}
