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

/// The address of `owner`'s associated token account of `mint` under SPL Token, from a
/// known bump: one hash instead of a bump search.
pub fn associated_token_address(owner: &[u8; 32], mint: &[u8; 32], bump: u8) -> Result<Address> {
    let b = [bump];
    let seeds: [&[u8]; 4] = [owner, crate::constants::TOKEN_PROGRAM_ID.as_ref(), mint, &b];
    create_program_address(&seeds, &crate::constants::ASSOCIATED_TOKEN_PROGRAM_ID).ok_or_else(|| HexpinError::WrongTokenAccount.into())
}

/// `create_program_address` through the syscall directly: the library wrapper converts
/// the syscall's error code with a panicking path that the 0.1.9 relinker mislinks into
/// an unloadable program.
#[cfg(any(target_arch = "bpf", target_os = "solana"))]
fn create_program_address(seeds: &[&[u8]], program_id: &Address) -> Option<Address> {
    let mut out = [0u8; 32];
    // SAFETY: the syscall reads `seeds.len()` (ptr, len) pairs and 32 program-id bytes and
    // writes 32 bytes into `out`.
    let rc = unsafe {
        pinocchio::syscalls::sol_create_program_address(
            seeds.as_ptr() as *const u8,
            seeds.len() as u64,
            program_id.as_ref().as_ptr(),
            out.as_mut_ptr(),
        )
    };
    if rc == 0 { Some(Address::new_from_array(out)) } else { None }
}

#[cfg(not(any(target_arch = "bpf", target_os = "solana")))]
fn create_program_address(seeds: &[&[u8]], program_id: &Address) -> Option<Address> {
    Address::create_program_address(seeds, program_id).ok()
}

/// The canonical bump of `owner`'s associated token account of `mint`.
pub fn associated_token_bump(owner: &[u8; 32], mint: &[u8; 32]) -> Result<u8> {
    Address::try_find_program_address(
        &[owner, crate::constants::TOKEN_PROGRAM_ID.as_ref(), mint],
        &crate::constants::ASSOCIATED_TOKEN_PROGRAM_ID,
    )
    .map(|(_, bump)| bump)
    .ok_or_else(|| HexpinError::InvalidNewOwner.into())
}

/// Whether a system transfer into `a` can succeed now and later: an account that exists
/// with at least the rent-exempt minimum for its size (so a small fee cannot leave it
/// below rent), is not executable (programs, builtins and precompiles) and is not a
/// sysvar or the System Program (both demoted to read-only in every transaction), nor
/// one of this program's own accounts (lamports credited there could never leave).
pub fn creditable(a: &AccountView, program_id: &Address) -> Result<()> {
    let key = a.address();
    if key.as_ref() == &[0u8; 32]
        || key.as_ref().starts_with(&crate::constants::SYSVAR_PREFIX)
        || a.owned_by(&crate::constants::SYSVAR_OWNER_ID)
        || a.owned_by(program_id)
        || a.executable()
    {
        return Err(HexpinError::InvalidFeeRecipient.into());
    }
    let rent = Rent::get()?.try_minimum_balance(a.data_len())?;
    if a.lamports() == 0 || a.lamports() < rent {
        return Err(HexpinError::InvalidFeeRecipient.into());
    }
    Ok(())
}

/// Closes a program account: its lamports go to `to`, its data is zeroed, and it is
/// handed back to the System Program with no data, so it cannot be revived with its old
/// contents (anyone may fund the address again; it is then a plain empty account).
pub fn close(account: &mut AccountView, to: &mut AccountView) -> Result<()> {
    let lamports = account.lamports();
    let total = to.lamports().checked_add(lamports).ok_or(HexpinError::ArithmeticOverflow)?;
    {
        let mut data = account.try_borrow_mut()?;
        data.fill(0);
    }
    to.set_lamports(total);
    account.set_lamports(0);
    account.close()
}

/// Transfers `lamports` from a signing system account to `to`, if any. A fee that would
/// leave `to` below its rent-exempt minimum — a recipient address that does not exist
/// (yet, or any more) credited less than that — is refused here with a typed error; the
/// runtime would otherwise fail the whole transaction after the fact, untyped.
pub fn charge_fee(payer: &AccountView, to: &AccountView, lamports: u64) -> Result<()> {
    if lamports == 0 {
        return Ok(());
    }
    writable(to)?;
    let rent = Rent::get()?.try_minimum_balance(to.data_len())?;
    if to.lamports().saturating_add(lamports) < rent {
        return Err(HexpinError::InvalidFeeRecipient.into());
    }
    pinocchio_system::instructions::Transfer { from: payer, to, lamports }.invoke()
}
