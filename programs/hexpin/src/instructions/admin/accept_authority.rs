//! `accept_authority`: the proposed authority takes over the network.
//!
//! Accounts: `new_authority` (signer, = network.pending_authority), `network` (writable).
//! Effects: `authority = pending_authority`, pending cleared. Emits `AuthorityAccepted`.

use crate::accounts::{signer, writable};
use crate::error::HexpinError;
use crate::events::{AuthorityAccepted, Event};
use crate::instructions::Ix;
use crate::state::{AccountState, Network};
use pinocchio::{Address, ProgramResult};

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let Ix { program_id, accounts, data } = ix;
    let (program_id, data): (&Address, &[u8]) = (program_id, data);
    let [new_authority, network, ..] = accounts else {
        return Err(HexpinError::NotEnoughAccounts.into());
    };
    if !data.is_empty() {
        return Err(HexpinError::InvalidInstructionData.into());
    }
    signer(new_authority)?;
    writable(network)?;
    let mut net = Network::load(network, program_id)?;
    let key = new_authority.address().to_bytes();
    if net.pending_authority == [0u8; 32] || key != net.pending_authority {
        return Err(HexpinError::NotPendingAuthority.into());
    }
    let previous = net.authority;
    net.authority = key;
    net.pending_authority = [0u8; 32];
    net.store(network)?;
    AuthorityAccepted { network: network.address().to_bytes(), previous, authority: key }.emit()
}
