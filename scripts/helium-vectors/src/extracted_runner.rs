//! Vectors transcribed from Helium's runner, density and reward tests (unit tests in
//! runner.rs, hex_density.rs, reward_share.rs, and the Postgres-backed integration
//! tests in tests/integrations/), each replayed through the restatement.

use crate::density::density_map;
use crate::extracted_rules::{valid_beacon_report, valid_witness_report};
use crate::fixtures::*;
use crate::out::*;
use crate::rewards::{self, d, Shares};
use crate::scenario::{process_poc, BeaconReport, Context, Gateway, State, WitnessReport};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

const RUNNER: &str = "iot_verifier/src/runner.rs";
const DENSITY: &str = "iot_verifier/src/hex_density.rs";
const SHARES: &str = "iot_verifier/src/reward_share.rs";
const IT_RUNNER: &str = "iot_verifier/tests/integrations/runner_tests.rs";

/// `sort_and_split_witnesses` / `filter_and_split_witnesses` over (id, received, reason).
pub fn select(witnesses: &[(String, i64, String)], max: usize) -> (Vec<String>, Vec<String>) {
    let mut valid: Vec<&(String, i64, String)> = vec![];
    let mut invalid: Vec<&(String, i64, String)> = vec![];
    for w in witnesses {
        match w.2.as_str() {
            "SelfWitness" => {}
            "Valid" => valid.push(w),
            _ => invalid.push(w),
        }
    }
    let mut overflow = vec![];
    if valid.len() > max {
        valid.sort_by(|a, b| a.1.cmp(&b.1));
        overflow = valid.split_off(max);
    }
    let unselected = overflow.into_iter().chain(invalid).map(|w| w.0.clone()).collect();
    (valid.into_iter().map(|w| w.0.clone()).collect(), unselected)
}

fn selection_inputs(ws: &[(String, i64, String)], max: usize) -> Value {
    json!({ "maxWitnesses": max, "witnesses": ws.iter().map(|w| json!({ "id": w.0, "receivedMs": w.1, "reason": w.2 })).collect::<Vec<_>>() })
}

pub fn run(out: &mut Out) {
    selection(out);
    reward_units(out);
    density(out);
    shares(out);
    scenarios(out);
}

fn selection(out: &mut Out) {
    // witness_filtering: all four reports carry Utc::now(); distinct milliseconds stand in.
    let t = crate::extracted_rules::NOW_MS;
    let ws: Vec<(String, i64, String)> =
        [("valid", "Valid"), ("self", "SelfWitness"), ("stale", "Stale"), ("duplicate", "Duplicate")].iter().enumerate().map(|(i, (id, r))| (id.to_string(), t + i as i64, r.to_string())).collect();
    let (sel, unsel) = select(&ws, 14);
    out.push(
        "witness_selection/extracted/filtering",
        "witness_selection",
        "self-witnesses are dropped from the PoC, other invalid witnesses are kept as unselected, valid ones selected",
        selection_inputs(&ws, 14),
        json!({}),
        Some(json!({ "selected": ["valid"], "unselected": ["stale", "duplicate"] })),
        json!({ "selected": sel, "unselected": unsel }),
        extracted(RUNNER, "witness_filtering", 820),
    );

    // max_witnesses_per_poc_test: 30 valid witnesses 1 ms apart, given newest first.
    let mut ws: Vec<(String, i64, String)> = (0..30).map(|i| (format!("w{i:02}"), t + i, "Valid".to_string())).collect();
    ws.reverse();
    let (sel, unsel) = select(&ws, 14);
    out.push(
        "witness_selection/extracted/max-14-first-arrival",
        "witness_selection",
        "30 valid witnesses, cap 14: the 14 earliest received are selected, in receive order",
        selection_inputs(&ws, 14),
        json!({}),
        Some(json!({ "selectedCount": 14, "unselectedCount": 16, "selectedAt": { "0": "w00", "4": "w04" } })),
        json!({ "selectedCount": sel.len(), "unselectedCount": unsel.len(), "selectedAt": { "0": sel[0], "4": sel[4] } }),
        extracted(RUNNER, "max_witnesses_per_poc_test", 886),
    );
    let ws: Vec<(String, i64, String)> = (0..10).map(|i| (format!("c{i}"), t, "Valid".to_string())).collect();
    let (sel, unsel) = select(&ws, 14);
    out.push(
        "witness_selection/extracted/under-cap",
        "witness_selection",
        "10 valid witnesses under a cap of 14 are all selected",
        selection_inputs(&ws, 14),
        json!({}),
        Some(json!({ "selectedCount": 10, "unselectedCount": 0 })),
        json!({ "selectedCount": sel.len(), "unselectedCount": unsel.len() }),
        extracted(RUNNER, "max_witnesses_per_poc_test", 903),
    );
}

fn reward_units(out: &mut Out) {
    // reward_unit_calculations: the HIP-15 example table, expected values built with
    // Decimal::from_f32_retain(x).round_dp(4) from these f32 literals.
    let witness: [f32; 15] = [1.0, 1.0, 1.0, 1.0, 0.7600, 0.6067, 0.5017, 0.4262, 0.3697, 0.3262, 0.2918, 0.2640, 0.2411, 0.2220, 0.2057];
    let beacon: [f32; 15] = [0.25, 0.50, 0.75, 1.0, 1.2000, 1.3600, 1.4880, 1.5904, 1.6723, 1.7379, 1.7903, 1.8322, 1.8658, 1.8926, 1.9141];
    for w in 1..=15u32 {
        let eb = Decimal::from_f32_retain(beacon[w as usize - 1]).unwrap().round_dp(4);
        let ew = Decimal::from_f32_retain(witness[w as usize - 1]).unwrap().round_dp(4);
        out.push(
            &format!("reward_units/extracted/{w:02}-witnesses"),
            "reward_units",
            "HIP-15 beaconer and per-witness units for this many selected witnesses, rounded half-even to 4 dp",
            json!({ "witnesses": w }),
            json!({ "beaconerF32": beacon[w as usize - 1], "perWitnessF32": witness[w as usize - 1] }),
            Some(json!({ "beaconer": dec(eb), "perWitness": dec(ew) })),
            json!({ "beaconer": dec(rewards::poc_beaconer_reward_unit(w)), "perWitness": dec(rewards::poc_per_witness_reward_unit(w)) }),
            extracted(RUNNER, "reward_unit_calculations", 946),
        );
    }
}

fn density(out: &mut Out) {
    let map = density_map(&DENSITY_INDEXES);
    let computed: Map<String, Value> = map.iter().map(|(k, v)| (cell(*k), dec(*v))).collect();
    let expected: Map<String, Value> = DENSITY_EXPECTED.iter().map(|(k, v)| (cell(*k), dec(d(v)))).collect();
    out.push(
        "hex_density/extracted/live-ledger-res8-sample",
        "hex_density",
        "36 hotspot asserts (31 distinct res-12 cells) from the live ledger of 2022-10-14 in res-8 hex 882830d341fffff: HIP-104 scales",
        json!({ "locations": DENSITY_INDEXES.iter().map(|c| cell(*c)).collect::<Vec<_>>() }),
        json!({ "locations": DENSITY_INDEXES.iter().map(|c| c.to_string()).collect::<Vec<_>>() }),
        Some(json!({ "scales": sorted(expected) })),
        json!({ "scales": sorted(computed) }),
        extracted(DENSITY, "simple_scale_check", 327),
    );
}

fn sorted(m: Map<String, Value>) -> Value {
    let mut v: Vec<(String, Value)> = m.into_iter().collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    Value::Object(v.into_iter().collect())
}

pub fn allocation_json(a: &rewards::Allocation, all: &[Shares]) -> Value {
    let mut rewards = Map::new();
    for (k, b, w, dc) in &a.rewards {
        rewards.insert(k.clone(), json!({ "beacon": b, "witness": w, "dc": dc }));
    }
    let absent: Vec<&str> = all.iter().filter(|s| !a.rewards.iter().any(|r| r.0 == s.key)).map(|s| s.key.as_str()).collect();
    json!({
        "beaconPerShare": dec(a.beacon_per_share),
        "witnessPerShare": dec(a.witness_per_share),
        "dcPerShare": dec(a.dc_per_share),
        "rewards": rewards,
        "absent": absent,
        "unallocatedPoc": a.unallocated_poc,
    })
}

pub fn shares_inputs(emissions: Decimal, price_in_bones: u64, decimals: u32, s: &[Shares]) -> Value {
    json!({
        "epochEmissions": dec(emissions),
        "priceInBones": price_in_bones,
        "decimals": decimals,
        "gateways": s.iter().map(|g| json!({ "key": g.key, "beaconShares": dec(g.beacon), "witnessShares": dec(g.witness), "dcShares": dec(g.dc) })).collect::<Vec<_>>(),
    })
}

/// Only the fields Helium's test asserts.
fn asserted(full: &Value, keys: &[&str], absent: bool) -> Value {
    let mut rewards = Map::new();
    for k in keys {
        rewards.insert(k.to_string(), full["rewards"][*k].clone());
    }
    let mut v = json!({ "rewards": rewards, "unallocatedPoc": full["unallocatedPoc"] });
    if absent {
        v["absent"] = full["absent"].clone();
    }
    v
}

fn shares(out: &mut Out) {
    for (id, dc, price, exp, line) in [("1-dc", 1, "1.0", "0.00001", 494), ("2-dc", 2, "1.0", "0.00002", 495)] {
        out.push(
            &format!("dc_to_hnt_bones/extracted/{id}"),
            "dc_to_hnt_bones",
            "DC spent → bones at a bone price (ceiling at 15 dp)",
            json!({ "dc": dc.to_string(), "pricePerBone": price }),
            json!({}),
            Some(json!({ "bones": dec(d(exp)) })),
            json!({ "bones": dec(rewards::dc_to_hnt_bones(Decimal::from(dc), d(price))) }),
            extracted(SHARES, "ensure_correct_conversion_of_bytes_to_bones", line),
        );
    }
    let bones = rewards::dc_to_hnt_bones(d("1000000"), d("0.00000359"));
    out.push(
        "dc_to_hnt_bones/extracted/round-trip",
        "dc_to_hnt_bones",
        "1,000,000 DC at 3.59 USD/HNT (0.00000359 per bone), and back with the test's inverse helper",
        json!({ "dc": "1000000", "pricePerBone": "0.00000359" }),
        json!({}),
        Some(json!({ "bones": "2785515.320334261838441", "backToDc": "1000000" })),
        json!({ "bones": dec(bones), "backToDc": dec(rewards::hnt_bones_to_dc(bones, d("0.00000359"))) }),
        extracted(SHARES, "test_dc_hnt_conversion", 1161),
    );
    let e = d("100000000000000");
    for (id, rem, exp, test, line) in [
        ("no-dc-remainder", "0", json!({ "beacon": "6000000000000", "witness": "24000000000000" }), "test_poc_scheduled_tokens", 503),
        ("dc-remainder", "1000000000000", json!({ "beacon": "6200000000000", "witness": "24800000000000" }), "test_poc_scheduled_tokens_with_dc_remainder", 513),
    ] {
        let (b, w) = rewards::scheduled_poc_tokens(e, d(rem));
        out.push(
            &format!("scheduled_tokens/extracted/{id}"),
            "scheduled_tokens",
            "beacon pool 6 % and witness pool 24 % of emissions, plus 20 % / 80 % of unused data-transfer rewards",
            json!({ "epochEmissions": dec(e), "dcRemainder": rem }),
            json!({}),
            Some(exp),
            json!({ "beacon": dec(b), "witness": dec(w) }),
            extracted(SHARES, test, line),
        );
    }
    for (id, f, test, line) in
        [("operations", rewards::scheduled_ops_tokens as fn(Decimal) -> Decimal, "test_op_fund_scheduled_tokens", 522), ("oracles", rewards::scheduled_oracle_tokens, "test_oracles_scheduled_tokens", 530)]
    {
        out.push(
            &format!("scheduled_tokens/extracted/{id}"),
            "scheduled_tokens",
            "operations and oracle funds, 7 % each",
            json!({ "epochEmissions": dec(e), "dcRemainder": "0" }),
            json!({}),
            Some(json!({ id: "7000000000000" })),
            json!({ id: dec(f(e)) }),
            extracted(SHARES, test, line),
        );
    }
    let day = d("89041095890411");
    out.push(
        "scheduled_tokens/extracted/operations-24h",
        "scheduled_tokens",
        "a day's operations fund, truncated to whole bones",
        json!({ "epochEmissions": dec(day), "dcRemainder": "0" }),
        json!({}),
        Some(json!({ "operationsBones": 6_232_876_712_328u64 })),
        json!({ "operationsBones": rewards::scheduled_ops_tokens(day).round_dp_with_strategy(0, RoundingStrategy::ToZero).to_string().parse::<u64>().unwrap() }),
        extracted("iot_verifier/tests/integrations/rewarder_operations.rs", "test_operations", 23),
    );
    let (per_token, per_bone) = rewards::price_info(100_000_000, 8);
    out.push(
        "price_info/extracted/one-dollar",
        "price_info",
        "oracle price 10^8 at 8 decimals: 1 USD per HNT, 10^-8 per bone",
        json!({ "priceInBones": 100_000_000u64, "decimals": 8 }),
        json!({}),
        Some(json!({ "pricePerToken": "1", "pricePerBone": "0.00000001" })),
        json!({ "pricePerToken": dec(per_token), "pricePerBone": dec(per_bone) }),
        extracted(SHARES, "test_price_conversion", 542),
    );

    // the three GatewayShares tests (10-minute epoch)
    let emissions = Decimal::from(618_340_943_683u64);
    let (_, bone) = rewards::price_info(3_590_000, 8);
    let poc = [(10, 300), (200, 550), (75, 400), (0, 0), (20, 700), (150, 350)];
    let build = |dc: [Decimal; 6]| -> Vec<Shares> {
        (0..6)
            .map(|i| Shares {
                key: GW[i].to_string(),
                beacon: Decimal::from(poc[i].0),
                witness: Decimal::from(poc[i].1),
                dc: dc[i].round_dp_with_strategy(15, RoundingStrategy::MidpointNearestEven),
            })
            .collect()
    };
    let total_dc = rewards::scheduled_dc_tokens(emissions);
    let to_spend = rewards::hnt_bones_to_dc(total_dc, bone);
    let f = |x: &str| to_spend * d(x);
    let r = |b: u64, w: u64, dc: u64| json!({ "beacon": b, "witness": w, "dc": dc });
    let keys = [GW[0], GW[1], GW[2], GW[4], GW[5]];
    let cases: Vec<(&str, &str, [Decimal; 6], Value, &str, u32)> = vec![
        (
            "fixed-dc-spend",
            "little DC spent: most data-transfer rewards flow to PoC",
            [d("502"), d("5000"), d("5000"), d("0"), d("0"), d("50000")],
            json!({ "rewards": {
                GW[0]: r(2_166_977_856, 51_442_169_996, 13_983_286), GW[1]: r(43_339_557_139, 94_310_644_993, 139_275_766),
                GW[2]: r(16_252_333_927, 68_589_559_995, 139_275_766), GW[4]: r(4_333_955_713, 120_031_729_992, 0),
                GW[5]: r(32_504_667_854, 60_015_864_996, 1_392_757_660) }, "absent": [GW[3]], "unallocatedPoc": 7 }),
            "test_reward_share_calculation_fixed_dc_spend_with_transfer_distribution",
            723,
        ),
        (
            "without-data-transfer",
            "DC spent worth more than the data-transfer pool: capped, no remainder to PoC",
            [f("0.1"), f("0.1"), f("0.1"), d("0"), f("0.1"), f("0.8")],
            json!({ "rewards": {
                GW[0]: r(815_394_651, 19_356_759_976, 25_764_205_986), GW[1]: r(16_307_893_020, 35_487_393_289, 25_764_205_986),
                GW[2]: r(6_115_459_882, 25_809_013_301, 25_764_205_986), GW[4]: r(1_630_789_302, 45_165_773_277, 25_764_205_986),
                GW[5]: r(12_230_919_765, 22_582_886_638, 206_113_647_894) }, "absent": [GW[3]], "unallocatedPoc": 7 }),
            "test_reward_share_calculation_without_data_transfer_distribution",
            916,
        ),
        (
            "with-data-transfer",
            "55 % of the data-transfer pool spent: the rest flows to PoC",
            [f("0.1"), d("0"), f("0.2"), d("0"), f("0.05"), f("0.2")],
            json!({ "rewards": {
                GW[0]: r(1_426_940_702, 33_874_331_459, 30_917_044_568), GW[1]: r(28_538_814_050, 62_102_941_009, 0),
                GW[2]: r(10_702_055_268, 45_165_775_279, 61_834_089_136), GW[4]: r(2_853_881_405, 79_040_106_739, 15_458_522_284),
                GW[5]: r(21_404_110_537, 39_520_053_369, 61_834_089_136) }, "absent": [GW[3]], "unallocatedPoc": 5 }),
            "test_reward_share_calculation_with_data_transfer_distribution",
            1103,
        ),
    ];
    for (id, desc, dc, exp, test, line) in cases {
        let s = build(dc);
        let a = rewards::allocate(emissions, bone, &s);
        out.push(
            &format!("reward_allocation/extracted/{id}"),
            "reward_allocation",
            desc,
            shares_inputs(emissions, 3_590_000, 8, &s),
            json!({ "epoch": "10 minutes", "dcSharesNote": "dc shares as the test builds them (reward_shares_in_dec rounds to 15 dp)" }),
            Some(exp),
            asserted(&allocation_json(&a, &s), &keys, true),
            extracted(SHARES, test, line),
        );
    }

    // rewarder_poc_dc.rs: one day, price 1 bone-unit, four hotspots with shares = hex_scale × reward_unit
    let s = vec![
        Shares { key: HOTSPOT_1.into(), beacon: d("1.0") * d("1.0"), witness: Decimal::ZERO, dc: d("1000") },
        Shares { key: HOTSPOT_2.into(), beacon: Decimal::ZERO, witness: d("1.0") * d("1.0"), dc: d("2000") },
        Shares { key: HOTSPOT_3.into(), beacon: d("1.0") * d("2.0"), witness: Decimal::ZERO, dc: Decimal::ZERO },
        Shares { key: HOTSPOT_4.into(), beacon: Decimal::ZERO, witness: d("1.0") * d("1.5"), dc: Decimal::ZERO },
    ];
    let (_, bone1) = rewards::price_info(1, 8);
    let a = rewards::allocate(day, bone1, &s);
    out.push(
        "reward_allocation/extracted/poc-and-dc-24h",
        "reward_allocation",
        "a day's PoC and DC rewards for four hotspots; DC spend exceeds the pool, so it is capped",
        shares_inputs(day, 1, 8, &s),
        json!({ "pocShares": "hex_scale × reward_unit per report: (1.0,1.0) beacon, (1.0,1.0) witness, (1.0,2.0) beacon, (1.0,1.5) witness" }),
        Some(json!({ "rewards": {
            HOTSPOT_1: r(1_780_821_917_808, 0, 14_840_182_648_401), HOTSPOT_2: r(0, 8_547_945_205_479, 29_680_365_296_803),
            HOTSPOT_3: r(3_561_643_835_616, 0, 0), HOTSPOT_4: r(0, 12_821_917_808_219, 0) }, "unallocatedPoc": 2 })),
        asserted(&allocation_json(&a, &s), &[HOTSPOT_1, HOTSPOT_2, HOTSPOT_3, HOTSPOT_4], false),
        extracted("iot_verifier/tests/integrations/rewarder_poc_dc.rs", "test_poc_and_dc_rewards", 44),
    );
}

pub fn integration_gateways() -> HashMap<String, Gateway> {
    let g = |loc: Option<u64>| Gateway { location: loc, gain: 20, elevation: 0, region: "EU868".into(), is_full_hotspot: true };
    let mut m = HashMap::new();
    for k in [BEACONER1, BEACONER2, BEACONER3, BEACONER4, WITNESS2] {
        m.insert(k.to_string(), g(Some(LOC0)));
    }
    for k in [BEACONER5, WITNESS1] {
        m.insert(k.to_string(), g(Some(LOC4)));
    }
    m.insert(NO_METADATA_GATEWAY1.to_string(), g(None));
    m
}

pub struct Step {
    pub entropy_start_ms: i64,
    pub set_recip: Vec<(String, i64)>,
    pub set_witness: Vec<(String, i64)>,
    pub beacon: BeaconReport,
    pub witnesses: Vec<WitnessReport>,
}

pub struct Scenario {
    pub interval_ms: i64,
    pub max_witnesses: usize,
    pub gateways: HashMap<String, Gateway>,
    pub density: HashMap<u64, Decimal>,
    pub denied: Vec<String>,
    pub denied_edges: Vec<(String, String)>,
    pub steps: Vec<Step>,
}

/// Runs a scenario through the restatement; returns (inputs, per-step outcomes).
pub fn run_scenario(sc: &Scenario, detail: bool) -> (Value, Value) {
    let params = crate::beacon::decode_region_params(EU868_PARAMS);
    let mut state = State::default();
    let mut outcomes = vec![];
    let mut steps = vec![];
    for st in &sc.steps {
        for (k, t) in &st.set_recip {
            state.last_beacon_recip.insert(k.clone(), *t);
        }
        for (k, t) in &st.set_witness {
            state.last_witness.insert(k.clone(), *t);
        }
        let ctx = Context {
            gateways: &sc.gateways,
            denied: &sc.denied,
            denied_edges: &sc.denied_edges,
            region_params: &params,
            entropy_start_ms: st.entropy_start_ms,
            entropy_version: 0,
            beacon_interval_ms: sc.interval_ms,
            max_witnesses: sc.max_witnesses,
            density: &sc.density,
        };
        let o = process_poc(&ctx, &mut state, &st.beacon, &st.witnesses);
        outcomes.push(poc_outcome(&o, detail));
        let kv = |v: &Vec<(String, i64)>| Value::Object(v.iter().map(|(k, t)| (k.clone(), json!(t))).collect());
        steps.push(json!({
            "entropyStartMs": st.entropy_start_ms,
            "setLastBeaconRecip": kv(&st.set_recip),
            "setLastWitness": kv(&st.set_witness),
            "beacon": beacon(&st.beacon),
            "witnesses": st.witnesses.iter().map(witness).collect::<Vec<_>>(),
        }));
    }
    let gateways: Map<String, Value> = {
        let mut v: Vec<_> = sc.gateways.iter().collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v.into_iter().map(|(k, g)| (k.clone(), gateway(g))).collect()
    };
    let density: Map<String, Value> = {
        let mut v: Vec<_> = sc.density.iter().collect();
        v.sort();
        v.into_iter().map(|(k, s)| (cell(*k), dec(*s))).collect()
    };
    let inputs = json!({
        "config": {
            "beaconIntervalMs": sc.interval_ms,
            "maxWitnesses": sc.max_witnesses,
            "entropyVersion": 0,
            "regionParamsHex": hex(EU868_PARAMS),
            "denied": sc.denied,
            "deniedEdges": sc.denied_edges.iter().map(|(a, b)| json!([a, b])).collect::<Vec<_>>(),
        },
        "gateways": gateways,
        "density": density,
        "steps": steps,
    });
    (inputs, json!({ "steps": outcomes }))
}

fn scenarios(out: &mut Out) {
    let t = ENTROPY_TIMESTAMP_MS + 60_000; // reports are received a minute into the entropy
    let ago8h = t - (21_600_000 + 7_200_000);
    let ago15s = t - 15_000;
    let b = |k: &str, at: i64| valid_beacon_report_it(k, at);
    let w = |k: &str, at: i64| valid_witness_report(k, at);
    let step = |recip: &[(&str, i64)], wit: &[(&str, i64)], beacon: BeaconReport, witnesses: Vec<WitnessReport>| Step {
        entropy_start_ms: ENTROPY_TIMESTAMP_MS,
        set_recip: recip.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        set_witness: wit.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        beacon,
        witnesses,
    };
    let sc = |interval_ms: i64, steps: Vec<Step>| Scenario {
        interval_ms,
        max_witnesses: 16,
        gateways: integration_gateways(),
        density: HashMap::new(),
        denied: vec![DENIED_PUBKEY1.to_string()],
        denied_edges: vec![],
        steps,
    };
    let valid = |sel: &[&str]| json!({ "beacon": "Valid", "selected": sel, "unselected": [] });
    let valid_un = |k: &str, reason: &str| json!({ "beacon": "Valid", "selected": [], "unselected": [{ "key": k, "reason": reason, "side": "witness" }] });
    let invalid = |reason: &str, ws: &[&str]| {
        json!({ "beacon": reason, "selected": [], "unselected": ws.iter().map(|k| json!({ "key": k, "reason": reason, "side": "beaconer" })).collect::<Vec<_>>() })
    };
    let both = |x: &'static str| vec![(x, ago8h)];
    let pair = [(BEACONER1, ago8h), (WITNESS1, ago8h)];

    let cases: Vec<(&str, &str, Scenario, Value, u32)> = vec![
        (
            "valid_beacon_and_witness",
            "a valid beacon and witness, both with recent reciprocity history",
            sc(21_600_000, vec![step(&pair, &pair, b(BEACONER1, t), vec![w(WITNESS1, t)])]),
            json!([valid(&[WITNESS1])]),
            138,
        ),
        (
            "valid_beacon_irregular_schedule_with_witness",
            "the same beacon again in the same 6-hour bucket: IrregularInterval, passed on to its witness",
            sc(21_600_000, vec![step(&pair, &pair, b(BEACONER1, t), vec![w(WITNESS1, t)]), step(&[], &[], b(BEACONER1, t), vec![w(WITNESS1, t)])]),
            json!([valid(&[WITNESS1]), invalid("IrregularInterval", &[WITNESS1])]),
            379,
        ),
        (
            "valid_beacon_irregular_schedule_no_witness",
            "a valid unwitnessed beacon still starts the bucket; a second beacon in it is IrregularInterval",
            sc(21_600_000, vec![step(&both(BEACONER1), &both(BEACONER1), b(BEACONER1, t), vec![]), step(&[], &[], b(BEACONER1, t), vec![w(WITNESS1, t)])]),
            json!([valid(&[]), invalid("IrregularInterval", &[WITNESS1])]),
            484,
        ),
        (
            "invalid_beacon_irregular_schedule_with_witness",
            "an invalid (entropy-expired) beacon also starts the bucket",
            sc(21_600_000, vec![step(&pair, &pair, b(BEACONER1, t - 100_000), vec![w(WITNESS1, t)]), step(&[], &[], b(BEACONER1, t), vec![w(WITNESS1, t)])]),
            json!([invalid("EntropyExpired", &[WITNESS1]), invalid("IrregularInterval", &[WITNESS1])]),
            570,
        ),
        (
            "valid_beacon_gateway_not_found",
            "a witness unknown to the config service",
            sc(21_600_000, vec![step(&both(BEACONER2), &both(BEACONER2), b(BEACONER2, t), vec![w(UNKNOWN_GATEWAY1, t)])]),
            json!([valid_un(UNKNOWN_GATEWAY1, "GatewayNotFound")]),
            686,
        ),
        (
            "invalid_witness_no_metadata",
            "a witness without asserted location",
            sc(
                21_600_000,
                vec![step(&[(BEACONER3, ago8h), (NO_METADATA_GATEWAY1, ago8h)], &[(BEACONER3, ago8h), (NO_METADATA_GATEWAY1, ago8h)], b(BEACONER3, t), vec![w(NO_METADATA_GATEWAY1, t)])],
            ),
            json!([valid_un(NO_METADATA_GATEWAY1, "NotAsserted")]),
            752,
        ),
        (
            "invalid_beacon_no_gateway_found",
            "a beaconer unknown to the config service: its witness fails with it",
            sc(21_600_000, vec![step(&both(WITNESS1), &both(WITNESS1), b(UNKNOWN_GATEWAY1, t), vec![w(WITNESS1, t)])]),
            json!([invalid("GatewayNotFound", &[WITNESS1])]),
            828,
        ),
        (
            "invalid_beacon_gateway_not_found_no_witnesses",
            "an unknown beaconer without witnesses",
            sc(21_600_000, vec![step(&[], &[], b(UNKNOWN_GATEWAY1, t), vec![])]),
            json!([invalid("GatewayNotFound", &[])]),
            890,
        ),
        (
            "valid_beacon_and_witness_no_beacon_reciprocity",
            "the beaconer has not witnessed in 48 h: GatewayNoValidWitnesses for the beacon and its witness",
            sc(21_600_000, vec![step(&both(WITNESS1), &both(WITNESS1), b(BEACONER1, t), vec![w(WITNESS1, t)])]),
            json!([invalid("GatewayNoValidWitnesses", &[WITNESS1])]),
            950,
        ),
        (
            "valid_beacon_and_witness_no_witness_reciprocity",
            "the witness has not beaconed in 48 h: GatewayNoValidBeacons for the witness only",
            sc(21_600_000, vec![step(&both(BEACONER1), &both(BEACONER1), b(BEACONER1, t), vec![w(WITNESS1, t)])]),
            json!([valid_un(WITNESS1, "GatewayNoValidBeacons")]),
            1009,
        ),
        (
            "valid_new_gateway_witness_first_reciprocity",
            "a new gateway witnesses first (fails reciprocity but records a last witness), then beacons, then witnesses validly",
            sc(
                5_000,
                vec![
                    step(&[(BEACONER1, ago15s - 0)], &[(BEACONER1, ago15s)], b(BEACONER1, t), vec![w(BEACONER5, t)]),
                    step(&[], &[], b(BEACONER5, t), vec![w(BEACONER1, t)]),
                    step(&[(BEACONER2, ago15s)], &[(BEACONER2, ago15s)], b(BEACONER2, t), vec![w(BEACONER5, t)]),
                ],
            ),
            json!([valid_un(BEACONER5, "GatewayNoValidBeacons"), valid(&[BEACONER1]), valid(&[BEACONER5])]),
            1073,
        ),
        (
            "valid_new_gateway_beacon_first_reciprocity",
            "a new gateway beacons first (fails reciprocity but records a last beacon), then witnesses, then beacons validly",
            sc(
                5_000,
                vec![
                    step(&[], &[], b(BEACONER5, t), vec![w(WITNESS1, t)]),
                    step(&[(BEACONER1, ago15s)], &[(BEACONER1, ago15s)], b(BEACONER1, t), vec![w(BEACONER5, t)]),
                    step(&[(WITNESS2, ago15s)], &[(WITNESS2, ago15s)], b(BEACONER5, t + 5_000), vec![w(WITNESS2, t)]),
                ],
            ),
            json!([invalid("GatewayNoValidWitnesses", &[WITNESS1]), valid(&[BEACONER5]), valid(&[WITNESS2])]),
            1241,
        ),
        (
            "valid_lone_wolf_beacon",
            "an unwitnessed beacon records no last beacon for reciprocity, so the gateway's next witness fails it",
            sc(5_000, vec![step(&[], &[], b(BEACONER1, t), vec![]), step(&both(BEACONER5), &both(BEACONER5), b(BEACONER5, t), vec![w(BEACONER1, t)])]),
            json!([invalid("GatewayNoValidWitnesses", &[]), valid_un(BEACONER1, "GatewayNoValidBeacons")]),
            1395,
        ),
        (
            "valid_two_isolated_gateways_beaconing_and_witnessing",
            "two gateways without history bootstrap each other's reciprocity",
            sc(
                5_000,
                vec![
                    step(&[], &[], b(BEACONER1, t), vec![w(WITNESS1, t)]),
                    step(&[], &[], b(WITNESS1, t), vec![w(BEACONER1, t)]),
                    step(&[], &[], b(BEACONER1, t + 5_000), vec![w(WITNESS1, t + 5_000)]),
                ],
            ),
            json!([invalid("GatewayNoValidWitnesses", &[WITNESS1]), valid(&[BEACONER1]), valid(&[WITNESS1])]),
            1497,
        ),
    ];
    for (name, desc, scenario, expected, line) in cases {
        let (inputs, computed) = run_scenario(&scenario, false);
        out.push(
            &format!("poc_scenario/extracted/{name}"),
            "poc_scenario",
            desc,
            inputs,
            json!({ "entropyTimestamp": iso(ENTROPY_TIMESTAMP_MS), "reportsReceived": iso(t), "maxWitnessesPerPoc": 16, "locations": { "LOC0": LOC0.to_string(), "LOC4": LOC4.to_string() } }),
            Some(json!({ "steps": expected })),
            computed,
            extracted(IT_RUNNER, name, line),
        );
    }
}

/// tests/integrations/common `create_valid_beacon_report`: same as the unit tests' report.
fn valid_beacon_report_it(key: &str, at: i64) -> BeaconReport {
    valid_beacon_report(key, at)
}
