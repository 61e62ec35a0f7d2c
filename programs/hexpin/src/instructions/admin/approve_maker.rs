//! `approve_maker`: the network authority approves (or revokes) a maker.
//!
//! Accounts: `authority` (signer, = network.authority), `network`, `maker` (writable,
//! belongs to `network`).
//! Args: `approved: bool`. Effects: sets `maker.approved`; revoking stops new onboardings
//! by that maker, hotspots already onboarded stay. Emits `MakerApprovalChanged`.

use crate::accounts::{signer, writable};
use crate::codec::Reader;
use crate::error::{HexpinError, Result};
use crate::events::{Event, MakerApprovalChanged};
use crate::state::{AccountState, Maker, Network};
use crate::instructions::Ix;
use pinocchio::{Address, ProgramResult};

pub fn decode(data: &[u8]) -> Result<bool> {
    let mut r = Reader::new(data);
    let approved = r.bool()?;
    r.finish()?;
    Ok(approved)
}

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let Ix { program_id, accounts, data } = ix;
    let (program_id, data): (&Address, &[u8]) = (program_id, data);
    let [authority, network, maker, ..] = accounts else {
        return Err(HexpinError::NotEnoughAccounts.into());
    };
    signer(authority)?;
    writable(maker)?;
    let approved = decode(data)?;
    let net = Network::load(network, program_id)?;
    if authority.address().as_ref() != net.authority {
        return Err(HexpinError::Unauthorized.into());
    }
    let mut m = Maker::load(maker, program_id)?;
    if m.network != network.address().to_bytes() {
        return Err(HexpinError::NetworkMismatch.into());
    }
    m.approved = approved;
    m.store(maker)?;
    MakerApprovalChanged { network: m.network, maker: maker.address().to_bytes(), approved }.emit()
}
