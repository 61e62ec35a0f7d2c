use super::{AccountState, Pubkey};
use crate::codec::{Reader, Writer};
use crate::constants::*;
use crate::error::{HexpinError, Result};

/// From `start_epoch` on (until the next step), each epoch emits `amount_per_epoch`.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct EmissionStep {
    /// 8 bytes.
    pub start_epoch: u64,
    /// 8 bytes, reward-token base units.
    pub amount_per_epoch: u64,
}

/// A hexpin network: its authority, reward token, epoch clock, emission schedule,
/// oracle set and active reward root. PDA `["network", creator]`; it is also the reward
/// mint's authority and the rewards vault's owner, and signs for both with its stored bump.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    /// 1: layout version, 0 today.
    pub version: u8,
    /// 1: canonical bump of `["network", creator]`.
    pub bump: u8,
    /// 1: canonical bump of `["reward_mint", network]`.
    pub mint_bump: u8,
    /// 1: canonical bump of `["rewards_vault", network]`.
    pub vault_bump: u8,
    /// 32: the wallet that created the network; part of the PDA seeds, never changes.
    pub creator: Pubkey,
    /// 32: approves makers, sets oracles, fees, schedule and pauses.
    pub authority: Pubkey,
    /// 32: proposed next authority, which must accept; zero when none.
    pub pending_authority: Pubkey,
    /// 32: the SPL reward mint (PDA), minted only by `advance_epoch`.
    pub reward_mint: Pubkey,
    /// 32: the SPL token account (PDA) holding minted, unclaimed rewards.
    pub rewards_vault: Pubkey,
    /// 32: receives onboarding and location fees, in lamports.
    pub fee_recipient: Pubkey,
    /// 1: decimals of the reward mint.
    pub decimals: u8,
    /// 1: `PAUSE_ONBOARDING | PAUSE_CLAIMS` bits; roots may be posted while paused.
    pub paused: u8,
    /// 8: length of an emission epoch in seconds.
    pub epoch_length_secs: i64,
    /// 8: unix time at which epoch 0 started.
    pub genesis_ts: i64,
    /// 8: number of epochs advanced so far, i.e. the next epoch to close.
    pub current_epoch: u64,
    /// 8: total reward base units ever minted.
    pub total_emitted: u64,
    /// 8: `total_emitted` never exceeds this; epochs past it close with what remains.
    pub max_supply: u64,
    /// 1: live entries in `emission_schedule`.
    pub emission_step_count: u8,
    /// 8 × 16: steps sorted by strictly increasing `start_epoch`, the first at 0.
    pub emission_schedule: [EmissionStep; MAX_EMISSION_STEPS],
    /// 1: live entries in `oracles`.
    pub oracle_count: u8,
    /// 1: how many oracles must vote the identical root.
    pub oracle_quorum: u8,
    /// 4: bumped by every `set_oracles`; votes cast under an older version never count.
    pub oracle_config_version: u32,
    /// 8 × 32: oracle signing keys, unique.
    pub oracles: [Pubkey; MAX_ORACLES],
    /// 8: lamports charged per hotspot onboarding.
    pub onboard_fee_lamports: u64,
    /// 8: lamports charged per location assertion (onboarding with a location included).
    pub location_fee_lamports: u64,
    /// 8: seconds an owner waits between location assertions.
    pub location_cooldown_secs: i64,
    /// 4: makers registered.
    pub maker_count: u32,
    /// 8: hotspot lives ever onboarded; the last serial handed out.
    pub hotspot_count: u64,
    /// 8: hotspots onboarded and not decommissioned.
    pub active_hotspot_count: u64,
    /// 1: whether an epoch root has ever activated.
    pub root_active: bool,
    /// 8: epoch of the active root.
    pub active_root_epoch: u64,
    /// 32: the active Merkle root, against which every claim is verified.
    pub active_root: [u8; 32],
    /// 32: input digest of the active root's epoch bundle.
    pub active_input_digest: [u8; 32],
    /// 8: total cumulative amount the active root commits.
    pub active_total_cumulative: u64,
    /// 8: reward base units ever paid by claims.
    pub total_claimed: u64,
    // 64 reserved bytes follow.
}

impl Network {
    /// Emission of `epoch` from the schedule: the last step starting at or before it.
    pub fn emission_for(&self, epoch: u64) -> u64 {
        let mut amount = 0;
        for step in self.emission_schedule.iter().take(self.emission_step_count as usize) {
            if step.start_epoch <= epoch {
                amount = step.amount_per_epoch;
            }
        }
        amount
    }

    /// Unix time at which `epoch` ends (= epoch + 1 starts), with overflow reported.
    pub fn epoch_end_ts(&self, epoch: u64) -> Result<i64> {
        let n = epoch.checked_add(1).ok_or(HexpinError::ArithmeticOverflow)?;
        let len = self.epoch_length_secs as u64;
        // u64 multiply guarded by division: LLVM's BPF backend has no checked multiply.
        if len != 0 && n > (i64::MAX as u64) / len {
            return Err(HexpinError::ArithmeticOverflow.into());
        }
        let offset = (n * len) as i64;
        self.genesis_ts.checked_add(offset).ok_or_else(|| HexpinError::ArithmeticOverflow.into())
    }

    /// Emission actually minted for `epoch`: the schedule's amount, cut to what remains
    /// under `max_supply`, so epochs past the cap keep closing with 0 instead of failing.
    pub fn capped_emission_for(&self, epoch: u64) -> u64 {
        let remaining = self.max_supply.saturating_sub(self.total_emitted);
        let scheduled = self.emission_for(epoch);
        if scheduled < remaining { scheduled } else { remaining }
    }

    /// The index of `key` in the current oracle set.
    pub fn oracle_index(&self, key: &Pubkey) -> Option<usize> {
        self.oracles.iter().take(self.oracle_count as usize).position(|o| o == key)
    }

    /// Invariants every stored network satisfies (checked after init; cheap enough to keep).
    pub fn invariant(&self) -> Result<()> {
        validate_schedule(&self.emission_schedule, self.emission_step_count)?;
        validate_oracles(&self.oracles, self.oracle_count, self.oracle_quorum)?;
        validate_epoch_length(self.epoch_length_secs)?;
        validate_location_cooldown(self.location_cooldown_secs)?;
        if self.max_supply == 0 || self.total_emitted > self.max_supply {
            return Err(HexpinError::InvalidMaxSupply.into());
        }
        if self.paused & !PAUSE_ALL != 0 {
            return Err(HexpinError::InvalidPauseFlags.into());
        }
        // Claims are bounded by the active root's total, which is bounded by what was minted.
        if self.total_claimed > self.active_total_cumulative || self.active_total_cumulative > self.total_emitted {
            return Err(HexpinError::ArithmeticOverflow.into());
        }
        Ok(())
    }
}

pub fn validate_epoch_length(secs: i64) -> Result<()> {
    if !(MIN_EPOCH_LENGTH_SECS..=MAX_EPOCH_LENGTH_SECS).contains(&secs) {
        return Err(HexpinError::InvalidEpochLength.into());
    }
    Ok(())
}

pub fn validate_location_cooldown(secs: i64) -> Result<()> {
    if !(0..=MAX_LOCATION_COOLDOWN_SECS).contains(&secs) {
        return Err(HexpinError::InvalidLocationCooldown.into());
    }
    Ok(())
}

pub fn validate_schedule(steps: &[EmissionStep; MAX_EMISSION_STEPS], count: u8) -> Result<()> {
    let count = count as usize;
    if count == 0 || count > MAX_EMISSION_STEPS {
        return Err(HexpinError::InvalidEmissionSchedule.into());
    }
    let mut prev: Option<u64> = None;
    for step in steps.iter().take(count) {
        match prev {
            None if step.start_epoch != 0 => return Err(HexpinError::InvalidEmissionSchedule.into()),
            Some(p) if step.start_epoch <= p => return Err(HexpinError::InvalidEmissionSchedule.into()),
            _ => {}
        }
        prev = Some(step.start_epoch);
    }
    Ok(())
}

pub fn validate_oracles(oracles: &[Pubkey; MAX_ORACLES], count: u8, quorum: u8) -> Result<()> {
    let n = count as usize;
    if n == 0 || n > MAX_ORACLES || quorum == 0 || quorum > count {
        return Err(HexpinError::InvalidOracleSet.into());
    }
    let live = oracles.get(..n).ok_or(HexpinError::InvalidOracleSet)?;
    for (i, a) in live.iter().enumerate() {
        if *a == [0u8; 32] || live.iter().skip(i + 1).any(|b| b == a) {
            return Err(HexpinError::InvalidOracleSet.into());
        }
    }
    Ok(())
}

impl AccountState for Network {
    const DISCRIMINATOR: [u8; 8] = [51, 5, 209, 183, 60, 99, 156, 251];
    const LEN: usize = 8 + 4 + 6 * 32 + 2 + 5 * 8 + 1 + 16 * MAX_EMISSION_STEPS + 2 + 4 + 32 * MAX_ORACLES + 3 * 8 + 4 + 2 * 8 + 1 + 8 + 2 * 32 + 2 * 8 + 64;

    fn decode(r: &mut Reader) -> Result<Self> {
        let version = r.u8()?;
        let bump = r.u8()?;
        let mint_bump = r.u8()?;
        let vault_bump = r.u8()?;
        let creator = r.pubkey()?;
        let authority = r.pubkey()?;
        let pending_authority = r.pubkey()?;
        let reward_mint = r.pubkey()?;
        let rewards_vault = r.pubkey()?;
        let fee_recipient = r.pubkey()?;
        let decimals = r.u8()?;
        let paused = r.u8()?;
        let epoch_length_secs = r.i64()?;
        let genesis_ts = r.i64()?;
        let current_epoch = r.u64()?;
        let total_emitted = r.u64()?;
        let max_supply = r.u64()?;
        let emission_step_count = r.u8()?;
        let mut emission_schedule = [EmissionStep::default(); MAX_EMISSION_STEPS];
        for s in emission_schedule.iter_mut() {
            s.start_epoch = r.u64()?;
            s.amount_per_epoch = r.u64()?;
        }
        let oracle_count = r.u8()?;
        let oracle_quorum = r.u8()?;
        let oracle_config_version = r.u32()?;
        let mut oracles = [[0u8; 32]; MAX_ORACLES];
        for o in oracles.iter_mut() {
            *o = r.pubkey()?;
        }
        Ok(Self {
            version,
            bump,
            mint_bump,
            vault_bump,
            creator,
            authority,
            pending_authority,
            reward_mint,
            rewards_vault,
            fee_recipient,
            decimals,
            paused,
            epoch_length_secs,
            genesis_ts,
            current_epoch,
            total_emitted,
            max_supply,
            emission_step_count,
            emission_schedule,
            oracle_count,
            oracle_quorum,
            oracle_config_version,
            oracles,
            onboard_fee_lamports: r.u64()?,
            location_fee_lamports: r.u64()?,
            location_cooldown_secs: r.i64()?,
            maker_count: r.u32()?,
            hotspot_count: r.u64()?,
            active_hotspot_count: r.u64()?,
            root_active: r.bool()?,
            active_root_epoch: r.u64()?,
            active_root: r.array()?,
            active_input_digest: r.array()?,
            active_total_cumulative: r.u64()?,
            total_claimed: r.u64()?,
        })
    }

    fn encode(&self, w: &mut Writer) -> Result<()> {
        w.u8(self.version)?;
        w.u8(self.bump)?;
        w.u8(self.mint_bump)?;
        w.u8(self.vault_bump)?;
        w.put(&self.creator)?;
        w.put(&self.authority)?;
        w.put(&self.pending_authority)?;
        w.put(&self.reward_mint)?;
        w.put(&self.rewards_vault)?;
        w.put(&self.fee_recipient)?;
        w.u8(self.decimals)?;
        w.u8(self.paused)?;
        w.i64(self.epoch_length_secs)?;
        w.i64(self.genesis_ts)?;
        w.u64(self.current_epoch)?;
        w.u64(self.total_emitted)?;
        w.u64(self.max_supply)?;
        w.u8(self.emission_step_count)?;
        for s in self.emission_schedule.iter() {
            w.u64(s.start_epoch)?;
            w.u64(s.amount_per_epoch)?;
        }
        w.u8(self.oracle_count)?;
        w.u8(self.oracle_quorum)?;
        w.u32(self.oracle_config_version)?;
        for o in self.oracles.iter() {
            w.put(o)?;
        }
        w.u64(self.onboard_fee_lamports)?;
        w.u64(self.location_fee_lamports)?;
        w.i64(self.location_cooldown_secs)?;
        w.u32(self.maker_count)?;
        w.u64(self.hotspot_count)?;
        w.u64(self.active_hotspot_count)?;
        w.bool(self.root_active)?;
        w.u64(self.active_root_epoch)?;
        w.put(&self.active_root)?;
        w.put(&self.active_input_digest)?;
        w.u64(self.active_total_cumulative)?;
        w.u64(self.total_claimed)
    }
}
