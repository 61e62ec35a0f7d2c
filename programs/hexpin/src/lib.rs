#![cfg_attr(any(target_arch = "bpf", target_os = "solana"), no_std)]
use pinocchio::{AccountView, Address, ProgramResult};

#[cfg(any(target_arch = "bpf", target_os = "solana"))]
mod entry {
    pinocchio::program_entrypoint!(super::process_instruction);
    pinocchio::no_allocator!();
    pinocchio::nostd_panic_handler!();
}

pub fn process_instruction(_program_id: &Address, accounts: &mut [AccountView], data: &[u8]) -> ProgramResult {
    if data.is_empty() { return Err(pinocchio::error::ProgramError::Custom(6000)); }
    let _ = accounts;
    Ok(())
}
