//! `decommission_hotspot`: a hotspot's owner retires it.
//!
//! Accounts: `owner` (signer, writable: receives the rent, = hotspot.owner), `network`
//! (writable: active count), `hotspot` (writable, of this network).
//! Effects: the hotspot account is closed (data zeroed, lamports to the owner, handed back
//! to the System Program) and the network's active count drops. Rewards of this life that
//! were not claimed first stay in the vault for good: its leaves name its serial, and a
//! later onboarding of the same hardware key gets a new serial and starts from zero, so it
//! can never claim what this life was paid. Emits `HotspotDecommissioned`.

use crate::accounts::{close, signer, writable};
use crate::error::HexpinError;
use crate::events::{Event, HotspotDecommissioned};
use crate::instructions::Ix;
use crate::state::{AccountState, Hotspot, Network};
use pinocchio::{Address, ProgramResult};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let Ix { program_id, accounts, data } = ix;
    let (program_id, data): (&Address, &[u8]) = (program_id, data);
    let [owner, network, hotspot, ..] = accounts else {
        return Err(HexpinError::NotEnoughAccounts.into());
    };
    if !data.is_empty() {
        return Err(HexpinError::InvalidInstructionData.into());
    }
    signer(owner)?;
    writable(owner)?;
    writable(network)?;
    writable(hotspot)?;
    let mut net = Network::load(network, program_id)?;
    let hs = Hotspot::load(hotspot, program_id)?;
    let network_key = network.address().to_bytes();
    if hs.network != network_key {
        return Err(HexpinError::NetworkMismatch.into());
    }
    if owner.address().as_ref() != hs.owner {
        return Err(HexpinError::Unauthorized.into());
    }
    net.active_hotspot_count = net.active_hotspot_count.checked_sub(1).ok_or(HexpinError::ArithmeticOverflow)?;
    net.store(network)?;
    let hotspot_key = hotspot.address().to_bytes();
    close(hotspot, owner)?;

    HotspotDecommissioned {
        network: network_key,
        hotspot: hotspot_key,
        hardware_key: hs.hardware_key,
        serial: hs.serial,
        owner: hs.owner,
        claimed: hs.claimed,
    }
    .emit()
}
