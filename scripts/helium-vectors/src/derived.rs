//! Vectors derived from the rule definitions at their exact boundaries. Expected values
//! come from the restatement on Helium's libraries, never from the TypeScript reference.

use crate::beacon::{decode_region_params, generate_beacon, verify_beacon_payload};
use crate::density::density_map;
use crate::extracted_runner::{allocation_json, integration_gateways, run_scenario, shares_inputs, Scenario, Step};
use crate::fixtures::*;
use crate::out::*;
use crate::rewards::{self, d, Shares};
use crate::rules::*;
use crate::scenario::{BeaconReport, Gateway, WitnessReport};
use h3o::{CellIndex, LatLng, Resolution};
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{json, Value};
use std::collections::HashMap;

const POC: &str = "iot_verifier/src/poc.rs";

pub fn run(out: &mut Out) {
    entropy(out);
    schedule(out);
    lag(out);
    frequency(out);
    cells(out);
    distance(out);
    rssi(out);
    payload(out);
    lists(out);
    scenarios(out);
    density(out);
    units(out);
    allocation(out);
    decimal(out);
}

fn entropy(out: &mut Out) {
    let s = ENTROPY_TIMESTAMP_MS; // a whole second
    let s9 = s + 900; // the same second, 900 ms in
    let cases = [
        ("at-start", s, s, "the entropy's own instant"),
        ("1ms-before-start", s, s - 1, "one millisecond before a whole-second entropy start: the previous second"),
        ("at-end", s, s + 180_000, "exactly the lifespan (180 s) after the start: end inclusive"),
        ("end-second-999ms", s, s + 180_999, "999 ms past the end, still in the end's whole second: accepted"),
        ("after-end-second", s, s + 181_000, "the second after the end's second"),
        ("800ms-before-subsecond-start", s9, s + 100, "800 ms BEFORE an entropy published at .900 s, same whole second: accepted"),
        ("subsecond-start-last-ms", s9, s9 + 180_099, "lifespan + 99 ms after a .900 s start: still in the end's second"),
        ("subsecond-start-next-second", s9, s9 + 180_100, "lifespan + 100 ms after a .900 s start: the next second"),
    ];
    for (id, start, recv, desc) in cases {
        out.push(
            &format!("entropy_window/derived/{id}"),
            "entropy_window",
            desc,
            json!({ "entropyStartMs": start, "entropyEndMs": start + ENTROPY_LIFESPAN_MS, "receivedMs": recv }),
            json!({ "entropyStart": iso(start), "received": iso(recv) }),
            None,
            json!({ "verdict": verdict(verify_entropy(start, start + ENTROPY_LIFESPAN_MS, recv)) }),
            derived(&format!("{POC}:594-618 verify_entropy; entropy.rs:18 ENTROPY_LIFESPAN"), "received.timestamp() (whole seconds, floor) compared with start/end whole seconds, `<` / `>` so both ends inclusive"),
        );
    }
}

fn schedule(out: &mut Out) {
    let day = 1_672_617_600_000i64; // 2023-01-02T00:00:00Z
    let h = 3_600_000i64;
    let six = 6 * h;
    let cases: Vec<(&str, Option<i64>, i64, i64, &str)> = vec![
        ("1ms-across-bucket-boundary", Some(day + six - 1), day + six, six, "05:59:59.999 then 06:00:00.000: different buckets, 1 ms apart"),
        ("bucket-first-and-last-ms", Some(day + six), day + 2 * six - 1, six, "06:00:00.000 then 11:59:59.999: the same bucket"),
        ("utc-midnight", Some(day - 1), day, six, "23:59:59.999 then 00:00:00.000 UTC: buckets align to the Unix epoch, not to local time or the last beacon"),
        ("no-last-beacon", None, day + h, six, "no beacon on record"),
        ("same-instant", Some(day + h), day + h, six, "the same receive time"),
        ("last-is-later", Some(day + 3 * six), day + h, six, "the recorded last beacon is in a later bucket (processed out of order)"),
        ("5s-interval-same", Some(1_677_163_770_000), 1_677_163_774_999, 5_000, "5 s interval as in Helium's integration tests: same bucket"),
        ("5s-interval-next", Some(1_677_163_770_000), 1_677_163_775_000, 5_000, "5 s interval: next bucket"),
    ];
    for (id, last, recv, interval, desc) in cases {
        out.push(
            &format!("beacon_schedule/derived/{id}"),
            "beacon_schedule",
            desc,
            json!({ "lastBeaconMs": last, "receivedMs": recv, "beaconIntervalMs": interval }),
            json!({ "lastBeacon": last.map(iso), "received": iso(recv), "lastBucket": last.map(|l| iso(bucket_start_ms(l, interval))), "bucket": iso(bucket_start_ms(recv, interval)) }),
            None,
            json!({ "verdict": verdict(verify_beacon_schedule(last, recv, interval)) }),
            derived(&format!("{POC}:493-538 verify_beacon_schedule; settings.rs:183-185 beacon_interval 6 h"), "cur_bucket <= last_bucket is IrregularInterval, buckets = DateTime::duration_trunc(interval)"),
        );
    }
}

fn lag(out: &mut Out) {
    let b = ENTROPY_TIMESTAMP_MS + 60_000;
    let cases = [
        ("beacon-first-4000ms", b, b, b + 4_000, "exactly 4 s after the beacon (which came first): accepted"),
        ("beacon-first-4001ms", b, b, b + 4_001, "4.001 s after the beacon"),
        ("tie-uses-beacon", b, b + 3_000, b + 4_000, "beacon received before the first witness: lag from the beacon"),
        ("witness-first-1500ms", b, b - 1, b + 1_499, "a witness 1 ms before the beacon: lag from it, 1.5 s"),
        ("witness-first-1501ms", b, b - 1, b + 1_500, "1.501 s after a first witness that preceded the beacon, though 1.5 s after the beacon"),
        ("before-beacon-within", b, b - 3_000, b - 2_000, "both witnesses before the beacon, 1 s apart"),
    ];
    for (id, beacon, first, recv, desc) in cases {
        out.push(
            &format!("witness_lag/derived/{id}"),
            "witness_lag",
            desc,
            json!({ "beaconReceivedMs": beacon, "firstWitnessReceivedMs": first, "receivedMs": recv }),
            json!({}),
            None,
            json!({ "verdict": verdict(verify_witness_lag(beacon, first, recv)) }),
            derived(&format!("{POC}:55-58 MAX_WITNESS_LAG / MAX_BEACON_TO_WITNESS_LAG; {POC}:702-727 verify_witness_lag"), "beacon <= first witness: lag from the beacon, max 4000 ms; else from the first witness, max 1500 ms; `>` rejects"),
        );
    }
}

fn frequency(out: &mut Out) {
    let bf = 904_500_000u64;
    let cases: Vec<(&str, u64, &str)> = vec![
        ("plus-100001hz", bf + 100_001, "1 Hz over the tolerance"),
        ("minus-100000hz", bf - 100_000, "tolerance below the beacon, inclusive"),
        ("minus-100001hz", bf - 100_001, "1 Hz over the tolerance below"),
        ("wrap-2pow32", bf + (1u64 << 32), "4.29 GHz off: |Δ| as i32 wraps to 0, accepted"),
        ("wrap-2pow32-plus-100001", bf + (1u64 << 32) + 100_001, "wraps to 100001: rejected"),
        ("wrap-2pow31-u32", bf + (1u64 << 31), "2.147 GHz off (fits a u32 report): |Δ| as i32 is negative, accepted"),
        ("wrap-3ghz-u32", bf + 3_000_000_000, "3 GHz off (fits a u32 report): negative as i32, accepted"),
        ("i32-max", bf + (i32::MAX as u64), "|Δ| = i32::MAX: rejected"),
    ];
    for (id, wf, desc) in cases {
        out.push(
            &format!("witness_frequency/derived/{id}"),
            "witness_frequency",
            desc,
            json!({ "beaconFrequencyHz": bf, "witnessFrequencyHz": wf }),
            json!({}),
            None,
            json!({ "verdict": verdict(verify_witness_freq(bf, wf)) }),
            derived(&format!("{POC}:750-762 verify_witness_freq"), "(beacon_freq.abs_diff(witness_freq) as i32) > 100_000 rejects; the u64 → i32 cast keeps the low 32 bits"),
        );
    }
}

pub fn c11(c: u64) -> CellIndex {
    CellIndex::try_from(c).unwrap().parent(Resolution::Eleven).unwrap()
}

/// A res-12 cell whose res-11 parent is exactly `k` cells from LOC0's.
pub fn cell_at_grid_distance(k: u32) -> u64 {
    let p = c11(LOC0);
    for q in p.grid_disk::<Vec<_>>(k) {
        if p.grid_distance(q) == Ok(k as i32) {
            let c = u64::from(q.center_child(Resolution::Twelve).unwrap());
            assert_eq!(calc_cell_distance(LOC0, c), Ok(k));
            return c;
        }
    }
    unreachable!()
}

/// Two res-12 cells near a res-11 pentagon whose grid distance h3o cannot compute: the
/// first such pair found within `max_m`, farther apart than `min_m`.
pub fn pentagon_failure_pair(min_m: f64, max_m: f64) -> (u64, u64, u64) {
    for pent in Resolution::Eleven.pentagons() {
        let ll = LatLng::from(pent);
        for i in 0..36 {
            for j in 0..36 {
                let (ai, bj) = (i as f64 * 0.17, j as f64 * 0.17 + 1.0);
                let a = LatLng::new(ll.lat() + 0.03 * ai.cos(), ll.lng() + 0.03 * ai.sin()).unwrap().to_cell(Resolution::Eleven);
                let b = LatLng::new(ll.lat() + 0.1 * bj.cos(), ll.lng() + 0.1 * bj.sin()).unwrap().to_cell(Resolution::Eleven);
                if a.grid_distance(b).is_err() {
                    let (x, y) = (u64::from(a.center_child(Resolution::Twelve).unwrap()), u64::from(b.center_child(Resolution::Twelve).unwrap()));
                    let dm = calc_distance_raw(x, y).unwrap();
                    if dm > min_m && dm < max_m {
                        return (x, y, u64::from(pent));
                    }
                }
            }
        }
    }
    panic!("no failing pair near pentagons")
}

fn cells(out: &mut Out) {
    let at8 = cell_at_grid_distance(8);
    let at7 = cell_at_grid_distance(7);
    let (pa, pb, pent) = pentagon_failure_pair(2_000.0, 100_000.0);
    let nyc = u64::from(LatLng::new(40.7, -74.0).unwrap().to_cell(Resolution::Twelve));
    let res10 = u64::from(CellIndex::try_from(LOC4).unwrap().parent(Resolution::Ten).unwrap());
    let cases: Vec<(&str, u64, u64, &str)> = vec![
        ("exactly-8", LOC0, at8, "res-11 parents exactly 8 cells apart: the minimum, accepted"),
        ("exactly-7", LOC0, at7, "7 cells apart"),
        ("same-cell", LOC0, LOC0, "co-located"),
        ("pentagon-grid-distance-fails", pa, pb, "two cells ~9 km apart across a res-11 pentagon (Norwegian Sea): grid distance cannot be computed, treated as too close"),
        ("far-grid-distance-fails", LOC0, nyc, "Malta to New York: base cells not neighbours, grid distance fails, so BelowMinDistance (checked before MaxDistanceExceeded)"),
        ("res10-location", LOC0, res10, "a witness asserted at resolution 10 has no res-11 parent: treated as too close"),
        ("invalid-index", LOC0, 0, "an invalid H3 index: treated as too close"),
    ];
    for (id, a, b, desc) in cases {
        let c = calc_cell_distance(a, b);
        let dist = calc_distance(a, b).ok();
        out.push(
            &format!("cell_distance/derived/{id}"),
            "witness_cell_distance",
            desc,
            json!({ "beaconerLocation": cell(a), "witnessLocation": cell(b) }),
            json!({ "beaconerLocation": a.to_string(), "witnessLocation": b.to_string(), "distanceM": dist, "pentagon": (id.starts_with("pentagon")).then(|| cell(pent)) }),
            None,
            match c {
                Ok(n) => json!({ "cells": n, "verdict": verdict(verify_witness_cell_distance(a, b)) }),
                Err(e) => json!({ "error": e.split(':').next().unwrap(), "verdict": verdict(verify_witness_cell_distance(a, b)) }),
            },
            derived(&format!("{POC}:806-828 verify_witness_cell_distance, {POC}:920-931 calc_cell_distance"), "grid distance between res-11 parents < 8 rejects; any error (invalid cell, no parent, LocalIjError) rejects as BelowMinDistance"),
        );
    }
}

/// A res-12 cell east of LOC0 whose rounded distance from LOC0 falls in [lo, hi].
pub fn cell_at_distance(lo: u32, hi: u32) -> u64 {
    let origin: LatLng = CellIndex::try_from(LOC0).unwrap().into();
    let target = (lo as f64 + hi as f64) / 2.0;
    let (mut a, mut b) = (0.0f64, 3.0f64);
    for _ in 0..80 {
        let m = (a + b) / 2.0;
        let p = LatLng::new(origin.lat(), origin.lng() + m).unwrap();
        if origin.distance_m(p) < target {
            a = m;
        } else {
            b = m;
        }
    }
    let centre = LatLng::new(origin.lat(), origin.lng() + a).unwrap().to_cell(Resolution::Twelve);
    let mut best: Vec<CellIndex> = centre.grid_disk(4);
    best.sort();
    for c in best {
        let dm = calc_distance(LOC0, u64::from(c)).unwrap();
        if dm >= lo && dm <= hi {
            return u64::from(c);
        }
    }
    panic!("no cell in [{lo}, {hi}]")
}

fn distance(out: &mut Out) {
    let cases: Vec<(&str, u32, u32, &str)> = vec![
        ("100000m", 100_000, 100_000, "exactly 100 km"),
        ("just-over-100km", 100_001, 100_020, "a few metres over 100 km: whole kilometres are still 100, accepted"),
        ("100999m-band", 100_980, 100_999, "the last metres of the 100th kilometre: accepted"),
        ("101000m-band", 101_000, 101_020, "the 101st kilometre"),
    ];
    for (id, lo, hi, desc) in cases {
        let w = cell_at_distance(lo, hi);
        out.push(
            &format!("distance/derived/{id}"),
            "witness_distance",
            desc,
            json!({ "beaconerLocation": cell(LOC0), "witnessLocation": cell(w) }),
            json!({ "beaconerLocation": LOC0.to_string(), "witnessLocation": w.to_string(), "rawDistanceM": calc_distance_raw(LOC0, w).unwrap() }),
            None,
            json!({ "distanceM": calc_distance(LOC0, w).unwrap(), "verdict": verdict(verify_witness_distance(LOC0, w)) }),
            derived(&format!("{POC}:43 POC_DISTANCE_LIMIT, {POC}:783-804 verify_witness_distance, {POC}:933-939 calc_distance"), "distance = round(haversine of cell centres, m) as u32; distance / 1000 (integer) > 100 rejects, so up to 100,999 m is accepted"),
        );
    }
    out.push(
        "distance/derived/invalid-index",
        "witness_distance",
        "an invalid H3 index: MaxDistanceExceeded",
        json!({ "beaconerLocation": cell(LOC0), "witnessLocation": cell(0) }),
        json!({ "beaconerLocation": LOC0.to_string(), "witnessLocation": "0" }),
        None,
        json!({ "distanceM": Value::Null, "verdict": verdict(verify_witness_distance(LOC0, 0)) }),
        derived(&format!("{POC}:783-792"), "calc_distance error maps to MaxDistanceExceeded"),
    );
}

fn expected_with_c(tx: i32, f: u64, dist: u32, bg: i32, wg: i32, c: f64) -> f64 {
    tx as f64 + (bg / 10) as f64 - 20.0 * (4.0 * std::f64::consts::PI * dist as f64 * (f as f64) / c).log10() + (wg / 10) as f64
}

fn rssi(out: &mut Out) {
    let src = format!("{POC}:37-38 C, {POC}:893-908 calc_expected_rssi / calc_fpsl");
    let cases: Vec<(&str, i32, u64, u32, i32, i32, &str)> = vec![
        ("gain-29-truncates-to-2", 27, 904_500_000, 2_000, 29, 29, "2.9 dBi counts as 2 dB"),
        ("gain-20", 27, 904_500_000, 2_000, 20, 20, "2.0 dBi: the same ceiling as 2.9 dBi"),
        ("negative-gain-truncates-toward-zero", 27, 904_500_000, 2_000, -15, -5, "-1.5 dBi counts as -1 dB and -0.5 dBi as 0 dB (truncation, not floor)"),
        ("zero-distance", 27, 904_500_000, 0, 12, 12, "0 m: log10(0) = -inf, so the ceiling is +inf"),
        ("1m", 27, 904_500_000, 1, 12, 12, "1 m"),
        ("100999m", 36, 915_000_000, 100_999, 120, 120, "the longest accepted distance"),
    ];
    for (id, tx, f, dist, bg, wg, desc) in cases {
        out.push(
            &format!("expected_rssi/derived/{id}"),
            "expected_rssi",
            desc,
            json!({ "txPowerDbm": tx, "frequencyHz": f, "distanceM": dist, "beaconerGainDbi10": bg, "witnessGainDbi10": wg }),
            json!({}),
            None,
            json!({ "dbm": f64v(calc_expected_rssi(tx, f, dist, bg, wg)) }),
            derived(&src, "tx + trunc(gain_b/10) - 20·log10(4π·d·f/C) + trunc(gain_w/10), f64, C = 2.998e8, no rounding"),
        );
    }

    // the decision at the ceiling: signal/10 > ceiling rejects, with no rounding of the ceiling
    let rule = format!("{POC}:831-875 verify_witness_rssi");
    let mut rssi_case = |id: &str, desc: &str, tx: i32, f: u64, dist: u32, bg: i32, wg: i32, s: i32, extra: Value| {
        out.push(
            &format!("rssi_decision/derived/{id}"),
            "rssi_decision",
            desc,
            json!({ "rssiDbm10": s, "frequencyHz": f, "txPowerDbm": tx, "beaconerGainDbi10": bg, "witnessGainDbi10": wg, "distanceM": dist }),
            extra,
            None,
            json!({ "verdict": if s as f64 / 10.0 > calc_expected_rssi(tx, f, dist, bg, wg) { "BadRssi" } else { "ok" } }),
            derived(&rule, "witness_signal as f64 / 10.0 > calc_expected_rssi(...) rejects; equality accepted"),
        );
    };
    let c = calc_expected_rssi(8, 867_900_032, 1_314, 20, 20);
    let s_star = (c * 10.0).floor() as i32 + 1;
    assert!(s_star as f64 / 10.0 > c && (s_star - 1) as f64 / 10.0 <= c);
    rssi_case("first-rejected-tenth", "the weakest signal above the unrounded ceiling", 8, 867_900_032, 1_314, 20, 20, s_star, json!({ "ceilingDbm": c }));
    rssi_case("last-accepted-tenth", "one tenth below it", 8, 867_900_032, 1_314, 20, 20, s_star - 1, json!({ "ceilingDbm": c }));
    rssi_case("unchecked-tx-power", "a beacon claiming 60 dBm conducted power lifts the ceiling: +30 dBm received at 1.3 km is accepted", 60, 867_900_032, 1_314, 20, 20, 300, json!({}));
    // a distance where Helium's C (2.998e8) and the physical 299792458 m/s fall on either side of a tenth
    let (tx, f, bg, wg) = (27, 904_500_000u64, 12, 12);
    let mut found = None;
    'outer: for dist in 1_000u32..200_000 {
        let ch = calc_expected_rssi(tx, f, dist, bg, wg);
        let cx = expected_with_c(tx, f, dist, bg, wg, 299_792_458.0);
        let s = (ch * 10.0).floor() as i32;
        for s in [s - 1, s, s + 1] {
            if (s as f64 / 10.0) <= ch && (s as f64 / 10.0) > cx {
                found = Some((dist, s, ch, cx));
                break 'outer;
            }
        }
    }
    let (dist, s, ch, cx) = found.expect("a straddling distance");
    rssi_case(
        "speed-of-light-2998e8",
        "accepted only because C = 2.998e8: with 299792458 m/s the ceiling is 0.0002 dB lower and this signal would exceed it",
        tx,
        f,
        dist,
        bg,
        wg,
        s,
        json!({ "ceilingDbm": ch, "ceilingWithPhysicalC": cx }),
    );
}

fn payload(out: &mut Out) {
    let params = decode_region_params(EU868_PARAMS);
    let start = ENTROPY_TIMESTAMP_MS;
    let src = "helium/proto@3dbaedf3 beacon/src/lib.rs Beacon::new, region.rs max_conducted_power; iot_verifier/src/poc.rs:623-678 verify_beacon_payload";
    let gen_cases: Vec<(&str, i32, i64, u32, &str)> = vec![
        ("gain-12-conducted-14", 12, start, 0, "EU868 max EIRP 16.1 dBm - 1.2 dBi, truncated: 14 dBm"),
        ("gain-161-conducted-0", 161, start, 0, "16.1 dBi, the region's whole max EIRP: conducted power 0"),
        ("gain-162-no-beacon", 162, start, 0, "16.2 dBi: 16.1 - 16.2 = -0.1 truncates to -0, still negative, not a u32: beacon generation fails"),
        ("gain-170-no-beacon", 170, start, 0, "17.0 dBi: -0.9 truncates to -0: no beacon"),
        ("version-1", 12, start, 1, "entropy version 1 derives the same way"),
        ("version-2", 12, start, 2, "entropy version 2 is unsupported"),
        ("subsecond-start", 12, start + 999, 0, "an entropy start 999 ms later in the same second seeds the same beacon"),
        ("next-second-start", 12, start + 1_000, 0, "one second later: a different beacon"),
    ];
    for (id, gain, st, version, desc) in gen_cases {
        let g = generate_beacon(&params, true, gain, ts(st).timestamp(), version, &LOCAL_ENTROPY, &REMOTE_ENTROPY);
        out.push(
            &format!("beacon_payload/derived/{id}"),
            "beacon_payload",
            desc,
            json!({ "remoteEntropyHex": hex(&REMOTE_ENTROPY), "entropyStartMs": st, "entropyVersion": version, "localEntropyHex": hex(&LOCAL_ENTROPY), "regionParamsHex": hex(EU868_PARAMS), "gainDbi10": gain }),
            json!({ "entropyStart": iso(st) }),
            None,
            match g {
                Ok(b) => json!({ "payloadHex": hex(&b.data), "frequencyHz": b.frequency, "datarate": b.datarate, "conductedPowerDbm": b.conducted_power }),
                Err(e) => json!({ "error": e }),
            },
            derived(src, "sha256(remote ‖ start_secs i64 LE ‖ local ‖ 0i64 LE) seeds ChaCha12; 51 bytes, each the low byte of a u32; channel = params[u16 LE(data[0..2]) % n]; datarate from the first tagged spreading fitting 51 bytes; conducted power = trunc(max EIRP - gain) as u32"),
        );
    }
    let verify_cases: Vec<(&str, i32, u64, &str, i32, &str)> = vec![
        ("tx-power-not-compared", 12, 867_900_000, "SF12BW125", 20, "a reported conducted power above the region's limit still verifies (the check is commented out in Beacon::verify)"),
        ("wrong-frequency", 12, 868_100_000, "SF12BW125", 8, "another channel"),
        ("wrong-datarate", 12, 867_900_000, "SF9BW125", 8, "another spreading factor"),
        ("gain-too-high", 162, 867_900_000, "SF12BW125", 8, "the beaconer's asserted gain exceeds the region's max EIRP (16.2 dBi > 16.1 dBm): no beacon of it can verify"),
    ];
    for (id, gain, f, dr, tx, desc) in verify_cases {
        out.push(
            &format!("beacon_payload_verify/derived/{id}"),
            "beacon_payload_verify",
            desc,
            json!({ "remoteEntropyHex": hex(&REMOTE_ENTROPY), "entropyStartMs": start, "entropyVersion": 0, "localEntropyHex": hex(&LOCAL_ENTROPY), "regionParamsHex": hex(EU868_PARAMS), "gainDbi10": gain,
                "reported": { "payloadHex": hex(&POC_DATA), "frequencyHz": f, "datarate": dr, "txPowerDbm": tx } }),
            json!({}),
            None,
            json!({ "verdict": verdict(verify_beacon_payload(&params, true, gain, ts(start).timestamp(), 0, &LOCAL_ENTROPY, &REMOTE_ENTROPY, &POC_DATA, f, dr)) }),
            derived(src, "generated and reported beacons compared on data, frequency and datarate only"),
        );
    }
}

/// Check order: a report failing several checks gets the first one's reason.
fn lists(out: &mut Out) {
    use crate::extracted_rules::{valid_beacon_report, valid_witness_report};
    use crate::scenario::{beacon_verifications, witness_verifications, Context};
    let params = decode_region_params(EU868_PARAMS);
    let start = ENTROPY_TIMESTAMP_MS;
    let t = start + 60_000;
    let denied = vec![DENIED_PUBKEY1.to_string()];
    let edges = vec![(PUBKEY1.to_string(), PUBKEY1.to_string())];
    let (gws, density) = (HashMap::new(), HashMap::new());
    let ctx = Context {
        gateways: &gws,
        denied: &denied,
        denied_edges: &edges,
        region_params: &params,
        entropy_start_ms: start,
        entropy_version: 0,
        beacon_interval_ms: 21_600_000,
        max_witnesses: MAX_WITNESSES_PER_POC,
        density: &density,
    };
    let g = |loc: Option<u64>, gain: i32, full: bool| Gateway { location: loc, gain, elevation: 0, region: "EU868".into(), is_full_hotspot: full };
    let nyc = u64::from(LatLng::new(40.7, -74.0).unwrap().to_cell(Resolution::Twelve));
    let far = cell_at_distance(100_980, 100_999);
    let order_w = "iot_verifier/src/poc.rs:420-488 do_witness_verifications";
    let b = valid_beacon_report(PUBKEY1, t);
    let beaconer = g(Some(LOC0), 12, true);
    let mut bad_late = valid_witness_report(PUBKEY2, t + 5_000);
    bad_late.data = BAD_DATA.to_vec();
    let mut loud_far = valid_witness_report(PUBKEY2, t);
    loud_far.signal = -500;
    let mut off_freq = valid_witness_report(PUBKEY2, t);
    off_freq.frequency = 868_100_000;
    let mut self_edge = valid_witness_report(PUBKEY2, t);
    self_edge.key = PUBKEY1.into();
    let wcases: Vec<(&str, &str, WitnessReport, Gateway, Gateway, i64)> = vec![
        ("new-york-below-min-distance", "a witness 7,391 km away: its grid distance fails first, so BelowMinDistance rather than MaxDistanceExceeded", valid_witness_report(PUBKEY2, t), g(Some(nyc), 20, true), beaconer.clone(), t),
        ("late-before-payload", "5 s late and with a wrong payload: TooLate (lag is checked before the payload)", bad_late, g(Some(LOC4), 20, true), beaconer.clone(), t),
        ("frequency-before-region", "another channel and another region: InvalidFrequency", off_freq, Gateway { region: "US915".into(), ..g(Some(LOC4), 20, true) }, beaconer.clone(), t),
        ("far-and-loud", "100.99 km away (accepted) at -50 dBm: BadRssi", loud_far, g(Some(far), 20, true), beaconer.clone(), t),
        ("edge-before-self", "a self-witness whose (self) edge is denylisted: DeniedEdge, checked before SelfWitness", self_edge, g(Some(LOC0), 12, true), beaconer.clone(), t),
        ("data-only-after-payload", "a data-only witness with a good payload: InvalidCapability", valid_witness_report(PUBKEY2, t), g(Some(LOC4), 20, false), beaconer.clone(), t),
    ];
    for (id, desc, w, wg, bg, first) in wcases {
        out.push(
            &format!("witness_verifications/derived/{id}"),
            "witness_verifications",
            desc,
            json!({
                "denied": denied, "deniedEdges": [[PUBKEY1, PUBKEY1]], "entropyStartMs": start, "entropyEndMs": start + ENTROPY_LIFESPAN_MS,
                "firstWitnessReceivedMs": first, "beacon": beacon(&b), "beaconer": gateway(&bg), "witness": witness(&w), "witnessGateway": gateway(&wg),
            }),
            json!({ "witnessLocation": wg.location.map(|l| l.to_string()) }),
            None,
            json!({ "verdict": verdict(witness_verifications(&ctx, &w, &wg, &b, &bg, first)) }),
            derived(order_w, "the first failing check in Helium's order decides the reason"),
        );
    }
    let mut bad = valid_beacon_report(PUBKEY1, t);
    bad.data = BAD_DATA.to_vec();
    let bcases: Vec<(&str, &str, BeaconReport, Gateway, Option<i64>)> = vec![
        ("capability-before-schedule", "a data-only hotspot beaconing twice in a bucket: InvalidCapability", valid_beacon_report(PUBKEY1, t), g(Some(LOC0), 12, false), Some(t - 1_000)),
        ("schedule-before-payload", "a second beacon in the bucket with a bad payload: IrregularInterval", bad.clone(), g(Some(LOC0), 12, true), Some(t - 1_000)),
        ("entropy-before-capability", "a late beacon from a data-only hotspot: EntropyExpired", valid_beacon_report(PUBKEY1, start + 181_000), g(Some(LOC0), 12, false), None),
        ("gain-above-max-eirp", "a beaconer asserting 16.2 dBi in EU868 (max EIRP 16.1 dBm): its beacon cannot be generated, InvalidPacket", valid_beacon_report(PUBKEY1, t), g(Some(LOC0), 162, true), None),
    ];
    for (id, desc, bk, bg, last) in bcases {
        out.push(
            &format!("beacon_verifications/derived/{id}"),
            "beacon_verifications",
            desc,
            json!({
                "denied": denied, "entropyStartMs": start, "entropyEndMs": start + ENTROPY_LIFESPAN_MS, "entropyVersion": 0, "lastBeaconMs": last,
                "beaconIntervalMs": 21_600_000, "regionParamsHex": hex(EU868_PARAMS), "beaconer": gateway(&bg), "beacon": beacon(&bk),
            }),
            json!({}),
            None,
            json!({ "verdict": verdict(beacon_verifications(&ctx, last, &bk, &bg)) }),
            derived("iot_verifier/src/poc.rs:375-418 do_beacon_verifications", "the first failing check in Helium's order decides the reason"),
        );
    }
}

/// A beacon report valid for the given entropy start (payload regenerated for it).
fn beacon_for(key: &str, gain: i32, entropy_start_ms: i64, received_ms: i64) -> BeaconReport {
    let params = decode_region_params(EU868_PARAMS);
    let g = generate_beacon(&params, true, gain, ts(entropy_start_ms).timestamp(), 0, &LOCAL_ENTROPY, &REMOTE_ENTROPY).unwrap();
    BeaconReport {
        key: key.into(),
        local_entropy: LOCAL_ENTROPY.to_vec(),
        remote_entropy: REMOTE_ENTROPY.to_vec(),
        data: g.data,
        frequency: g.frequency,
        datarate: g.datarate,
        tx_power: 8,
        received_ms,
    }
}

fn witness_of(b: &BeaconReport, key: &str, received_ms: i64) -> WitnessReport {
    WitnessReport { key: key.into(), data: b.data.clone(), signal: -1080, frequency: b.frequency + 32, received_ms }
}

fn scenarios(out: &mut Out) {
    let t = ENTROPY_TIMESTAMP_MS + 60_000;
    let e = ENTROPY_TIMESTAMP_MS;
    let ago = t - 3_600_000;
    let hist = |keys: &[&str], at: i64| keys.iter().map(|k| (k.to_string(), at)).collect::<Vec<_>>();
    let step = |entropy: i64, recip: Vec<(String, i64)>, wit: Vec<(String, i64)>, beacon: BeaconReport, witnesses: Vec<WitnessReport>| Step {
        entropy_start_ms: entropy,
        set_recip: recip,
        set_witness: wit,
        beacon,
        witnesses,
    };
    let base = |interval: i64, max: usize, gateways: HashMap<String, Gateway>, density: HashMap<u64, Decimal>, steps: Vec<Step>| Scenario {
        interval_ms: interval,
        max_witnesses: max,
        gateways,
        density,
        denied: vec![],
        denied_edges: vec![],
        steps,
    };
    let gws = integration_gateways();
    let b1 = beacon_for(BEACONER1, 20, e, t);
    let std_hist = hist(&[BEACONER1, WITNESS1, WITNESS2, BEACONER5], ago);
    let mut push = |id: &str, desc: &str, rule_at: &str, how: &str, sc: Scenario, detail: bool| {
        let (inputs, computed) = run_scenario(&sc, detail);
        out.push(&format!("poc_scenario/derived/{id}"), "poc_scenario", desc, inputs, json!({}), None, computed, derived(rule_at, how));
    };

    // duplicates: the first report of a gateway decides, even when it is invalid
    let mut bad = witness_of(&b1, WITNESS1, t);
    bad.data = BAD_DATA.to_vec();
    push(
        "duplicate-first-copy-invalid",
        "a witness's first report has a wrong payload, its second a good one: the second is a Duplicate and the gateway earns nothing",
        "iot_verifier/src/poc.rs:200-273 verify_witnesses",
        "existing_gateways holds every gateway whose report was verified (valid or not); later reports from it are Duplicate",
        base(21_600_000, 14, gws.clone(), HashMap::new(), vec![step(e, std_hist.clone(), std_hist.clone(), b1.clone(), vec![witness_of(&b1, WITNESS1, t + 100), bad])]),
        false,
    );
    push(
        "duplicate-valid-copies",
        "two good reports from one witness: the earlier is selected, the later is a Duplicate",
        "iot_verifier/src/poc.rs:200-273 verify_witnesses",
        "first in receive order wins",
        base(21_600_000, 14, gws.clone(), HashMap::new(), vec![step(e, std_hist.clone(), std_hist.clone(), b1.clone(), vec![witness_of(&b1, WITNESS1, t + 200), witness_of(&b1, WITNESS1, t + 100)])]),
        false,
    );

    // selection: 16 valid witnesses, cap 14, first arrival
    let mut g16 = gws.clone();
    let ring = c11(LOC0).grid_ring_fast(30).flatten().collect::<Vec<_>>();
    let mut ws = vec![];
    let mut keys = vec![];
    for i in 0..16usize {
        let k = format!("sel-witness-{i:02}");
        g16.insert(k.clone(), Gateway { location: Some(u64::from(ring[i * 3].center_child(Resolution::Twelve).unwrap())), gain: 20, elevation: 0, region: "EU868".into(), is_full_hotspot: true });
        keys.push(k);
    }
    // received 100 ms apart, listed in a scrambled order
    for i in [7usize, 2, 15, 0, 11, 4, 9, 13, 1, 6, 14, 3, 10, 5, 12, 8] {
        ws.push(witness_of(&b1, &keys[i], t + 100 * i as i64));
    }
    let mut sel_hist = std_hist.clone();
    sel_hist.extend(keys.iter().map(|k| (k.clone(), ago)));
    push(
        "selection-first-arrival-cap-14",
        "16 valid witnesses, cap 14: the 14 received first are selected (HIP-15 units for 14), the last 2 are valid but unselected; no density entry, so the default 0.2 scale",
        "iot_verifier/src/runner.rs:671-710 sort_and_split_witnesses / filter_and_split_witnesses; settings.rs:215 max_witnesses_per_poc 14; poc.rs:54 DEFAULT_TX_SCALE",
        "valid witnesses stable-sorted by received timestamp, split at max_witnesses_per_poc",
        base(21_600_000, 14, g16, HashMap::new(), vec![step(e, sel_hist.clone(), sel_hist, b1.clone(), ws)]),
        true,
    );

    push(
        "self-witness-dropped",
        "a self-witness is dropped from the PoC entirely and does not count toward the witness total",
        "iot_verifier/src/runner.rs:712-717 filter_witness",
        "SelfWitness reports are filtered out before the split",
        base(21_600_000, 14, gws.clone(), HashMap::new(), vec![step(e, std_hist.clone(), std_hist.clone(), b1.clone(), vec![witness_of(&b1, BEACONER1, t), witness_of(&b1, WITNESS1, t + 10)])]),
        true,
    );

    // reciprocity: strict 48 h
    let h48 = RECIPROCITY_WINDOW_MS;
    for (id, desc, blw, wlb) in [
        ("reciprocity-48h-beaconer", "the beaconer's last valid witness exactly 48 h before the beacon: too old", t - h48, t - 1),
        ("reciprocity-48h-minus-1ms-beaconer", "1 ms inside 48 h", t - h48 + 1, t - 1),
        ("reciprocity-48h-witness", "the witness's last beacon exactly 48 h before its report: too old", t - 1, t - h48),
        ("reciprocity-48h-minus-1ms-witness", "1 ms inside 48 h", t - 1, t - h48 + 1),
    ] {
        let sc = base(
            21_600_000,
            14,
            gws.clone(),
            HashMap::new(),
            vec![step(e, vec![(WITNESS1.to_string(), wlb)], vec![(BEACONER1.to_string(), blw)], b1.clone(), vec![witness_of(&b1, WITNESS1, t)])],
        );
        push(id, desc, "iot_verifier/src/runner.rs:76-77 RECIPROCITY_WINDOW, 536-579", "received - last < 48 h, strict", sc, false);
    }

    // any witness report, even the beaconer's own, refreshes last_beacon_recip
    push(
        "self-witness-satisfies-reciprocity",
        "a gateway with no history beacons with only its own self-witness: the beacon fails reciprocity, yet it records a last beacon, so its witness of another beacon passes",
        "iot_verifier/src/poc.rs:185-194 (last_beacon_recip written when the beacon passes its checks and has any witness report)",
        "witness_reports is the raw list, self-witnesses and invalid reports included",
        base(
            5_000,
            14,
            gws.clone(),
            HashMap::new(),
            vec![
                step(e, vec![], vec![], beacon_for(BEACONER5, 20, e, t), vec![witness_of(&b1, BEACONER5, t)]),
                step(e, hist(&[BEACONER1], ago), hist(&[BEACONER1], ago), b1.clone(), vec![witness_of(&b1, BEACONER5, t)]),
            ],
        ),
        false,
    );

    // schedule state: every beacon that reaches do_beacon_verifications sets last_beacon
    let mut bad_beacon = beacon_for(BEACONER1, 20, e, t);
    bad_beacon.data = BAD_DATA.to_vec();
    push(
        "invalid-payload-consumes-bucket",
        "a beacon with a bad payload still takes the 6-hour bucket; a good one 30 s later is IrregularInterval",
        "iot_verifier/src/poc.rs:177-184",
        "LastBeacon::update_last_timestamp irrespective of validity",
        base(21_600_000, 14, gws.clone(), HashMap::new(), vec![step(e, std_hist.clone(), std_hist.clone(), bad_beacon, vec![]), step(e, vec![], vec![], beacon_for(BEACONER1, 20, e, t + 30_000), vec![])]),
        false,
    );
    let day = 1_677_110_400_000i64; // 2023-02-23T00:00:00Z
    let at = |h: i64, sec: i64| day + h * 3_600_000 + sec * 1000;
    let recent = hist(&[BEACONER1, WITNESS1], at(11, 0));
    // each step's entropy starts a minute before its beacon is received
    let own = |recv: i64, recip: Vec<(String, i64)>, wit: Vec<(String, i64)>| step(recv - 60_000, recip, wit, beacon_for(BEACONER1, 20, recv - 60_000, recv), vec![]);
    push(
        "last-beacon-overwritten-backwards",
        "beacons processed 12:00:05, then (late) 05:00, then 13:00: the late one overwrites last_beacon with an earlier time, so 13:00 passes in 12:00's bucket",
        "iot_verifier/src/last_beacon.rs:94-112 (upsert, not max); poc.rs:493-538",
        "last_beacon is the receive time of the most recently processed beacon",
        base(21_600_000, 14, gws.clone(), HashMap::new(), vec![own(at(12, 5), recent.clone(), recent), own(at(5, 0), vec![], vec![]), own(at(13, 0), vec![], vec![])]),
        false,
    );

    // timing
    let late = beacon_for(BEACONER1, 20, e, e + 179_000);
    push(
        "witness-after-entropy-window",
        "beacon at 179 s, witness 2 s later at 181 s: within the lag, but after the entropy's lifespan",
        "iot_verifier/src/poc.rs:455-459",
        "witness received timestamps are checked against the entropy window too",
        base(21_600_000, 14, gws.clone(), HashMap::new(), vec![step(e, std_hist.clone(), std_hist.clone(), late.clone(), vec![witness_of(&late, WITNESS1, e + 181_000)])]),
        false,
    );
    push(
        "witness-before-beacon-sets-lag",
        "one witness 1 s before the beacon, another 2 s after it: lag runs from the first witness (1.5 s), so the second is TooLate",
        "iot_verifier/src/poc.rs:215, 697-727",
        "witness_first_ts = witnesses[0] (earliest received, valid or not)",
        base(21_600_000, 14, gws.clone(), HashMap::new(), vec![step(e, std_hist.clone(), std_hist.clone(), b1.clone(), vec![witness_of(&b1, WITNESS1, t - 1_000), witness_of(&b1, WITNESS2, t + 2_000)])]),
        false,
    );

    // scales: the beaconer's hex scale goes to its witnesses
    let mut density = HashMap::new();
    density.insert(LOC0, d("0.5"));
    density.insert(LOC4, d("1"));
    push(
        "witness-scale-is-beaconers",
        "beaconer's hex scaled 0.5, witness's 1.0: the witness is rewarded at 0.5",
        "iot_verifier/src/poc.rs:348-351 (hex_density_map.get(beaconer_metadata.location))",
        "both beacon and witness shares use the beaconer's location",
        base(21_600_000, 14, gws.clone(), density, vec![step(e, std_hist.clone(), std_hist.clone(), b1.clone(), vec![witness_of(&b1, WITNESS1, t)])]),
        true,
    );
    let mut loud = b1.clone();
    loud.tx_power = 60;
    let mut strong = witness_of(&b1, WITNESS1, t);
    strong.signal = 300;
    push(
        "declared-tx-power-lifts-ceiling",
        "a beacon declaring 60 dBm (far above EU868's limit) verifies, and its witness at +30 dBm passes the free-space check",
        "iot_verifier/src/poc.rs:623-678 (conducted power not compared), 831-875",
        "the beacon's own tx_power enters calc_expected_rssi",
        base(21_600_000, 14, gws.clone(), HashMap::new(), vec![step(e, std_hist.clone(), std_hist, loud, vec![strong])]),
        false,
    );
}

fn density(out: &mut Out) {
    let l4 = CellIndex::try_from(LOC4).unwrap();
    let c12 = |c: CellIndex| u64::from(c.center_child(Resolution::Twelve).unwrap());
    let p11 = c11(LOC0);
    let nb11: Vec<CellIndex> = p11.grid_ring_fast(1).flatten().collect();
    // a cluster: every res-12 centre child of the res-11 cells within 6 of LOC0's, two per cell in some
    let mut cluster = vec![];
    for (i, c) in p11.grid_disk::<Vec<_>>(6).into_iter().enumerate() {
        cluster.push(c12(c));
        if i % 5 == 0 {
            cluster.push(c12(c));
        }
    }
    // a wide spread: res-12 centres of res-8 cells around LOC0 (one per res-8 cell), exercising res 7 and 6
    let p8 = CellIndex::try_from(LOC0).unwrap().parent(Resolution::Eight).unwrap();
    let mut wide = vec![];
    for (i, c) in p8.grid_disk::<Vec<_>>(9).into_iter().enumerate() {
        for k in 0..(1 + i % 3) {
            let child = c.center_child(Resolution::Eleven).unwrap();
            let ring: Vec<CellIndex> = child.grid_disk(k as u32);
            wide.push(c12(ring[ring.len() - 1]));
        }
    }
    let res10 = u64::from(l4.parent(Resolution::Ten).unwrap());
    let cases: Vec<(&str, Vec<u64>, &str)> = vec![
        ("single", vec![LOC0], "one hotspot: scale 1"),
        ("two-same-cell", vec![LOC0, LOC0], "two hotspots in one res-12 cell"),
        ("two-adjacent-res11", vec![c12(p11), c12(nb11[0])], "two hotspots in neighbouring res-11 cells"),
        ("res10-assert-not-counted", vec![LOC0, res10], "a res-10 assert has no res-11 parent: not counted, absent from the map (looked up as the 0.2 default)"),
        ("cluster-res11-disk-6", cluster, "127 res-11 cells within 6 of each other, some with two hotspots"),
        ("wide-res8-disk-9", wide, "hotspots spread over 271 res-8 cells, 1–3 per cell"),
    ];
    for (id, locs, desc) in cases {
        let m = density_map(&locs);
        let mut scales: Vec<(String, Value)> = m.iter().map(|(k, v)| (cell(*k), dec(*v))).collect();
        scales.sort_by(|a, b| a.0.cmp(&b.0));
        out.push(
            &format!("hex_density/derived/{id}"),
            "hex_density",
            desc,
            json!({ "locations": locs.iter().map(|c| cell(*c)).collect::<Vec<_>>() }),
            json!({ "count": locs.len() }),
            None,
            json!({ "scales": Value::Object(scales.into_iter().collect()) }),
            derived(
                "iot_verifier/src/hex_density.rs:54-66 HIP104_RES_CONFIG, 113-232",
                "count at res-11 parents, roll up res 10..4 clipping each hex to min(max, target × (max(occupied − N, 0) + 1)); scale = Π clipped/unclipped (rust_decimal), round_dp(4) half-even",
            ),
        );
    }
}

fn units(out: &mut Out) {
    for w in [0u32, 16, 20, 28, 32, 33, 40, 60] {
        out.push(
            &format!("reward_units/derived/{w:02}-witnesses"),
            "reward_units",
            "HIP-15 units beyond the default cap (a larger max_witnesses_per_poc); 0.8^k past 28 decimals exercises rust_decimal's rounding in powu",
            json!({ "witnesses": w }),
            json!({}),
            None,
            json!({ "beaconer": dec(rewards::poc_beaconer_reward_unit(w)), "perWitness": dec(rewards::poc_per_witness_reward_unit(w)) }),
            derived("iot_verifier/src/runner.rs:72-74, 630-669", "beaconer: W/4 for W ≤ 4, else min(2, 2 − 0.8^(W−4)); witness: 1 for W ≤ 4, else min(2, (4 − (1 − 0.8^(W−4))) / W); round_dp(4) half-even"),
        );
    }
}

fn allocation(out: &mut Out) {
    let e = d("1000000");
    let (_, bone) = rewards::price_info(100_000_000, 8);
    let cases: Vec<(&str, &str, Vec<Shares>)> = vec![
        ("no-shares", "nobody earned shares: nothing is allocated, the PoC and DC pools are unallocated", vec![Shares { key: "a".into(), beacon: Decimal::ZERO, witness: Decimal::ZERO, dc: Decimal::ZERO }]),
        (
            "thirds",
            "beacon shares 1:1:1 and witness shares 1:2 with no DC: per-share rounding and truncation leave remainders",
            vec![
                Shares { key: "a".into(), beacon: d("0.3333"), witness: d("0.2"), dc: Decimal::ZERO },
                Shares { key: "b".into(), beacon: d("0.3333"), witness: d("0.4"), dc: Decimal::ZERO },
                Shares { key: "c".into(), beacon: d("0.3333"), witness: Decimal::ZERO, dc: Decimal::ZERO },
            ],
        ),
    ];
    for (id, desc, s) in cases {
        let a = rewards::allocate(e, bone, &s);
        out.push(
            &format!("reward_allocation/derived/{id}"),
            "reward_allocation",
            desc,
            shares_inputs(e, 100_000_000, 8, &s),
            json!({}),
            None,
            allocation_json(&a, &s),
            derived("iot_verifier/src/reward_share.rs:270-371, rewarder.rs:276-329", "rewards_per_share = round_dp(total/shares, 15) half-even; amount = trunc(per_share × shares); unallocated = trunc(scheduled − allocated)"),
        );
    }
}

/// Deterministic xorshift for the arithmetic vectors.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn decimal(&mut self) -> Decimal {
        let digits = 1 + self.below(28) as u32;
        let mut m: i128 = 0;
        for _ in 0..digits {
            m = m * 10 + self.below(10) as i128;
        }
        let scale = self.below(29).min(digits as u64) as u32;
        let mut x = Decimal::from_i128_with_scale(m.max(1), scale);
        if self.below(4) == 0 {
            x.set_sign_negative(true);
        }
        x
    }
}

fn decimal(out: &mut Out) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let strategies = [
        ("MidpointNearestEven", RoundingStrategy::MidpointNearestEven),
        ("ToZero", RoundingStrategy::ToZero),
        ("ToPositiveInfinity", RoundingStrategy::ToPositiveInfinity),
        ("ToNegativeInfinity", RoundingStrategy::ToNegativeInfinity),
        ("MidpointAwayFromZero", RoundingStrategy::MidpointAwayFromZero),
    ];
    let mut cases: Vec<(String, Value, Value)> = vec![];
    let fmt = |r: Option<Decimal>| r.map(dec).unwrap_or(json!("Overflow"));
    for i in 0..80 {
        let (a, b) = (rng.decimal(), rng.decimal());
        cases.push((format!("div-{i:03}"), json!({ "op": "div", "a": a.to_string(), "b": b.to_string() }), fmt(a.checked_div(b))));
    }
    for i in 0..50 {
        let (a, b) = (rng.decimal(), rng.decimal());
        cases.push((format!("mul-{i:03}"), json!({ "op": "mul", "a": a.to_string(), "b": b.to_string() }), fmt(a.checked_mul(b))));
    }
    for i in 0..25 {
        let (a, b) = (rng.decimal(), rng.decimal());
        cases.push((format!("add-{i:03}"), json!({ "op": "add", "a": a.to_string(), "b": b.to_string() }), fmt(a.checked_add(b))));
        cases.push((format!("sub-{i:03}"), json!({ "op": "sub", "a": a.to_string(), "b": b.to_string() }), fmt(a.checked_sub(b))));
    }
    for i in 0..50 {
        let a = rng.decimal();
        let dp = rng.below(16) as u32;
        let (name, s) = strategies[i % strategies.len()];
        cases.push((format!("round-{i:03}"), json!({ "op": "round_dp", "a": a.to_string(), "dp": dp, "strategy": name }), dec(a.round_dp_with_strategy(dp, s))));
    }
    // midpoints, to pin the tie rules
    for (i, (a, dp)) in [("0.00125", 4u32), ("0.00135", 4), ("-2.5", 0), ("-3.5", 0), ("0.60665", 4), ("1.99995", 4)].iter().enumerate() {
        for (name, s) in strategies {
            cases.push((format!("midpoint-{i}-{name}"), json!({ "op": "round_dp", "a": a, "dp": dp, "strategy": name }), dec(d(a).round_dp_with_strategy(*dp, s))));
        }
    }
    for i in 0..20 {
        let base = Decimal::new(1 + rng.below(99) as i64, 2);
        let exp = rng.below(60);
        cases.push((format!("powu-{i:03}"), json!({ "op": "powu", "a": base.to_string(), "exp": exp }), fmt(rust_decimal::MathematicalOps::checked_powu(&base, exp))));
    }
    // hand-picked: the arithmetic Helium actually performs
    for (id, op, a, b) in [
        ("ratio-1-3", "div", "0.0001", "0.0003"),
        ("ratio-2-7", "div", "0.0002", "0.0007"),
        ("ratio-then-scale", "mul", "0.3333333333333333333333333333", "0.2857142857142857142857142857"),
        ("witness-units-6", "div", "3.64", "6"),
        ("emission-per-share", "div", "37100456621.0198", "1155"),
        ("huge-over-tiny", "div", "79228162514264337593543950335", "0.5"),
        ("overflow-mul", "mul", "79228162514264337593543950335", "2"),
        ("tiny-mul", "mul", "0.0000000000000001", "0.0000000000000001"),
        ("scale-28-div", "div", "1", "3"),
        ("max-div-3", "div", "79228162514264337593543950335", "3"),
    ] {
        let (x, y) = (d(a), d(b));
        let r = if op == "div" { x.checked_div(y) } else { x.checked_mul(y) };
        cases.push((format!("pick-{id}"), json!({ "op": op, "a": a, "b": b }), fmt(r)));
    }
    for (id, inputs, result) in cases {
        out.push(
            &format!("decimal_arithmetic/derived/{id}"),
            "decimal_arithmetic",
            "rust_decimal arithmetic as Helium's rewards and density use it",
            inputs,
            json!({}),
            None,
            json!({ "result": result }),
            derived("rust_decimal 1.38.0 (Cargo.lock of helium/oracles@824f7724)", "checked_div / checked_mul / checked_add / checked_sub / round_dp_with_strategy / checked_powu, computed by the crate itself"),
        );
    }
}

