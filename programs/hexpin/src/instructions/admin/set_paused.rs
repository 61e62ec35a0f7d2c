//! `set_paused`: the network authority pauses or resumes onboarding and claims. Roots may
//! still be posted while paused, so no epoch is lost.
//!
//! Accounts: `authority` (signer, = network.authority), `network` (writable).
//! Args: `paused: u8` — bit 0 pauses onboarding, bit 1 claims; other bits are refused.
//! Effects: sets `network.paused`. Emits `PauseChanged`.

use crate::accounts::{signer, writable};
use crate::codec::Reader;
use crate::constants::PAUSE_ALL;
use crate::error::HexpinError;
use crate::events::{Event, PauseChanged};
use crate::instructions::Ix;
use crate::state::{AccountState, Network};
use pinocchio::{Address, ProgramResult};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let Ix { program_id, accounts, data } = ix;
    let (program_id, data): (&Address, &[u8]) = (program_id, data);
    let [authority, network, ..] = accounts else {
        return Err(HexpinError::NotEnoughAccounts.into());
    };
    signer(authority)?;
    writable(network)?;
    let mut r = Reader::new(data);
    let paused = r.u8()?;
    r.finish()?;
    if paused & !PAUSE_ALL != 0 {
        return Err(HexpinError::InvalidPauseFlags.into());
    }
    let mut net = Network::load(network, program_id)?;
    if authority.address().as_ref() != net.authority {
        return Err(HexpinError::Unauthorized.into());
    }
    net.paused = paused;
    net.store(network)?;
    PauseChanged { network: network.address().to_bytes(), paused }.emit()
}
