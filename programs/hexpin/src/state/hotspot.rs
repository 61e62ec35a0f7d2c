use super::{AccountState, Pubkey};
use crate::codec::{Reader, Writer};
use crate::error::Result;

/// One life of a radio hotspot, identified by its ed25519 hardware key.
/// PDA `["hotspot", network, hardware_key]`, so a hardware key is onboarded at most once
/// per network at a time. Decommissioning closes the account; onboarding the key again
/// starts a new life with a new `serial`, and reward leaves name the serial, so nothing
/// paid to an earlier life can be claimed again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hotspot {
    /// 1: layout version, 0 today.
    pub version: u8,
    /// 1: canonical PDA bump.
    pub bump: u8,
    /// 1: canonical bump of the owner's associated token account of the reward mint, so
    /// claims check their destination with one address derivation, not a search.
    pub owner_ata_bump: u8,
    /// 32: the network.
    pub network: Pubkey,
    /// 32: the maker whose issuing key onboarded it.
    pub maker: Pubkey,
    /// 32: the operator wallet that receives its rewards.
    pub owner: Pubkey,
    /// 32: the device's ed25519 key; it signs every PoC report.
    pub hardware_key: Pubkey,
    /// 8: onboarding serial, unique per network and life (the network's count after this
    /// onboarding); part of every reward leaf.
    pub serial: u64,
    /// 8: asserted location as an H3 resolution-12 cell index; 0 while unasserted.
    pub location: u64,
    /// 2: antenna gain in tenths of dBi.
    pub gain_dbi10: i16,
    /// 4: antenna elevation above ground, metres.
    pub elevation_m: i32,
    /// 8: unix time of onboarding (coverage seniority).
    pub onboarded_at: i64,
    /// 8: unix time of the last location assertion; 0 while unasserted.
    pub location_asserted_at: i64,
    /// 4: number of location assertions so far.
    pub location_assert_count: u32,
    /// 8: reward base units paid to this life so far (never decreases).
    pub claimed: u64,
    // 11 reserved bytes follow.
}

impl Hotspot {
    /// Byte offsets of fields that clients filter on with `getProgramAccounts` memcmp.
    pub const OWNER_OFFSET: usize = 8 + 3 + 32 + 32;
    pub const MAKER_OFFSET: usize = 8 + 3 + 32;
    /// Byte offset of `claimed`, which `claim_rewards` rewrites in place.
    pub const CLAIMED_OFFSET: usize = 8 + 3 + 4 * 32 + 8 + 8 + 2 + 4 + 8 + 8 + 4;
}

impl AccountState for Hotspot {
    const DISCRIMINATOR: [u8; 8] = [127, 196, 5, 68, 132, 17, 192, 225];
    const LEN: usize = 200;

    fn decode(r: &mut Reader) -> Result<Self> {
        Ok(Self {
            version: r.u8()?,
            bump: r.u8()?,
            owner_ata_bump: r.u8()?,
            network: r.pubkey()?,
            maker: r.pubkey()?,
            owner: r.pubkey()?,
            hardware_key: r.pubkey()?,
            serial: r.u64()?,
            location: r.u64()?,
            gain_dbi10: r.i16()?,
            elevation_m: r.i32()?,
            onboarded_at: r.i64()?,
            location_asserted_at: r.i64()?,
            location_assert_count: r.u32()?,
            claimed: r.u64()?,
        })
    }

    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.u8(self.version)?;
        w.u8(self.bump)?;
        w.u8(self.owner_ata_bump)?;
        w.put(&self.network)?;
        w.put(&self.maker)?;
        w.put(&self.owner)?;
        w.put(&self.hardware_key)?;
        w.u64(self.serial)?;
        w.u64(self.location)?;
        w.i16(self.gain_dbi10)?;
        w.i32(self.elevation_m)?;
        w.i64(self.onboarded_at)?;
        w.i64(self.location_asserted_at)?;
        w.u32(self.location_assert_count)?;
        w.u64(self.claimed)
    }
}
