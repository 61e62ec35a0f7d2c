//! Account checks shared by every instruction, each mapped to one named error, and PDA
//! creation that tolerates a pre-funded address (someone sending lamports to a PDA before
//! it exists must not block its creation).

use crate::error::{HexpinError, Result};
use pinocchio::cpi::{Seed, Signer};
use pinocchio::sysvars::{rent::Rent, Sysvar};
use pinocchio::{AccountView, Address};

pub fn signer(a: &AccountView) -> Result<()> {
    if a.is_signer() { Ok(()) } else { Err(HexpinError::MissingSigner.into()) }
}

pub fn writable(a: &AccountView) -> Result<()> {
    if a.is_writable() { Ok(()) } else { Err(HexpinError::AccountNotWritable.into()) }
}

pub fn program(a: &AccountView, id: &Address) -> Result<()> {
    if a.address() == id { Ok(()) } else { Err(HexpinError::WrongProgram.into()) }
}

/// Derives the canonical PDA for `seeds` and checks `a` is it; returns the bump.
pub fn canonical_pda(a: &AccountView, seeds: &[&[u8]], program_id: &Address) -> Result<u8> {
    let (expected, bump) =
        Address::try_find_program_address(seeds, program_id).ok_or(HexpinError::InvalidPda)?;
    if a.address() != &expected {
        return Err(HexpinError::InvalidPda.into());
    }
    Ok(bump)
}

/// A PDA account to create: passed by reference because the BPF backend allows at most
/// five argument registers per call (a slice takes two).
pub struct NewPda<'a, 'b> {
    pub payer: &'a AccountView,
    pub target: &'a AccountView,
    pub space: usize,
    pub owner: &'a Address,
    pub signer_seeds: &'a [Seed<'b>],
}

/// Creates `new.target` with `new.space` bytes, rent-exempt, owned by `new.owner`, paid
/// by `new.payer`. An account that already has data or the owner is refused.
pub fn create_pda(new: &NewPda) -> Result<()> {
    let NewPda { payer, target, space, owner, signer_seeds } = *new;
    if target.owned_by(owner) || target.data_len() != 0 {
        return Err(HexpinError::AccountAlreadyInitialized.into());
    }
    let rent = Rent::get()?.try_minimum_balance(space)?;
    let signer = [Signer::from(signer_seeds)];
    let have = target.lamports();
    if have == 0 {
        return pinocchio_system::instructions::CreateAccount {
            from: payer,
            to: target,
            lamports: rent,
            space: space as u64,
            owner,
        }
        .invoke_signed(&signer);
    }
    if have < rent {
        pinocchio_system::instructions::Transfer { from: payer, to: target, lamports: rent - have }.invoke()?;
    }
    pinocchio_system::instructions::Allocate { account: target, space: space as u64 }.invoke_signed(&signer)?;
    pinocchio_system::instructions::Assign { account: target, owner }.invoke_signed(&signer)
}
