//! `register_maker`: a hardware vendor registers a name and an issuing key. The maker
//! starts unapproved; only the network authority can approve it.
//!
//! Accounts: `authority` (signer, writable, pays; the vendor's wallet), `issuing_key`
//! (signer: proves possession, so nobody can register a vendor's key before the vendor
//! does), `network` (writable: maker count), `maker` (writable, PDA `["maker", network,
//! issuing_key]`), `system_program`.
//! Args: `name: String` (1–32 bytes UTF-8).
//! Effects: creates the maker. Emits `MakerRegistered`.

use crate::accounts::{canonical_pda, create_pda, NewPda, program, signer, writable};
use crate::codec::Reader;
use crate::constants::*;
use crate::error::{HexpinError, Result};
use crate::events::{Event, MakerRegistered};
use crate::state::{AccountState, Maker, Network, Pubkey};
use pinocchio::cpi::Seed;
use pinocchio::sysvars::{clock::Clock, Sysvar};
use crate::instructions::Ix;
use pinocchio::{Address, ProgramResult};

pub struct RegisterMakerArgs {
    pub name: [u8; MAX_MAKER_NAME_LEN],
    pub name_len: u8,
}

impl RegisterMakerArgs {
    pub fn decode(data: &[u8]) -> Result<Self> {
        let mut r = Reader::new(data);
        let len = r.u32()? as usize;
        if len == 0 || len > MAX_MAKER_NAME_LEN {
            return Err(HexpinError::InvalidMakerName.into());
        }
        let bytes = r.bytes(len)?;
        if core::str::from_utf8(bytes).is_err() {
            return Err(HexpinError::InvalidMakerName.into());
        }
        let mut name = [0u8; MAX_MAKER_NAME_LEN];
        name.get_mut(..len).ok_or(HexpinError::InvalidMakerName)?.copy_from_slice(bytes);
        r.finish()?;
        Ok(Self { name, name_len: len as u8 })
    }
}

#[inline(never)]
pub fn process(ix: &mut Ix) -> ProgramResult {
    let Ix { program_id, accounts, data } = ix;
    let (program_id, data): (&Address, &[u8]) = (program_id, data);
    let [authority, issuing_key, network, maker, system_program, ..] = accounts else {
        return Err(HexpinError::NotEnoughAccounts.into());
    };
    signer(authority)?;
    writable(authority)?;
    signer(issuing_key)?;
    writable(network)?;
    writable(maker)?;
    program(system_program, &SYSTEM_PROGRAM_ID)?;
    let args = RegisterMakerArgs::decode(data)?;
    let issuing: Pubkey = issuing_key.address().to_bytes();
    let mut net = Network::load(network, program_id)?;
    let network_key = *network.address();
    let bump = canonical_pda(maker, &[MAKER_SEED, network_key.as_ref(), &issuing], program_id)?;
    let b = [bump];
    let seeds = [Seed::from(MAKER_SEED), Seed::from(network_key.as_ref()), Seed::from(&issuing), Seed::from(&b)];
    create_pda(&NewPda { payer: authority, target: maker, space: Maker::LEN, owner: program_id, signer_seeds: &seeds })?;

    let m = Maker {
        version: 0,
        bump,
        network: network_key.to_bytes(),
        authority: authority.address().to_bytes(),
        issuing_key: issuing,
        name: args.name,
        name_len: args.name_len,
        approved: false,
        hotspot_count: 0,
        created_at: Clock::get()?.unix_timestamp,
    };
    m.store(maker)?;
    net.maker_count = net.maker_count.checked_add(1).ok_or(HexpinError::ArithmeticOverflow)?;
    net.store(network)?;

    MakerRegistered {
        network: m.network,
        maker: maker.address().to_bytes(),
        authority: m.authority,
        issuing_key: m.issuing_key,
        name: args.name.get(..args.name_len as usize).unwrap_or(&[]),
    }
    .emit()
}
