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

pub trait Event {
    const DISCRIMINATOR: [u8; 8];
    fn encode(&self, w: &mut Writer) -> Result<()>;

    /// Serializes into a stack buffer and logs it; events are small and fixed-size.
    fn emit(&self) -> Result<()> {
        let mut buf = [0u8; 256];
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
