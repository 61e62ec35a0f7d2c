//! HIP-15 reward units (iot_verifier/src/runner.rs) and the epoch's reward shares
//! (iot_verifier/src/reward_share.rs, rewarder.rs), restated on rust_decimal.

use rust_decimal::prelude::*;
use rust_decimal::MathematicalOps;

/// A decimal literal, exactly as `rust_decimal_macros::dec!` would build it.
pub fn d(s: &str) -> Decimal {
    Decimal::from_str_exact(s).expect("decimal literal")
}

pub const WITNESS_REDUNDANCY: u32 = 4;

pub fn poc_beaconer_reward_unit(w: u32) -> Decimal {
    let units = if w == 0 {
        Decimal::ZERO
    } else if w <= WITNESS_REDUNDANCY {
        Decimal::from_f32_retain(w as f32 / WITNESS_REDUNDANCY as f32).unwrap()
    } else {
        let to_sub = d("0.8").checked_powu((w - WITNESS_REDUNDANCY) as u64).unwrap();
        Decimal::TWO.min(Decimal::TWO - to_sub)
    };
    units.round_dp(4)
}

pub fn poc_per_witness_reward_unit(w: u32) -> Decimal {
    let units = if w == 0 {
        Decimal::ZERO
    } else if w <= WITNESS_REDUNDANCY {
        Decimal::ONE
    } else {
        let to_sub = d("0.8").checked_powu((w - WITNESS_REDUNDANCY) as u64).unwrap();
        Decimal::TWO.min((Decimal::from(WITNESS_REDUNDANCY) - (Decimal::ONE - to_sub)) / Decimal::from(w))
    };
    units.round_dp(4)
}

pub fn scheduled_poc_tokens(emissions: Decimal, dc_remainder: Decimal) -> (Decimal, Decimal) {
    (
        emissions * d("0.06") + dc_remainder * d("0.20"),
        emissions * d("0.24") + dc_remainder * d("0.80"),
    )
}

pub fn scheduled_dc_tokens(emissions: Decimal) -> Decimal {
    emissions * d("0.50")
}

pub fn scheduled_ops_tokens(emissions: Decimal) -> Decimal {
    emissions * d("0.07")
}

pub fn scheduled_oracle_tokens(emissions: Decimal) -> Decimal {
    emissions * d("0.07")
}

/// `PriceInfo::new` → (price_per_token, price_per_bone).
pub fn price_info(price_in_bones: u64, decimals: u32) -> (Decimal, Decimal) {
    let per_token = Decimal::from(price_in_bones) / Decimal::from(10u64.pow(decimals));
    (per_token, per_token / Decimal::from(10u64.pow(decimals)))
}

pub fn dc_to_hnt_bones(dc: Decimal, bone_price: Decimal) -> Decimal {
    ((dc * d("0.00001")) / bone_price).round_dp_with_strategy(15, RoundingStrategy::ToPositiveInfinity)
}

/// test helper `hnt_bones_to_dc` of reward_share.rs.
pub fn hnt_bones_to_dc(hnt: Decimal, bone_price: Decimal) -> Decimal {
    ((hnt * bone_price) / d("0.00001")).round_dp_with_strategy(0, RoundingStrategy::ToNegativeInfinity)
}

fn rewards_per_share(total: Decimal, shares: Decimal) -> Decimal {
    if shares > Decimal::ZERO {
        (total / shares).round_dp_with_strategy(15, RoundingStrategy::MidpointNearestEven)
    } else {
        Decimal::ZERO
    }
}

fn compute_rewards(per_share: Decimal, shares: Decimal) -> u64 {
    (per_share * shares).round_dp_with_strategy(0, RoundingStrategy::ToZero).to_u64().unwrap_or(0)
}

pub struct Shares {
    pub key: String,
    pub beacon: Decimal,
    pub witness: Decimal,
    pub dc: Decimal,
}

pub struct Allocation {
    pub beacon_per_share: Decimal,
    pub witness_per_share: Decimal,
    pub dc_per_share: Decimal,
    /// (key, beacon, witness, dc), only gateways with a non-zero amount, in input order.
    pub rewards: Vec<(String, u64, u64, u64)>,
    pub unallocated_poc: u64,
}

/// `calculate_rewards_per_share` + `into_reward_shares` + `reward_poc_and_dc`'s unallocated amount.
pub fn allocate(emissions: Decimal, bone_price: Decimal, shares: &[Shares]) -> Allocation {
    let (mut tb, mut tw, mut td) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for s in shares {
        tb += s.beacon;
        tw += s.witness;
        td += s.dc;
    }
    let total_dc_rewards = scheduled_dc_tokens(emissions);
    let used = dc_to_hnt_bones(td, bone_price);
    let (unused, capped) = if used <= total_dc_rewards { (total_dc_rewards - used, used) } else { (Decimal::ZERO, total_dc_rewards) };
    let (beacon_total, witness_total) = scheduled_poc_tokens(emissions, unused);
    let bps = rewards_per_share(beacon_total, tb);
    let wps = rewards_per_share(witness_total, tw);
    let dps = rewards_per_share(capped, td);
    let mut rewards = vec![];
    let mut allocated = 0u64;
    for s in shares {
        let r = (s.key.clone(), compute_rewards(bps, s.beacon), compute_rewards(wps, s.witness), compute_rewards(dps, s.dc));
        if r.1 > 0 || r.2 > 0 || r.3 > 0 {
            allocated += r.1 + r.2 + r.3;
            rewards.push(r);
        }
    }
    let (b0, w0) = scheduled_poc_tokens(emissions, Decimal::ZERO);
    let total = b0 + w0 + total_dc_rewards;
    let unallocated_poc = (total - Decimal::from(allocated)).round_dp_with_strategy(0, RoundingStrategy::ToZero).to_u64().unwrap_or(0);
    Allocation { beacon_per_share: bps, witness_per_share: wps, dc_per_share: dps, rewards, unallocated_poc }
}
