//! `transfer_hotspot`: a hotspot's owner hands it to another wallet.
//!
//! Accounts: `owner` (signer, = hotspot.owner), `new_owner` (any wallet or PDA),
//! `network`, `hotspot` (writable, of this network).
//! Preconditions: `new_owner` differs from the owner and is not the zero key.
//! Effects: `hotspot.owner = new_owner` and the bump of its reward ATA is recomputed, so
//! every later claim — including rewards accrued before the transfer and not yet claimed —
//! pays the new owner. Emits `HotspotTransferred`.

use crate::accounts::{associated_token_bump, signer, writable};
use crate::error::HexpinError;
use crate::events::{Event, HotspotTransferred};
use crate::instructions::Ix;
use crate::state::{AccountState, Hotspot, Network};
use pinocchio::{Address, ProgramResult};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let Ix { program_id, accounts, data } = ix;
    let (program_id, data): (&Address, &[u8]) = (program_id, data);
    let [owner, new_owner, network, hotspot, ..] = accounts else {
        return Err(HexpinError::NotEnoughAccounts.into());
    };
    if !data.is_empty() {
        return Err(HexpinError::InvalidInstructionData.into());
    }
    signer(owner)?;
    writable(hotspot)?;
    let net = Network::load(network, program_id)?;
    let mut hs = Hotspot::load(hotspot, program_id)?;
    let network_key = network.address().to_bytes();
    if hs.network != network_key {
        return Err(HexpinError::NetworkMismatch.into());
    }
    if owner.address().as_ref() != hs.owner {
        return Err(HexpinError::Unauthorized.into());
    }
    let to = new_owner.address().to_bytes();
    if to == hs.owner || to == [0u8; 32] {
        return Err(HexpinError::InvalidNewOwner.into());
    }
    let from = hs.owner;
    hs.owner = to;
    hs.owner_ata_bump = associated_token_bump(&to, &net.reward_mint)?;
    hs.store(hotspot)?;

    HotspotTransferred { network: network_key, hotspot: hotspot.address().to_bytes(), from, to }.emit()
}
