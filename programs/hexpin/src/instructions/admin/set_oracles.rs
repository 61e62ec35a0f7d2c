//! `set_oracles`: the network authority replaces the oracle set and its quorum.
//!
//! Accounts: `authority` (signer, = network.authority), `network` (writable).
//! Args: `oracles: Vec<Pubkey>` (1–8, unique, non-zero), `oracle_quorum: u8`
//! (1 ≤ quorum ≤ count).
//! Effects: replaces the set, bumps `oracle_config_version`: votes cast under an older
//! version never count towards any root (each epoch discards them at its next vote).
//! Emits `OraclesUpdated`.

use crate::accounts::{signer, writable};
use crate::codec::Reader;
use crate::constants::MAX_ORACLES;
use crate::error::{HexpinError, Result};
use crate::events::{Event, OraclesUpdated};
use crate::instructions::Ix;
use crate::state::network::validate_oracles;
use crate::state::{AccountState, Network, Pubkey};
use pinocchio::{Address, ProgramResult};

pub struct SetOraclesArgs {
    pub oracles: [Pubkey; MAX_ORACLES],
    pub oracle_count: u8,
    pub oracle_quorum: u8,
}

impl SetOraclesArgs {
    pub fn decode(data: &[u8]) -> Result<Self> {
        let mut r = Reader::new(data);
        let count = r.u32()? as usize;
        if count > MAX_ORACLES {
            return Err(HexpinError::InvalidOracleSet.into());
        }
        let mut oracles = [[0u8; 32]; MAX_ORACLES];
        for o in oracles.iter_mut().take(count) {
            *o = r.pubkey()?;
        }
        let args = Self { oracles, oracle_count: count as u8, oracle_quorum: r.u8()? };
        r.finish()?;
        Ok(args)
    }
}

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let Ix { program_id, accounts, data } = ix;
    let (program_id, data): (&Address, &[u8]) = (program_id, data);
    let [authority, network, ..] = accounts else {
        return Err(HexpinError::NotEnoughAccounts.into());
    };
    signer(authority)?;
    writable(network)?;
    let args = SetOraclesArgs::decode(data)?;
    validate_oracles(&args.oracles, args.oracle_count, args.oracle_quorum)?;
    let mut net = Network::load(network, program_id)?;
    if authority.address().as_ref() != net.authority {
        return Err(HexpinError::Unauthorized.into());
    }
    net.oracles = args.oracles;
    net.oracle_count = args.oracle_count;
    net.oracle_quorum = args.oracle_quorum;
    net.oracle_config_version = net.oracle_config_version.checked_add(1).ok_or(HexpinError::ArithmeticOverflow)?;
    net.invariant()?;
    net.store(network)?;

    OraclesUpdated {
        network: network.address().to_bytes(),
        config_version: net.oracle_config_version,
        oracles: net.oracles.get(..net.oracle_count as usize).unwrap_or(&[]),
        oracle_quorum: net.oracle_quorum,
    }
    .emit()
}
