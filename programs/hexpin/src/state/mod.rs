//! Account state. Each account is Anchor-shaped: an 8-byte `sha256("account:<Name>")`
//! prefix, then the Borsh encoding of its fields in declaration order, at a fixed size
//! with reserved bytes for later versions.

pub mod epoch;
pub mod hotspot;
pub mod maker;
pub mod network;

pub use {epoch::Epoch, hotspot::Hotspot, maker::Maker, network::Network};

use crate::error::{HexpinError, Result};
use pinocchio::{AccountView, Address};

/// An account type the program owns: its discriminator, size and Borsh codec.
pub trait AccountState: Sized {
    const DISCRIMINATOR: [u8; 8];
    /// Total account size, discriminator included.
    const LEN: usize;
    fn decode(body: &mut crate::codec::Reader) -> Result<Self>;
    fn encode(&self, body: &mut crate::codec::Writer) -> Result<()>;

    /// Reads the account after checking that this program owns it and that it carries
    /// this type's discriminator: the two checks that make its stored fields trustworthy.
    fn load(account: &AccountView, program_id: &Address) -> Result<Self> {
        if !account.owned_by(program_id) {
            return Err(HexpinError::WrongAccountOwner.into());
        }
        let data = account.try_borrow()?;
        let disc = data.get(..8).ok_or(HexpinError::AccountDiscriminatorMismatch)?;
        if disc != Self::DISCRIMINATOR || data.len() != Self::LEN {
            return Err(HexpinError::AccountDiscriminatorMismatch.into());
        }
        let body = data.get(8..).ok_or(HexpinError::AccountDiscriminatorMismatch)?;
        Self::decode(&mut crate::codec::Reader::new(body))
    }

    /// Writes discriminator and fields; reserved bytes stay zero.
    fn store(&self, account: &mut AccountView) -> Result<()> {
        let mut data = account.try_borrow_mut()?;
        let mut w = crate::codec::Writer::new(&mut data);
        w.put(&Self::DISCRIMINATOR)?;
        self.encode(&mut w)
    }
}

pub type Pubkey = [u8; 32];
