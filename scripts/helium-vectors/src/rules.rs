//! Helium's per-report PoC decisions (iot_verifier/src/poc.rs at 824f7724), restated
//! on the same libraries. Each function names the Helium function it restates.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use h3o::{CellIndex, LatLng, Resolution};
use std::f64::consts::PI;

/// poc.rs `C`: "speed of light in air", m/s.
pub const C: f64 = 2.998e8;
/// entropy.rs `ENTROPY_LIFESPAN`.
pub const ENTROPY_LIFESPAN_MS: i64 = 180_000;
/// poc.rs `MAX_WITNESS_LAG` / `MAX_BEACON_TO_WITNESS_LAG`.
pub const MAX_WITNESS_LAG_MS: i64 = 1_500;
pub const MAX_BEACON_TO_WITNESS_LAG_MS: i64 = 4_000;
/// poc.rs `POC_DISTANCE_LIMIT` (km), `POC_CELL_DISTANCE_MINIMUM`, `POC_CELL_PARENT_RES`.
pub const POC_DISTANCE_LIMIT_KM: u32 = 100;
pub const POC_CELL_DISTANCE_MINIMUM: u32 = 8;
pub const POC_CELL_PARENT_RES: Resolution = Resolution::Eleven;
/// runner.rs `RECIPROCITY_WINDOW`.
pub const RECIPROCITY_WINDOW_MS: i64 = 48 * 3_600_000;
/// settings.rs default `max_witnesses_per_poc`.
pub const MAX_WITNESSES_PER_POC: usize = 14;

pub type Verdict = Result<(), &'static str>;

pub fn ts(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).expect("timestamp in range")
}

/// `verify_entropy`: whole-second comparison, both ends inclusive.
pub fn verify_entropy(start_ms: i64, end_ms: i64, received_ms: i64) -> Verdict {
    let (s, e, r) = (ts(start_ms), ts(end_ms), ts(received_ms));
    if r.timestamp() < s.timestamp() || r.timestamp() > e.timestamp() {
        return Err("EntropyExpired");
    }
    Ok(())
}

/// `verify_beacon_schedule`: buckets are `duration_trunc(beacon_interval)` (Unix-epoch aligned).
pub fn verify_beacon_schedule(last_ms: Option<i64>, received_ms: i64, interval_ms: i64) -> Verdict {
    if let Some(last) = last_ms {
        let span = TimeDelta::milliseconds(interval_ms);
        let last_bucket = ts(last).duration_trunc(span).expect("bucket");
        let cur_bucket = ts(received_ms).duration_trunc(span).expect("bucket");
        if cur_bucket <= last_bucket {
            return Err("IrregularInterval");
        }
    }
    Ok(())
}

pub fn bucket_start_ms(t_ms: i64, interval_ms: i64) -> i64 {
    ts(t_ms).duration_trunc(TimeDelta::milliseconds(interval_ms)).expect("bucket").timestamp_millis()
}

/// `verify_witness_lag`.
pub fn verify_witness_lag(beacon_ms: i64, first_witness_ms: i64, received_ms: i64) -> Verdict {
    let (beacon, first, recv) = (ts(beacon_ms), ts(first_witness_ms), ts(received_ms));
    let (first_event, max_lag) = if beacon <= first {
        (beacon, TimeDelta::milliseconds(MAX_BEACON_TO_WITNESS_LAG_MS))
    } else {
        (first, TimeDelta::milliseconds(MAX_WITNESS_LAG_MS))
    };
    if recv - first_event > max_lag {
        return Err("TooLate");
    }
    Ok(())
}

/// `verify_witness_freq`: note the `as i32` on the u64 difference.
pub fn verify_witness_freq(beacon_hz: u64, witness_hz: u64) -> Verdict {
    if (beacon_hz.abs_diff(witness_hz) as i32) > 1000 * 100 {
        return Err("InvalidFrequency");
    }
    Ok(())
}

pub fn verify_self_witness(beaconer: &str, witness: &str) -> Verdict {
    if beaconer == witness {
        return Err("SelfWitness");
    }
    Ok(())
}

pub fn verify_witness_region(beacon_region: &str, witness_region: &str) -> Verdict {
    if beacon_region != witness_region {
        return Err("InvalidRegion");
    }
    Ok(())
}

pub fn verify_witness_data(beacon_data: &[u8], witness_data: &[u8]) -> Verdict {
    if witness_data != beacon_data {
        return Err("InvalidPacket");
    }
    Ok(())
}

pub fn verify_gw_capability(is_full_hotspot: bool) -> Verdict {
    if !is_full_hotspot {
        return Err("InvalidCapability");
    }
    Ok(())
}

pub fn verify_denylist(key: &str, denied: &[String]) -> Verdict {
    if denied.iter().any(|k| k == key) {
        return Err("Denied");
    }
    Ok(())
}

pub fn verify_edge_denylist(beaconer: &str, witness: &str, edges: &[(String, String)]) -> Verdict {
    if edges.iter().any(|(a, b)| (a == beaconer && b == witness) || (a == witness && b == beaconer)) {
        return Err("DeniedEdge");
    }
    Ok(())
}

/// `calc_cell_distance`: grid distance between the resolution-11 parents.
pub fn calc_cell_distance(p1: u64, p2: u64) -> Result<u32, String> {
    let c1 = CellIndex::try_from(p1).map_err(|e| format!("H3CellError: {e}"))?;
    let c2 = CellIndex::try_from(p2).map_err(|e| format!("H3CellError: {e}"))?;
    let a = c1.parent(POC_CELL_PARENT_RES).ok_or("H3ParentError")?;
    let b = c2.parent(POC_CELL_PARENT_RES).ok_or("H3ParentError")?;
    let d = a.grid_distance(b).map_err(|e| format!("H3DistanceError: {e}"))?;
    Ok(d as u32)
}

/// `calc_distance`: haversine between cell centres, `round()` to whole metres.
pub fn calc_distance_raw(p1: u64, p2: u64) -> Result<f64, String> {
    let c1 = CellIndex::try_from(p1).map_err(|e| format!("H3CellError: {e}"))?;
    let c2 = CellIndex::try_from(p2).map_err(|e| format!("H3CellError: {e}"))?;
    let l1: LatLng = c1.into();
    let l2: LatLng = c2.into();
    Ok(l1.distance_m(l2))
}

pub fn calc_distance(p1: u64, p2: u64) -> Result<u32, String> {
    calc_distance_raw(p1, p2).map(|d| d.round() as u32)
}

pub fn verify_witness_cell_distance(b: u64, w: u64) -> Verdict {
    match calc_cell_distance(b, w) {
        Err(_) => Err("BelowMinDistance"),
        Ok(d) if d < POC_CELL_DISTANCE_MINIMUM => Err("BelowMinDistance"),
        Ok(_) => Ok(()),
    }
}

pub fn verify_witness_distance(b: u64, w: u64) -> Verdict {
    match calc_distance(b, w) {
        Err(_) => Err("MaxDistanceExceeded"),
        Ok(d) if d / 1000 > POC_DISTANCE_LIMIT_KM => Err("MaxDistanceExceeded"),
        Ok(_) => Ok(()),
    }
}

/// `calc_fpsl`.
pub fn calc_fpsl(freq: u64, distance_m: u32) -> f64 {
    20.0 * (4.0 * PI * distance_m as f64 * (freq as f64) / C).log10()
}

/// `calc_expected_rssi`: gains in tenths of dBi, truncated to whole dB.
pub fn calc_expected_rssi(tx_dbm: i32, freq: u64, distance_m: u32, beaconer_gain: i32, witness_gain: i32) -> f64 {
    let bg = beaconer_gain / 10;
    let wg = witness_gain / 10;
    tx_dbm as f64 + bg as f64 - calc_fpsl(freq, distance_m) + wg as f64
}

/// `verify_witness_rssi`: signal in tenths of dBm.
pub fn verify_witness_rssi(signal: i32, freq: u64, tx: i32, bg: i32, wg: i32, bl: u64, wl: u64) -> Verdict {
    let d = match calc_distance(bl, wl) {
        Ok(d) => d,
        Err(_) => return Err("BadRssi"),
    };
    let min_rcv = calc_expected_rssi(tx, freq, d, bg, wg);
    if signal as f64 / 10.0 > min_rcv {
        return Err("BadRssi");
    }
    Ok(())
}

pub fn verify_reciprocity(last_ms: Option<i64>, received_ms: i64) -> bool {
    last_ms.is_some_and(|l| ts(received_ms) - ts(l) < TimeDelta::milliseconds(RECIPROCITY_WINDOW_MS))
}
