//! Checking, through the instructions sysvar, that an Ed25519 precompile instruction in
//! this transaction verified exactly one signature by `expected_key` over exactly
//! `expected_message`. The precompile itself has already rejected the transaction if the
//! signature were invalid; what remains is to make sure it checked *our* key and message.
//!
//! Precompile data: `u8 count, u8 padding`, then per signature seven u16 LE fields:
//! signature offset, signature instruction index, public key offset, public key
//! instruction index, message offset, message size, message instruction index. An index
//! of `u16::MAX` means "this instruction's own data"; we require that for all three, so
//! the checked bytes cannot be borrowed from some other instruction.

use crate::error::{HexpinError, Result};

const HEADER_LEN: usize = 2;
const OFFSETS_LEN: usize = 14;
const SIGNATURE_LEN: usize = 64;
const THIS_INSTRUCTION: u16 = u16::MAX;

fn u16_at(data: &[u8], at: usize) -> Result<u16> {
    let b = data.get(at..at + 2).ok_or(HexpinError::Ed25519InstructionInvalid)?;
    let b: [u8; 2] = b.try_into().map_err(|_| HexpinError::Ed25519InstructionInvalid)?;
    Ok(u16::from_le_bytes(b))
}

fn slice_at(data: &[u8], offset: u16, len: usize) -> Result<&[u8]> {
    let start = offset as usize;
    data.get(start..start + len).ok_or_else(|| HexpinError::Ed25519InstructionInvalid.into())
}

/// Validates the data of an Ed25519 precompile instruction (its program id is checked by
/// the caller).
pub fn check_precompile_data(data: &[u8], expected_key: &[u8; 32], expected_message: &[u8]) -> Result<()> {
    if data.len() < HEADER_LEN + OFFSETS_LEN || data.first() != Some(&1) {
        return Err(HexpinError::Ed25519InstructionInvalid.into());
    }
    let o = HEADER_LEN;
    let sig_offset = u16_at(data, o)?;
    let sig_ix = u16_at(data, o + 2)?;
    let key_offset = u16_at(data, o + 4)?;
    let key_ix = u16_at(data, o + 6)?;
    let msg_offset = u16_at(data, o + 8)?;
    let msg_size = u16_at(data, o + 10)?;
    let msg_ix = u16_at(data, o + 12)?;
    if sig_ix != THIS_INSTRUCTION || key_ix != THIS_INSTRUCTION || msg_ix != THIS_INSTRUCTION {
        return Err(HexpinError::Ed25519InstructionInvalid.into());
    }
    slice_at(data, sig_offset, SIGNATURE_LEN)?;
    if slice_at(data, key_offset, 32)? != expected_key {
        return Err(HexpinError::Ed25519KeyMismatch.into());
    }
    if slice_at(data, msg_offset, msg_size as usize)? != expected_message {
        return Err(HexpinError::Ed25519MessageMismatch.into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pinocchio::error::ProgramError;

    fn code(r: Result<()>) -> u32 {
        match r {
            Err(ProgramError::Custom(c)) => c,
            other => panic!("expected a custom error, got {other:?}"),
        }
    }

    /// Builds precompile data the way @solana/web3.js `Ed25519Program` lays it out.
    fn data(key: &[u8; 32], msg: &[u8], ix: u16) -> Vec<u8> {
        let key_off = 16u16;
        let sig_off = key_off + 32;
        let msg_off = sig_off + 64;
        let mut d = vec![1u8, 0];
        for v in [sig_off, ix, key_off, ix, msg_off, msg.len() as u16, ix] {
            d.extend_from_slice(&v.to_le_bytes());
        }
        d.extend_from_slice(key);
        d.extend_from_slice(&[9u8; 64]);
        d.extend_from_slice(msg);
        d
    }

    #[test]
    fn accepts_self_referencing_data_with_the_expected_key_and_message() {
        assert!(check_precompile_data(&data(&[7; 32], b"hello", u16::MAX), &[7; 32], b"hello").is_ok());
    }

    #[test]
    fn rejects_other_key_other_message_and_foreign_instruction_indexes() {
        let d = data(&[7; 32], b"hello", u16::MAX);
        assert_eq!(code(check_precompile_data(&d, &[8; 32], b"hello")), HexpinError::Ed25519KeyMismatch as u32);
        assert_eq!(code(check_precompile_data(&d, &[7; 32], b"hellO")), HexpinError::Ed25519MessageMismatch as u32);
        assert_eq!(code(check_precompile_data(&d, &[7; 32], b"hell")), HexpinError::Ed25519MessageMismatch as u32);
        let foreign = data(&[7; 32], b"hello", 0);
        assert_eq!(code(check_precompile_data(&foreign, &[7; 32], b"hello")), HexpinError::Ed25519InstructionInvalid as u32);
    }

    #[test]
    fn rejects_two_signatures_and_truncated_data() {
        let mut d = data(&[7; 32], b"hello", u16::MAX);
        d[0] = 2;
        assert_eq!(code(check_precompile_data(&d, &[7; 32], b"hello")), HexpinError::Ed25519InstructionInvalid as u32);
        let d = data(&[7; 32], b"hello", u16::MAX);
        assert_eq!(code(check_precompile_data(&d[..40], &[7; 32], b"hello")), HexpinError::Ed25519InstructionInvalid as u32);
    }
}
