//! Anchor-format events: `sol_log_data([sha256("event:<Name>")[..8] ‖ borsh(fields)])`,
//! which Anchor's `EventParser` reads from `Program data:` log lines. One event per
//! economic state change, so indexers need no guesswork.

use crate::codec::Writer;
use crate::error::Result;
use crate::state::Pubkey;

pub struct NetworkInitialized {
    pub network: Pubkey,
    pub authority: Pubkey,
    pub reward_mint: Pubkey,
    pub rewards_vault: Pubkey,
    pub epoch_length_secs: i64,
    pub genesis_ts: i64,
}

pub struct MakerRegistered<'a> {
    pub network: Pubkey,
    pub maker: Pubkey,
    pub authority: Pubkey,
    pub issuing_key: Pubkey,
    pub name: &'a [u8],
}

pub struct MakerApprovalChanged {
    pub network: Pubkey,
    pub maker: Pubkey,
    pub approved: bool,
}

pub struct HotspotOnboarded {
    pub network: Pubkey,
    pub maker: Pubkey,
    pub hotspot: Pubkey,
    pub hardware_key: Pubkey,
    pub owner: Pubkey,
    pub serial: u64,
    pub location: u64,
    pub gain_dbi10: i16,
    pub elevation_m: i32,
    pub fee_lamports: u64,
}

pub struct EpochAdvanced {
    pub network: Pubkey,
    pub epoch: u64,
    pub start_ts: i64,
    pub end_ts: i64,
    pub emission: u64,
    pub total_emitted: u64,
}

pub struct EpochRootVoted {
    pub network: Pubkey,
    pub epoch: u64,
    pub oracle: Pubkey,
    pub merkle_root: [u8; 32],
    pub input_digest: [u8; 32],
    pub total_cumulative: u64,
    pub votes: u8,
    pub quorum: u8,
}

pub struct EpochRootActivated {
    pub network: Pubkey,
    pub epoch: u64,
    pub merkle_root: [u8; 32],
    pub input_digest: [u8; 32],
    pub total_cumulative: u64,
}

pub struct RewardsClaimed {
    pub network: Pubkey,
    pub hotspot: Pubkey,
    pub hardware_key: Pubkey,
    pub serial: u64,
    pub owner: Pubkey,
    pub amount: u64,
    pub cumulative: u64,
    pub root_epoch: u64,
}

pub struct LocationAsserted {
    pub network: Pubkey,
    pub hotspot: Pubkey,
    pub location: u64,
    pub gain_dbi10: i16,
    pub elevation_m: i32,
    pub assert_count: u32,
    pub fee_lamports: u64,
}

pub struct HotspotTransferred {
    pub network: Pubkey,
    pub hotspot: Pubkey,
    pub from: Pubkey,
    pub to: Pubkey,
}

pub struct HotspotDecommissioned {
    pub network: Pubkey,
    pub hotspot: Pubkey,
    pub hardware_key: Pubkey,
    pub serial: u64,
    pub owner: Pubkey,
    pub claimed: u64,
}

pub struct OraclesUpdated<'a> {
    pub network: Pubkey,
    pub config_version: u32,
    pub oracles: &'a [Pubkey],
    pub oracle_quorum: u8,
}

pub struct AuthorityProposed {
    pub network: Pubkey,
    pub authority: Pubkey,
    pub pending: Pubkey,
}

pub struct AuthorityAccepted {
    pub network: Pubkey,
    pub previous: Pubkey,
    pub authority: Pubkey,
}

pub struct NetworkUpdated {
    pub network: Pubkey,
}

pub struct PauseChanged {
    pub network: Pubkey,
    pub paused: u8,
}

pub trait Event {
    const DISCRIMINATOR: [u8; 8];
    fn encode(&self, w: &mut Writer) -> Result<()>;

    /// Serializes into a stack buffer and logs it; the largest event is ~310 bytes.
    fn emit(&self) -> Result<()> {
        let mut buf = [0u8; 512];
        let len = {
            let mut w = Writer::new(&mut buf);
            w.put(&Self::DISCRIMINATOR)?;
            self.encode(&mut w)?;
            w.position()
        };
        log_data(buf.get(..len).unwrap_or(&[]));
        Ok(())
    }
}

#[cfg(any(target_arch = "bpf", target_os = "solana"))]
fn log_data(data: &[u8]) {
    let slices: [&[u8]; 1] = [data];
    // SAFETY: the syscall reads `slices.len()` (ptr, len) pairs, which `&[u8]` is laid out as.
    unsafe { pinocchio::syscalls::sol_log_data(slices.as_ptr() as *const u8, slices.len() as u64) };
}

#[cfg(not(any(target_arch = "bpf", target_os = "solana")))]
fn log_data(_data: &[u8]) {}

impl Event for NetworkInitialized {
    const DISCRIMINATOR: [u8; 8] = [248, 98, 167, 253, 2, 186, 222, 90];
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.put(&self.network)?;
        w.put(&self.authority)?;
        w.put(&self.reward_mint)?;
        w.put(&self.rewards_vault)?;
        w.i64(self.epoch_length_secs)?;
        w.i64(self.genesis_ts)
    }
}

impl Event for MakerRegistered<'_> {
    const DISCRIMINATOR: [u8; 8] = [69, 159, 137, 103, 38, 120, 18, 196];
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.put(&self.network)?;
        w.put(&self.maker)?;
        w.put(&self.authority)?;
        w.put(&self.issuing_key)?;
        w.string(self.name)
    }
}

impl Event for MakerApprovalChanged {
    const DISCRIMINATOR: [u8; 8] = [153, 1, 74, 119, 47, 252, 57, 63];
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.put(&self.network)?;
        w.put(&self.maker)?;
        w.bool(self.approved)
    }
}

impl Event for HotspotOnboarded {
    const DISCRIMINATOR: [u8; 8] = [180, 88, 180, 162, 31, 99, 30, 234];
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.put(&self.network)?;
        w.put(&self.maker)?;
        w.put(&self.hotspot)?;
        w.put(&self.hardware_key)?;
        w.put(&self.owner)?;
        w.u64(self.serial)?;
        w.u64(self.location)?;
        w.i16(self.gain_dbi10)?;
        w.i32(self.elevation_m)?;
        w.u64(self.fee_lamports)
    }
}

impl Event for EpochAdvanced {
    const DISCRIMINATOR: [u8; 8] = [41, 220, 14, 123, 117, 70, 117, 157];
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.put(&self.network)?;
        w.u64(self.epoch)?;
        w.i64(self.start_ts)?;
        w.i64(self.end_ts)?;
        w.u64(self.emission)?;
        w.u64(self.total_emitted)
    }
}

impl Event for EpochRootVoted {
    const DISCRIMINATOR: [u8; 8] = [9, 233, 100, 140, 35, 142, 83, 85];
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.put(&self.network)?;
        w.u64(self.epoch)?;
        w.put(&self.oracle)?;
        w.put(&self.merkle_root)?;
        w.put(&self.input_digest)?;
        w.u64(self.total_cumulative)?;
        w.u8(self.votes)?;
        w.u8(self.quorum)
    }
}

impl Event for EpochRootActivated {
    const DISCRIMINATOR: [u8; 8] = [128, 109, 107, 208, 39, 176, 22, 84];
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.put(&self.network)?;
        w.u64(self.epoch)?;
        w.put(&self.merkle_root)?;
        w.put(&self.input_digest)?;
        w.u64(self.total_cumulative)
    }
}

impl Event for RewardsClaimed {
    const DISCRIMINATOR: [u8; 8] = [75, 98, 88, 18, 219, 112, 88, 121];
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.put(&self.network)?;
        w.put(&self.hotspot)?;
        w.put(&self.hardware_key)?;
        w.u64(self.serial)?;
        w.put(&self.owner)?;
        w.u64(self.amount)?;
        w.u64(self.cumulative)?;
        w.u64(self.root_epoch)
    }
}

impl Event for LocationAsserted {
    const DISCRIMINATOR: [u8; 8] = [20, 69, 82, 122, 144, 219, 20, 221];
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.put(&self.network)?;
        w.put(&self.hotspot)?;
        w.u64(self.location)?;
        w.i16(self.gain_dbi10)?;
        w.i32(self.elevation_m)?;
        w.u32(self.assert_count)?;
        w.u64(self.fee_lamports)
    }
}

impl Event for HotspotTransferred {
    const DISCRIMINATOR: [u8; 8] = [199, 104, 11, 17, 233, 86, 217, 199];
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.put(&self.network)?;
        w.put(&self.hotspot)?;
        w.put(&self.from)?;
        w.put(&self.to)
    }
}

impl Event for HotspotDecommissioned {
    const DISCRIMINATOR: [u8; 8] = [44, 103, 36, 130, 71, 92, 47, 52];
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.put(&self.network)?;
        w.put(&self.hotspot)?;
        w.put(&self.hardware_key)?;
        w.u64(self.serial)?;
        w.put(&self.owner)?;
        w.u64(self.claimed)
    }
}

impl Event for OraclesUpdated<'_> {
    const DISCRIMINATOR: [u8; 8] = [58, 88, 183, 23, 108, 166, 215, 213];
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.put(&self.network)?;
        w.u32(self.config_version)?;
        w.u32(self.oracles.len() as u32)?;
        for o in self.oracles {
            w.put(o)?;
        }
        w.u8(self.oracle_quorum)
    }
}

impl Event for AuthorityProposed {
    const DISCRIMINATOR: [u8; 8] = [244, 117, 94, 112, 53, 151, 35, 89];
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.put(&self.network)?;
        w.put(&self.authority)?;
        w.put(&self.pending)
    }
}

impl Event for AuthorityAccepted {
    const DISCRIMINATOR: [u8; 8] = [166, 192, 219, 188, 41, 209, 195, 26];
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.put(&self.network)?;
        w.put(&self.previous)?;
        w.put(&self.authority)
    }
}

impl Event for NetworkUpdated {
    const DISCRIMINATOR: [u8; 8] = [85, 158, 22, 114, 194, 219, 236, 219];
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.put(&self.network)
    }
}

impl Event for PauseChanged {
    const DISCRIMINATOR: [u8; 8] = [238, 188, 213, 78, 134, 209, 178, 218];
    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.put(&self.network)?;
        w.u8(self.paused)
    }
}
