//! Vectors transcribed from the unit tests of iot_verifier/src/poc.rs: one vector per
//! assertion, with the test's inputs and its expected decision. Where a test reads the
//! wall clock (`Utc::now()`), `NOW_MS` stands in for it; those tests' outcomes do not
//! depend on the instant chosen.

use crate::beacon::{decode_region_params, generate_beacon, verify_beacon_payload};
use crate::fixtures::*;
use crate::out::*;
use crate::rules::*;
use crate::scenario::{beacon_verifications, witness_verifications, BeaconReport, Context, Gateway, WitnessReport};
use serde_json::json;
use std::collections::HashMap;

pub const NOW_MS: i64 = 1_767_225_600_123; // 2026-01-01T00:00:00.123Z, a stand-in for Utc::now()
const POC: &str = "iot_verifier/src/poc.rs";

pub fn valid_beacon_report(key: &str, received_ms: i64) -> BeaconReport {
    BeaconReport {
        key: key.into(),
        local_entropy: LOCAL_ENTROPY.to_vec(),
        remote_entropy: REMOTE_ENTROPY.to_vec(),
        data: POC_DATA.to_vec(),
        frequency: 867_900_000,
        datarate: "SF12BW125".into(),
        tx_power: 8,
        received_ms,
    }
}

pub fn valid_witness_report(key: &str, received_ms: i64) -> WitnessReport {
    WitnessReport { key: key.into(), data: POC_DATA.to_vec(), signal: -1080, frequency: 867_900_032, received_ms }
}

fn gw(location: Option<u64>, gain: i32, region: &str, full: bool) -> Gateway {
    Gateway { location, gain, elevation: 100, region: region.into(), is_full_hotspot: full }
}

pub fn run(out: &mut Out) {
    let p = |test: &str, line: u32| extracted(POC, test, line);

    // test_calc_distance / test_calc_cell_distance
    let d = calc_distance(LONDON_EALING, LONDON_FINSBURY);
    out.push(
        "distance/extracted/london-ealing-finsbury-park",
        "witness_distance",
        "Great-circle distance between two res-15 cell centres, rounded to whole metres (Google Maps says ~14.32 km).",
        json!({ "beaconerLocation": cell(LONDON_EALING), "witnessLocation": cell(LONDON_FINSBURY) }),
        json!({ "loc1": LONDON_EALING.to_string(), "loc2": LONDON_FINSBURY.to_string() }),
        Some(json!({ "distanceM": 14318, "verdict": "ok" })),
        json!({ "distanceM": d.clone().unwrap(), "verdict": verdict(verify_witness_distance(LONDON_EALING, LONDON_FINSBURY)) }),
        p("test_calc_distance", 1078),
    );
    out.push(
        "cell_distance/extracted/london-ealing-finsbury-park",
        "witness_cell_distance",
        "Grid distance between the res-11 parents of two res-15 cells.",
        json!({ "beaconerLocation": cell(LONDON_EALING), "witnessLocation": cell(LONDON_FINSBURY) }),
        json!({ "loc1": LONDON_EALING.to_string(), "loc2": LONDON_FINSBURY.to_string() }),
        Some(json!({ "cells": 360, "verdict": "ok" })),
        json!({ "cells": calc_cell_distance(LONDON_EALING, LONDON_FINSBURY).unwrap(), "verdict": verdict(verify_witness_cell_distance(LONDON_EALING, LONDON_FINSBURY)) }),
        p("test_calc_cell_distance", 1092),
    );

    // test_calc_expected_rssi
    out.push(
        "expected_rssi/extracted/508m-eu868",
        "expected_rssi",
        "Free-space ceiling: 12 dBm + trunc(8.1 dBi) + trunc(8.3 dBi) - FSPL(508 m, 867.900024 MHz), unrounded f64.",
        json!({ "txPowerDbm": 12, "frequencyHz": 867_900_024u64, "distanceM": 508, "beaconerGainDbi10": 81, "witnessGainDbi10": 83 }),
        json!({}),
        Some(json!({ "dbm": -57.334232963418515 })),
        json!({ "dbm": f64v(calc_expected_rssi(12, 867_900_024, 508, 81, 83)) }),
        p("test_calc_expected_rssi", 1109),
    );

    // test_verify_beacon_payload
    let params = decode_region_params(EU868_PARAMS);
    let entropy_start_secs = ts(ENTROPY_TIMESTAMP_MS).timestamp();
    let g = generate_beacon(&params, true, 60, entropy_start_secs, 0, &LOCAL_ENTROPY, &REMOTE_ENTROPY).unwrap();
    let payload_inputs = json!({
        "remoteEntropyHex": hex(&REMOTE_ENTROPY),
        "entropyStartMs": ENTROPY_TIMESTAMP_MS,
        "entropyVersion": 0,
        "localEntropyHex": hex(&LOCAL_ENTROPY),
        "regionParamsHex": hex(EU868_PARAMS),
        "gainDbi10": 60,
    });
    out.push(
        "beacon_payload/extracted/generated-data",
        "beacon_payload",
        "Beacon regenerated from a hotspot's real local/remote entropy (ChaCha12 seeded by sha256 of the entropies) equals the payload it sent.",
        payload_inputs.clone(),
        json!({ "entropyStart": iso(ENTROPY_TIMESTAMP_MS), "region": "EU868" }),
        Some(json!({ "payloadHex": hex(&POC_DATA) })),
        json!({ "payloadHex": hex(&g.data) }),
        p("test_verify_beacon_payload", 1135),
    );
    let mut verify_inputs = payload_inputs.clone();
    verify_inputs["reported"] = json!({ "payloadHex": hex(&POC_DATA), "frequencyHz": 867_900_000u64, "datarate": "SF12BW125", "txPowerDbm": 8 });
    out.push(
        "beacon_payload_verify/extracted/valid-report",
        "beacon_payload_verify",
        "The hotspot's reported beacon (payload, 867.9 MHz, SF12BW125) verifies.",
        verify_inputs,
        json!({ "entropyStart": iso(ENTROPY_TIMESTAMP_MS) }),
        Some(json!({ "verdict": "ok" })),
        json!({ "verdict": verdict(verify_beacon_payload(&params, true, 60, entropy_start_secs, 0, &LOCAL_ENTROPY, &REMOTE_ENTROPY, &POC_DATA, 867_900_000, "SF12BW125")) }),
        p("test_verify_beacon_payload", 1142),
    );

    // test_verify_beacon_schedule
    let last = 1_672_617_601_000i64; // 2023 Jan 02 00:00:01 +0000
    let interval = 21_600_000i64;
    for (id, desc, recv, exp, line) in [
        ("next-bucket", "one interval plus an hour after the last beacon: a later bucket", last + interval + 3_600_000, "ok", 1186),
        ("same-bucket", "half an interval after the last beacon: the same 6-hour bucket", last + interval / 2, "IrregularInterval", 1194),
        ("earlier-bucket", "a bucket before the last beacon's", last - (interval + 3_600_000), "IrregularInterval", 1207),
    ] {
        out.push(
            &format!("beacon_schedule/extracted/{id}"),
            "beacon_schedule",
            desc,
            json!({ "lastBeaconMs": last, "receivedMs": recv, "beaconIntervalMs": interval }),
            json!({ "lastBeacon": iso(last), "received": iso(recv) }),
            Some(json!({ "verdict": exp })),
            json!({ "verdict": verdict(verify_beacon_schedule(Some(last), recv, interval)) }),
            p("test_verify_beacon_schedule", line),
        );
    }

    // test_verify_entropy (start and end given explicitly by the test)
    let (start, end) = (NOW_MS - 60_000, NOW_MS - 10_000);
    for (id, recv, exp, line) in
        [("inside", NOW_MS - 30_000, "ok", 1225), ("after-end", NOW_MS - 1_000, "EntropyExpired", 1226), ("before-start", NOW_MS - 65_000, "EntropyExpired", 1233)]
    {
        out.push(
            &format!("entropy_window/extracted/{id}"),
            "entropy_window",
            "entropy window [now-60 s, now-10 s] given explicitly",
            json!({ "entropyStartMs": start, "entropyEndMs": end, "receivedMs": recv }),
            json!({ "now": "Utc::now()", "nowStandIn": iso(NOW_MS) }),
            Some(json!({ "verdict": exp })),
            json!({ "verdict": verdict(verify_entropy(start, end, recv)) }),
            p("test_verify_entropy", line),
        );
    }

    // test_verify_denylist / test_verify_edge_denylist
    let denied = vec![DENIED_PUBKEY1.to_string()];
    for (id, key, exp, line) in [("not-listed", PUBKEY1, "ok", 1247), ("listed", DENIED_PUBKEY1, "Denied", 1248)] {
        out.push(
            &format!("denylist/extracted/{id}"),
            "denylist",
            "hotspot denylist",
            json!({ "denied": denied, "key": key }),
            json!({}),
            Some(json!({ "verdict": exp })),
            json!({ "verdict": verdict(verify_denylist(key, &denied)) }),
            p("test_verify_denylist", line),
        );
    }
    let edges = vec![(DENIED_PUBKEY1.to_string(), DENIED_PUBKEY2.to_string())];
    for (id, b, w, exp, line) in [
        ("neither", PUBKEY1, PUBKEY2, "ok", 1270),
        ("beaconer-only", DENIED_PUBKEY1, PUBKEY2, "ok", 1276),
        ("witness-only", PUBKEY1, DENIED_PUBKEY2, "ok", 1282),
        ("edge", DENIED_PUBKEY1, DENIED_PUBKEY2, "DeniedEdge", 1288),
        ("edge-reversed", DENIED_PUBKEY2, DENIED_PUBKEY1, "DeniedEdge", 1302),
    ] {
        out.push(
            &format!("denylist_edge/extracted/{id}"),
            "denylist_edge",
            "beaconer-witness edge denylist; edges are undirected",
            json!({ "deniedEdges": [[DENIED_PUBKEY1, DENIED_PUBKEY2]], "beaconer": b, "witness": w }),
            json!({}),
            Some(json!({ "verdict": exp })),
            json!({ "verdict": verdict(verify_edge_denylist(b, w, &edges)) }),
            p("test_verify_edge_denylist", line),
        );
    }

    // test_verify_capability
    for (full, exp, line) in [(true, "ok", 1319), (false, "InvalidCapability", 1320)] {
        out.push(
            &format!("capability/extracted/{}", if full { "full-hotspot" } else { "data-only" }),
            "capability",
            "only full hotspots take part in PoC",
            json!({ "isFullHotspot": full }),
            json!({}),
            Some(json!({ "verdict": exp })),
            json!({ "verdict": verdict(verify_gw_capability(full)) }),
            p("test_verify_capability", line),
        );
    }

    // test_verify_witness_lag (offsets in seconds from now)
    for (id, desc, b, f, r, exp, line) in [
        ("beacon-first-within", "beacon first, witness 2 s after it", -60, -59, -58, "ok", 1333),
        ("witness-first-within", "a witness first, this one 1 s after it", -60, -64, -63, "ok", 1340),
        ("beacon-first-late", "beacon first, witness 5 s after it (> 4 s)", -60, -59, -55, "TooLate", 1347),
        ("witness-first-late", "a witness first, this one 2 s after it (> 1.5 s)", -55, -60, -58, "TooLate", 1360),
        ("witness-first-is-first", "this witness is the first event", -55, -60, -60, "ok", 1372),
    ] {
        let (b, f, r) = (NOW_MS + b * 1000, NOW_MS + f * 1000, NOW_MS + r * 1000);
        out.push(
            &format!("witness_lag/extracted/{id}"),
            "witness_lag",
            desc,
            json!({ "beaconReceivedMs": b, "firstWitnessReceivedMs": f, "receivedMs": r }),
            json!({ "nowStandIn": iso(NOW_MS) }),
            Some(json!({ "verdict": exp })),
            json!({ "verdict": verdict(verify_witness_lag(b, f, r)) }),
            p("test_verify_witness_lag", line),
        );
    }

    // test_verify_self_witness
    for (id, w, exp, line) in [("other", PUBKEY2, "ok", 1384), ("self", PUBKEY1, "SelfWitness", 1385)] {
        out.push(
            &format!("self_witness/extracted/{id}"),
            "self_witness",
            "a gateway may not witness its own beacon",
            json!({ "beaconer": PUBKEY1, "witness": w }),
            json!({}),
            Some(json!({ "verdict": exp })),
            json!({ "verdict": verdict(verify_self_witness(PUBKEY1, w)) }),
            p("test_verify_self_witness", line),
        );
    }

    // test_verify_witness_frequency
    let bf = 904_499_968u64;
    for (id, off, exp, line) in [("90khz", 90_000u64, "ok", 1405), ("100khz", 100_000, "ok", 1406), ("110khz", 110_000, "InvalidFrequency", 1407)] {
        out.push(
            &format!("witness_frequency/extracted/{id}"),
            "witness_frequency",
            "witness frequency within 100 kHz of the beacon's, inclusive",
            json!({ "beaconFrequencyHz": bf, "witnessFrequencyHz": bf + off }),
            json!({}),
            Some(json!({ "verdict": exp })),
            json!({ "verdict": verdict(verify_witness_freq(bf, bf + off)) }),
            p("test_verify_witness_frequency", line),
        );
    }

    // test_verify_witness_region
    for (id, wr, exp, line) in [("same", "US915", "ok", 1421), ("different", "EU868", "InvalidRegion", 1422)] {
        out.push(
            &format!("witness_region/extracted/{id}"),
            "witness_region",
            "witness asserted in the beaconer's region",
            json!({ "beaconerRegion": "US915", "witnessRegion": wr }),
            json!({}),
            Some(json!({ "verdict": exp })),
            json!({ "verdict": verdict(verify_witness_region("US915", wr)) }),
            p("test_verify_witness_region", line),
        );
    }

    // test_verify_witness_distance / test_verify_witness_cell_distance
    for (id, w, exp, line) in [("malta-nearby", LOC1, "ok", 1436), ("malta-armenia", LOC2, "MaxDistanceExceeded", 1437)] {
        out.push(
            &format!("distance/extracted/{id}"),
            "witness_distance",
            "maximum distance 100 km",
            json!({ "beaconerLocation": cell(LOC0), "witnessLocation": cell(w) }),
            json!({ "beaconLoc": LOC0.to_string(), "witnessLoc": w.to_string() }),
            Some(json!({ "verdict": exp })),
            json!({ "verdict": verdict(verify_witness_distance(LOC0, w)) }),
            p("test_verify_witness_distance", line),
        );
    }
    for (id, w, exp, line) in [("7-cells", LOC3, "BelowMinDistance", 1453), ("28-cells", LOC4, "ok", 1461)] {
        out.push(
            &format!("cell_distance/extracted/{id}"),
            "witness_cell_distance",
            "minimum 8 res-11 cells between beaconer and witness",
            json!({ "beaconerLocation": cell(LOC0), "witnessLocation": cell(w) }),
            json!({ "beaconLoc": LOC0.to_string(), "witnessLoc": w.to_string() }),
            Some(json!({ "verdict": exp })),
            json!({ "verdict": verdict(verify_witness_cell_distance(LOC0, w)) }),
            p("test_verify_witness_cell_distance", line),
        );
    }

    // test_verify_witness_rssi
    for (id, signal, freq, bg, wl, exp, line) in [
        ("plausible", -1060, 904_700_032u64, 80, LOC1, "ok", 1475),
        ("too-strong", -19, 904_499_968u64, 12, LOC2, "BadRssi", 1490),
    ] {
        out.push(
            &format!("witness_rssi/extracted/{id}"),
            "witness_rssi",
            "signal (tenths of dBm) against the free-space ceiling over the cells' distance",
            json!({ "rssiDbm10": signal, "frequencyHz": freq, "txPowerDbm": 27, "beaconerGainDbi10": bg, "witnessGainDbi10": 12, "beaconerLocation": cell(LOC0), "witnessLocation": cell(wl) }),
            json!({ "beaconLoc": LOC0.to_string(), "witnessLoc": wl.to_string() }),
            Some(json!({ "verdict": exp })),
            json!({ "verdict": verdict(verify_witness_rssi(signal, freq, 27, bg, 12, LOC0, wl)) }),
            p("test_verify_witness_rssi", line),
        );
    }

    // test_verify_witness_data
    for (id, w, exp, line) in [("same", "data1", "ok", 1512), ("different", "data2", "InvalidPacket", 1513)] {
        out.push(
            &format!("witness_data/extracted/{id}"),
            "witness_data",
            "witnessed payload equals the beacon's",
            json!({ "beaconPayloadHex": hex(b"data1"), "witnessPayloadHex": hex(w.as_bytes()) }),
            json!({}),
            Some(json!({ "verdict": exp })),
            json!({ "verdict": verdict(verify_witness_data(b"data1", w.as_bytes())) }),
            p("test_verify_witness_data", line),
        );
    }

    beacon_list(out, &params);
    witness_list(out, &params);
}

fn ctx_for<'a>(
    gateways: &'a HashMap<String, Gateway>,
    denied: &'a [String],
    edges: &'a [(String, String)],
    params: &'a [crate::beacon::RegionParam],
    density: &'a HashMap<u64, rust_decimal::Decimal>,
    start: i64,
) -> Context<'a> {
    Context {
        gateways,
        denied,
        denied_edges: edges,
        region_params: params,
        entropy_start_ms: start,
        entropy_version: 0,
        beacon_interval_ms: 21_600_000,
        max_witnesses: MAX_WITNESSES_PER_POC,
        density,
    }
}

/// test_beacon_verification_list: every beacon check is wired into `do_beacon_verifications`, in order.
fn beacon_list(out: &mut Out, params: &[crate::beacon::RegionParam]) {
    let start = ENTROPY_TIMESTAMP_MS;
    let denied = vec![DENIED_PUBKEY1.to_string()];
    let (gws, edges, density) = (HashMap::new(), vec![], HashMap::new());
    let ctx = ctx_for(&gws, &denied, &edges, params, &density, start);
    let mut bad = valid_beacon_report(PUBKEY1, start + 120_000);
    bad.data = BAD_DATA.to_vec();
    let cases: Vec<(&str, &str, BeaconReport, Gateway, Option<i64>, &str, u32)> = vec![
        ("denied", "a denylisted beaconer (also late): the denylist is checked first", valid_beacon_report(DENIED_PUBKEY1, start + 240_000), gw(Some(LOC0), 12, "EU868", true), None, "Denied", 1555),
        ("entropy-expired", "received 4 min after the entropy (lifespan 3 min)", valid_beacon_report(PUBKEY1, start + 240_000), gw(Some(LOC0), 12, "EU868", true), None, "EntropyExpired", 1578),
        ("not-asserted", "beaconer without a location", valid_beacon_report(PUBKEY1, start + 120_000), gw(None, 12, "EU868", true), None, "NotAsserted", 1600),
        ("irregular-interval", "last beacon 5 h before the wall clock, i.e. in a later bucket than this 2023 beacon", valid_beacon_report(PUBKEY1, start + 120_000), gw(Some(LOC0), 12, "EU868", true), Some(NOW_MS - 5 * 3_600_000), "IrregularInterval", 1625),
        ("capability", "a data-only hotspot", valid_beacon_report(PUBKEY1, start + 120_000), gw(Some(LOC0), 12, "EU868", false), None, "InvalidCapability", 1647),
        ("bad-payload", "payload not derived from the entropy", bad, gw(Some(LOC0), 12, "EU868", true), None, "InvalidPacket", 1668),
        ("valid", "the valid beacon", valid_beacon_report(PUBKEY1, start + 120_000), gw(Some(LOC0), 12, "EU868", true), None, "ok", 1689),
    ];
    for (id, desc, b, g, last, exp, line) in cases {
        out.push(
            &format!("beacon_verifications/extracted/{id}"),
            "beacon_verifications",
            desc,
            json!({
                "denied": denied,
                "entropyStartMs": start,
                "entropyEndMs": start + 180_000,
                "entropyVersion": 0,
                "lastBeaconMs": last,
                "beaconIntervalMs": 21_600_000,
                "regionParamsHex": hex(EU868_PARAMS),
                "beaconer": gateway(&g),
                "beacon": beacon(&b),
            }),
            json!({ "entropyStart": iso(start), "beaconerLocation": g.location.map(|l| l.to_string()), "lastBeacon": last.map(|_| "Utc::now() - 5h"), "nowStandIn": iso(NOW_MS) }),
            Some(json!({ "verdict": exp })),
            json!({ "verdict": verdict(beacon_verifications(&ctx, last, &b, &g)) }),
            extracted(POC, "test_beacon_verification_list", line),
        );
    }
}

/// test_witness_verification_list: every witness check is wired into `do_witness_verifications`, in order.
fn witness_list(out: &mut Out, params: &[crate::beacon::RegionParam]) {
    let start = 1_676_381_847_900i64;
    let denied = vec![DENIED_PUBKEY1.to_string()];
    let (gws, edges, density) = (HashMap::new(), vec![], HashMap::new());
    let ctx = ctx_for(&gws, &denied, &edges, params, &density, start);
    let beacon_report = valid_beacon_report(PUBKEY1, NOW_MS - 120_000);
    let beaconer = gw(Some(LOC0), 12, "EU868", true);
    let wgw = |loc: Option<u64>, region: &str, full: bool| gw(loc, 20, region, full);
    let t = start + 120_000;
    let mut self_w = valid_witness_report(PUBKEY2, t);
    self_w.key = PUBKEY1.into();
    let mut bad_data = valid_witness_report(PUBKEY2, t);
    bad_data.data = BAD_DATA.to_vec();
    let mut bad_freq = valid_witness_report(PUBKEY2, t);
    bad_freq.frequency = 867_100_000;
    let mut bad_rssi = valid_witness_report(PUBKEY2, t);
    bad_rssi.signal = 300;
    let cases: Vec<(&str, &str, WitnessReport, Gateway, i64, &str, u32)> = vec![
        ("self-witness", "the beaconer witnessing itself", self_w, wgw(Some(LOC4), "EU868", true), t, "SelfWitness", 1727),
        ("entropy-expired", "received 5 min after the entropy", valid_witness_report(PUBKEY2, start + 300_000), wgw(Some(LOC4), "EU868", true), start + 300_000, "EntropyExpired", 1747),
        ("bad-data", "payload differs from the beacon's", bad_data, wgw(Some(LOC4), "EU868", true), t, "InvalidPacket", 1767),
        ("not-asserted", "witness without a location", valid_witness_report(PUBKEY2, t), wgw(None, "EU868", true), t, "NotAsserted", 1788),
        ("bad-frequency", "867.1 MHz against the beacon's 867.9 MHz", bad_freq, wgw(Some(LOC4), "EU868", true), t, "InvalidFrequency", 1808),
        ("other-region", "witness asserted in US915", valid_witness_report(PUBKEY2, t), wgw(Some(LOC1), "US915", true), t, "InvalidRegion", 1829),
        ("below-min-distance", "7 res-11 cells away", valid_witness_report(PUBKEY2, t), wgw(Some(LOC3), "EU868", true), t, "BelowMinDistance", 1850),
        ("max-distance", "Malta to Armenia", valid_witness_report(PUBKEY2, t), wgw(Some(LOC2), "EU868", true), t, "MaxDistanceExceeded", 1871),
        ("bad-rssi", "+30 dBm received", bad_rssi, wgw(Some(LOC4), "EU868", true), t, "BadRssi", 1891),
        ("capability", "a data-only hotspot", valid_witness_report(PUBKEY2, t), wgw(Some(LOC4), "EU868", false), t, "InvalidCapability", 1912),
        ("too-late", "6 s after the first witness (the beacon, stamped by the wall clock, came later)", valid_witness_report(PUBKEY2, t), wgw(Some(LOC4), "EU868", true), t - 6_000, "TooLate", 1934),
        ("valid", "the valid witness", valid_witness_report(PUBKEY2, t), wgw(Some(LOC4), "EU868", true), t, "ok", 1955),
    ];
    for (id, desc, w, g, first, exp, line) in cases {
        out.push(
            &format!("witness_verifications/extracted/{id}"),
            "witness_verifications",
            desc,
            json!({
                "denied": denied,
                "deniedEdges": [],
                "entropyStartMs": start,
                "entropyEndMs": start + 180_000,
                "firstWitnessReceivedMs": first,
                "beacon": beacon(&beacon_report),
                "beaconer": gateway(&beaconer),
                "witness": witness(&w),
                "witnessGateway": gateway(&g),
            }),
            json!({ "entropyStart": iso(start), "beaconReceived": "Utc::now() - 2 min", "nowStandIn": iso(NOW_MS), "witnessLocation": g.location.map(|l| l.to_string()) }),
            Some(json!({ "verdict": exp })),
            json!({ "verdict": verdict(witness_verifications(&ctx, &w, &g, &beacon_report, &beaconer, first)) }),
            extracted(POC, "test_witness_verification_list", line),
        );
    }
}

