use super::{AccountState, Pubkey};
use crate::codec::{Reader, Writer};
use crate::constants::MAX_MAKER_NAME_LEN;
use crate::error::Result;

/// A hardware vendor. PDA `["maker", network, issuing_key]`. Only an approved maker's
/// issuing key can onboard hotspots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Maker {
    /// 1: layout version, 0 today.
    pub version: u8,
    /// 1: canonical PDA bump.
    pub bump: u8,
    /// 32: the network this maker belongs to.
    pub network: Pubkey,
    /// 32: the vendor's wallet that registered the maker.
    pub authority: Pubkey,
    /// 32: the key that must sign every onboarding by this maker.
    pub issuing_key: Pubkey,
    /// 32: UTF-8 name, zero padded.
    pub name: [u8; MAX_MAKER_NAME_LEN],
    /// 1: bytes of `name` in use.
    pub name_len: u8,
    /// 1: set by the network authority; revoking stops new onboardings.
    pub approved: bool,
    /// 8: hotspots onboarded by this maker.
    pub hotspot_count: u64,
    /// 8: unix time of registration.
    pub created_at: i64,
    // 32 reserved bytes follow.
}

impl AccountState for Maker {
    const DISCRIMINATOR: [u8; 8] = [31, 255, 232, 61, 38, 28, 189, 147];
    const LEN: usize = 8 + 2 + 3 * 32 + MAX_MAKER_NAME_LEN + 2 + 8 + 8 + 32;

    fn decode(r: &mut Reader) -> Result<Self> {
        Ok(Self {
            version: r.u8()?,
            bump: r.u8()?,
            network: r.pubkey()?,
            authority: r.pubkey()?,
            issuing_key: r.pubkey()?,
            name: r.array()?,
            name_len: r.u8()?,
            approved: r.bool()?,
            hotspot_count: r.u64()?,
            created_at: r.i64()?,
        })
    }

    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.u8(self.version)?;
        w.u8(self.bump)?;
        w.put(&self.network)?;
        w.put(&self.authority)?;
        w.put(&self.issuing_key)?;
        w.put(&self.name)?;
        w.u8(self.name_len)?;
        w.bool(self.approved)?;
        w.u64(self.hotspot_count)?;
        w.i64(self.created_at)
    }
}
