//! `propose_authority`: first step of handing the network to a new authority, which must
//! then sign `accept_authority` (so a typo cannot orphan the network).
//!
//! Accounts: `authority` (signer, = network.authority), `network` (writable).
//! Args: `new_authority: Pubkey`; the zero key cancels a pending proposal.
//! Effects: sets `pending_authority`. Emits `AuthorityProposed`.

use crate::accounts::{signer, writable};
use crate::codec::Reader;
use crate::error::HexpinError;
use crate::events::{AuthorityProposed, Event};
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
    let pending = r.pubkey()?;
    r.finish()?;
    let mut net = Network::load(network, program_id)?;
    if authority.address().as_ref() != net.authority {
        return Err(HexpinError::Unauthorized.into());
    }
    net.pending_authority = pending;
    net.store(network)?;
    AuthorityProposed { network: network.address().to_bytes(), authority: net.authority, pending }.emit()
}
