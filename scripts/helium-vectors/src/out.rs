//! The vector file's shapes: JSON encoders for the inputs and a collector that checks
//! every extracted vector against the restatement before accepting it.

use crate::rules::{ts, Verdict};
use crate::scenario::{BeaconReport, Gateway, PocOutcome, WitnessReport};
use chrono::SecondsFormat;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

pub const ORACLES: &str = "helium/oracles@824f7724baec1042f0f8b03d222db93a3387bdf0";

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub fn cell(c: u64) -> String {
    format!("{c:x}")
}

pub fn iso(ms: i64) -> String {
    ts(ms).to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn verdict(v: Verdict) -> Value {
    json!(match v {
        Ok(()) => "ok",
        Err(r) => r,
    })
}

/// Decimals are written normalised (no trailing zeros), so equal values have one spelling.
pub fn dec(d: Decimal) -> Value {
    json!(d.normalize().to_string())
}

pub fn f64v(x: f64) -> Value {
    if x.is_finite() {
        json!(x)
    } else if x > 0.0 {
        json!("Infinity")
    } else {
        json!("-Infinity")
    }
}

pub fn gateway(g: &Gateway) -> Value {
    json!({
        "location": g.location.map(cell),
        "gainDbi10": g.gain,
        "elevationM": g.elevation,
        "region": g.region,
        "isFullHotspot": g.is_full_hotspot,
    })
}

pub fn beacon(b: &BeaconReport) -> Value {
    json!({
        "key": b.key,
        "localEntropyHex": hex(&b.local_entropy),
        "remoteEntropyHex": hex(&b.remote_entropy),
        "payloadHex": hex(&b.data),
        "frequencyHz": b.frequency,
        "datarate": b.datarate,
        "txPowerDbm": b.tx_power,
        "receivedMs": b.received_ms,
    })
}

pub fn witness(w: &WitnessReport) -> Value {
    json!({
        "key": w.key,
        "payloadHex": hex(&w.data),
        "rssiDbm10": w.signal,
        "frequencyHz": w.frequency,
        "receivedMs": w.received_ms,
    })
}

/// A step's outcome as the vector file records it.
pub fn poc_outcome(o: &PocOutcome, detail: bool) -> Value {
    let selected: Vec<Value> = o.witnesses.iter().filter(|w| w.selected).map(|w| json!(w.key)).collect();
    let unselected: Vec<Value> = o
        .witnesses
        .iter()
        .filter(|w| !w.selected)
        .map(|w| json!({ "key": w.key, "reason": if w.reason == "Valid" { "Unselected" } else { w.reason }, "side": w.side }))
        .collect();
    let mut v = json!({ "beacon": o.beacon, "selected": selected, "unselected": unselected });
    if detail {
        let m = v.as_object_mut().unwrap();
        m.insert("beaconRewardUnit".into(), dec(o.beacon_reward_unit));
        m.insert("beaconHexScale".into(), o.beacon_hex_scale.map(dec).unwrap_or(Value::Null));
        let units: Map<String, Value> = o.witnesses.iter().filter(|w| w.selected).map(|w| (w.key.clone(), dec(w.reward_unit))).collect();
        m.insert("witnessRewardUnits".into(), Value::Object(units));
        let scales: Map<String, Value> =
            o.witnesses.iter().filter(|w| w.selected).map(|w| (w.key.clone(), w.hex_scale.map(dec).unwrap_or(Value::Null))).collect();
        m.insert("witnessHexScales".into(), Value::Object(scales));
    }
    v
}

pub struct Out {
    pub vectors: Vec<Value>,
}

pub fn extracted(file: &str, test: &str, line: u32) -> Value {
    json!({ "source": ORACLES, "file": file, "test": test, "line": line })
}

pub fn derived(rule_at: &str, derivation: &str) -> Value {
    json!({ "source": ORACLES, "rule": rule_at, "derivation": derivation })
}

impl Out {
    /// `computed` is the restatement's answer; for extracted vectors it must equal
    /// `expected` (Helium's own assertion), for derived ones it is the expectation.
    #[allow(clippy::too_many_arguments)]
    pub fn push(&mut self, id: &str, rule: &str, description: &str, inputs: Value, helium: Value, expected: Option<Value>, computed: Value, provenance: Value) {
        let kind = if provenance.get("test").is_some() { "extracted" } else { "derived" };
        let expected = match expected {
            Some(e) => {
                assert_eq!(e, computed, "restatement disagrees with Helium's own test for {id}");
                e
            }
            None => {
                assert_eq!(kind, "derived", "{id}: extracted vectors must carry Helium's expectation");
                computed
            }
        };
        assert!(!self.vectors.iter().any(|v| v["id"] == id), "duplicate vector id {id}");
        self.vectors.push(json!({
            "id": id,
            "rule": rule,
            "kind": kind,
            "description": description,
            "inputs": inputs,
            "helium": helium,
            "expected": expected,
            "provenance": provenance,
        }));
    }
}
