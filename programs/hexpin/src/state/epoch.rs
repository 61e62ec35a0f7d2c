use super::{AccountState, Pubkey};
use crate::codec::{Reader, Writer};
use crate::error::Result;

/// One closed emission epoch. PDA `["epoch", network, epoch as u64 LE]`. Created by
/// `advance_epoch`, which mints `emission` into the rewards vault; the oracle set later
/// posts the Merkle root of cumulative rewards, against which claims are paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Epoch {
    /// 1: layout version, 0 today.
    pub version: u8,
    /// 1: canonical PDA bump.
    pub bump: u8,
    /// 32: the network.
    pub network: Pubkey,
    /// 8: epoch number, from 0.
    pub epoch: u64,
    /// 8: unix start time (inclusive).
    pub start_ts: i64,
    /// 8: unix end time (exclusive).
    pub end_ts: i64,
    /// 8: reward base units minted for this epoch.
    pub emission: u64,
    /// 8: unix time at which the crank closed it.
    pub advanced_at: i64,
    /// 32: Merkle root of cumulative rewards; zero until posted.
    pub merkle_root: [u8; 32],
    /// 1: whether `merkle_root` has been posted.
    pub root_posted: bool,
    /// 8: base units claimed against this epoch's root.
    pub total_claimed: u64,
    // 32 reserved bytes follow.
}

impl AccountState for Epoch {
    const DISCRIMINATOR: [u8; 8] = [93, 83, 120, 89, 151, 138, 152, 108];
    const LEN: usize = 8 + 2 + 32 + 5 * 8 + 32 + 1 + 8 + 32;

    fn decode(r: &mut Reader) -> Result<Self> {
        Ok(Self {
            version: r.u8()?,
            bump: r.u8()?,
            network: r.pubkey()?,
            epoch: r.u64()?,
            start_ts: r.i64()?,
            end_ts: r.i64()?,
            emission: r.u64()?,
            advanced_at: r.i64()?,
            merkle_root: r.array()?,
            root_posted: r.bool()?,
            total_claimed: r.u64()?,
        })
    }

    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.u8(self.version)?;
        w.u8(self.bump)?;
        w.put(&self.network)?;
        w.u64(self.epoch)?;
        w.i64(self.start_ts)?;
        w.i64(self.end_ts)?;
        w.u64(self.emission)?;
        w.i64(self.advanced_at)?;
        w.put(&self.merkle_root)?;
        w.bool(self.root_posted)?;
        w.u64(self.total_claimed)
    }
}
