//! One proof of coverage through Helium's runner (iot_verifier/src/runner.rs
//! `verify_poc`, poc.rs `verify_beacon` / `verify_witnesses`), with the three
//! timestamp tables it reads and writes (last_beacon, last_beacon_recip, last_witness)
//! as plain maps. Writes happen synchronously here; Helium's last-witness writes go
//! through a cache fed by a channel (witness_updater.rs), which its tests also treat
//! as immediate.

use crate::beacon::{self, RegionParam};
use crate::rules::*;
use crate::rewards;
use rust_decimal::Decimal;
use std::collections::HashMap;

#[derive(Clone, Debug)]
pub struct Gateway {
    pub location: Option<u64>,
    pub gain: i32,
    pub elevation: i32,
    pub region: String,
    pub is_full_hotspot: bool,
}

#[derive(Clone, Debug)]
pub struct BeaconReport {
    pub key: String,
    pub local_entropy: Vec<u8>,
    pub remote_entropy: Vec<u8>,
    pub data: Vec<u8>,
    pub frequency: u64,
    pub datarate: String,
    pub tx_power: i32,
    pub received_ms: i64,
}

#[derive(Clone, Debug)]
pub struct WitnessReport {
    pub key: String,
    pub data: Vec<u8>,
    pub signal: i32,
    pub frequency: u64,
    pub received_ms: i64,
}

#[derive(Default, Clone, Debug)]
pub struct State {
    pub last_beacon: HashMap<String, i64>,
    pub last_beacon_recip: HashMap<String, i64>,
    pub last_witness: HashMap<String, i64>,
}

pub struct Context<'a> {
    pub gateways: &'a HashMap<String, Gateway>,
    pub denied: &'a [String],
    pub denied_edges: &'a [(String, String)],
    pub region_params: &'a [RegionParam],
    pub entropy_start_ms: i64,
    pub entropy_version: u32,
    pub beacon_interval_ms: i64,
    pub max_witnesses: usize,
    pub density: &'a HashMap<u64, Decimal>,
}

#[derive(Clone, Debug)]
pub struct WitnessOutcome {
    pub key: String,
    pub reason: &'static str,
    /// "witness" | "beaconer" | "none"
    pub side: &'static str,
    pub selected: bool,
    pub reward_unit: Decimal,
    pub hex_scale: Option<Decimal>,
}

#[derive(Clone, Debug)]
pub struct PocOutcome {
    /// "Valid" or the invalid reason.
    pub beacon: &'static str,
    pub beacon_reward_unit: Decimal,
    pub beacon_hex_scale: Option<Decimal>,
    /// in output order: selected, then unselected (valid overflow, then invalid); self-witnesses dropped.
    pub witnesses: Vec<WitnessOutcome>,
}

pub fn tx_scale(density: &HashMap<u64, Decimal>, loc: u64) -> Decimal {
    density.get(&loc).copied().unwrap_or_else(|| Decimal::new(2000, 4))
}

/// `do_beacon_verifications`.
pub fn beacon_verifications(ctx: &Context, last_beacon: Option<i64>, b: &BeaconReport, gw: &Gateway) -> Verdict {
    let Some(_) = gw.location else { return Err("NotAsserted") };
    verify_denylist(&b.key, ctx.denied)?;
    verify_entropy(ctx.entropy_start_ms, ctx.entropy_start_ms + ENTROPY_LIFESPAN_MS, b.received_ms)?;
    verify_gw_capability(gw.is_full_hotspot)?;
    verify_beacon_schedule(last_beacon, b.received_ms, ctx.beacon_interval_ms)?;
    beacon::verify_beacon_payload(
        ctx.region_params,
        true,
        gw.gain,
        ts(ctx.entropy_start_ms).timestamp(),
        ctx.entropy_version,
        &b.local_entropy,
        &b.remote_entropy,
        &b.data,
        b.frequency,
        &b.datarate,
    )
}

/// `do_witness_verifications`.
pub fn witness_verifications(
    ctx: &Context,
    w: &WitnessReport,
    wgw: &Gateway,
    b: &BeaconReport,
    bgw: &Gateway,
    first_witness_ms: i64,
) -> Verdict {
    let Some(wl) = wgw.location else { return Err("NotAsserted") };
    let bl = bgw.location.expect("asserted beaconer");
    verify_denylist(&w.key, ctx.denied)?;
    verify_edge_denylist(&b.key, &w.key, ctx.denied_edges)?;
    verify_self_witness(&b.key, &w.key)?;
    verify_entropy(ctx.entropy_start_ms, ctx.entropy_start_ms + ENTROPY_LIFESPAN_MS, w.received_ms)?;
    verify_witness_lag(b.received_ms, first_witness_ms, w.received_ms)?;
    verify_witness_data(&b.data, &w.data)?;
    verify_gw_capability(wgw.is_full_hotspot)?;
    verify_witness_freq(b.frequency, w.frequency)?;
    verify_witness_region(&bgw.region, &wgw.region)?;
    verify_witness_cell_distance(bl, wl)?;
    verify_witness_distance(bl, wl)?;
    verify_witness_rssi(w.signal, w.frequency, b.tx_power, bgw.gain, wgw.gain, bl, wl)
}

fn invalid_poc(reason: &'static str, witnesses: &[WitnessReport]) -> PocOutcome {
    PocOutcome {
        beacon: reason,
        beacon_reward_unit: Decimal::ZERO,
        beacon_hex_scale: None,
        witnesses: witnesses
            .iter()
            .map(|w| WitnessOutcome { key: w.key.clone(), reason, side: "beaconer", selected: false, reward_unit: Decimal::ZERO, hex_scale: None })
            .collect(),
    }
}

/// `Runner::verify_poc`. Witnesses are taken in Helium's order, ascending receive time
/// (`order by report_timestamp asc` in poc_report.rs); ties keep input order here and are
/// unspecified in Postgres.
pub fn process_poc(ctx: &Context, state: &mut State, b: &BeaconReport, witnesses: &[WitnessReport]) -> PocOutcome {
    let mut witnesses = witnesses.to_vec();
    witnesses.sort_by_key(|w| w.received_ms);
    let witnesses = &witnesses[..];
    let Some(bgw) = ctx.gateways.get(&b.key) else { return invalid_poc("GatewayNotFound", witnesses) };
    let Some(bloc) = bgw.location else { return invalid_poc("NotAsserted", witnesses) };
    let verdict = beacon_verifications(ctx, state.last_beacon.get(&b.key).copied(), b, bgw);
    state.last_beacon.insert(b.key.clone(), b.received_ms);
    if verdict.is_ok() && !witnesses.is_empty() {
        state.last_beacon_recip.insert(b.key.clone(), b.received_ms);
    }
    if let Err(reason) = verdict {
        return invalid_poc(reason, witnesses);
    }

    // verify_witnesses: the first report of each gateway is verified, later ones are duplicates
    let mut seen: Vec<&str> = vec![];
    let mut verified: Vec<WitnessOutcome> = vec![];
    let mut received: Vec<i64> = vec![];
    let first_ms = witnesses.first().map(|w| w.received_ms).unwrap_or(0);
    let scale = tx_scale(ctx.density, bloc);
    for w in witnesses {
        let (reason, side) = if seen.contains(&w.key.as_str()) {
            ("Duplicate", "witness")
        } else {
            seen.push(&w.key);
            match ctx.gateways.get(&w.key) {
                None => ("GatewayNotFound", "witness"),
                Some(wgw) if wgw.location.is_none() => ("NotAsserted", "witness"),
                Some(wgw) => match witness_verifications(ctx, w, wgw, b, bgw, first_ms) {
                    Ok(()) => {
                        state.last_witness.insert(w.key.clone(), w.received_ms);
                        ("Valid", "none")
                    }
                    Err(r) => (r, "witness"),
                },
            }
        };
        let hex_scale = (reason == "Valid").then_some(scale);
        verified.push(WitnessOutcome { key: w.key.clone(), reason, side, selected: false, reward_unit: Decimal::ZERO, hex_scale });
        received.push(w.received_ms);
    }

    if !verify_reciprocity(state.last_witness.get(&b.key).copied(), b.received_ms) {
        return invalid_poc("GatewayNoValidWitnesses", witnesses);
    }
    for (v, r) in verified.iter_mut().zip(&received) {
        if v.reason == "Valid" && !verify_reciprocity(state.last_beacon_recip.get(&v.key).copied(), *r) {
            v.reason = "GatewayNoValidBeacons";
            v.side = "witness";
        }
    }

    // filter_and_split_witnesses
    let mut valid: Vec<(WitnessOutcome, i64)> = vec![];
    let mut invalid: Vec<WitnessOutcome> = vec![];
    for (v, r) in verified.into_iter().zip(received) {
        match v.reason {
            "SelfWitness" => {}
            "Valid" => valid.push((v, r)),
            _ => invalid.push(v),
        }
    }
    let mut overflow = vec![];
    if valid.len() > ctx.max_witnesses {
        valid.sort_by_key(|(_, r)| *r); // stable, like Vec::sort_by
        overflow = valid.split_off(ctx.max_witnesses);
    }
    let n = valid.len() as u32;
    let unit = rewards::poc_per_witness_reward_unit(n);
    let mut out: Vec<WitnessOutcome> = valid
        .into_iter()
        .map(|(mut v, _)| {
            v.selected = true;
            v.reward_unit = unit;
            v
        })
        .collect();
    out.extend(overflow.into_iter().map(|(v, _)| v));
    out.extend(invalid);
    PocOutcome { beacon: "Valid", beacon_reward_unit: rewards::poc_beaconer_reward_unit(n), beacon_hex_scale: Some(scale), witnesses: out }
}
