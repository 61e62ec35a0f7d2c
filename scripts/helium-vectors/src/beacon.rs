//! Helium's beacon construction (helium/proto `beacon` crate at 3dbaedf3, `Beacon::new`)
//! and `verify_beacon_payload` (iot_verifier/src/poc.rs), restated with the same
//! rand 0.8 / rand_chacha 0.3 generator.

use rand::{Rng, SeedableRng};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

pub const BEACON_PAYLOAD_SIZE: usize = 51;

#[derive(Clone, Debug)]
pub struct RegionParam {
    pub channel_frequency: u64,
    pub bandwidth: u32,
    pub max_eirp: u32,
    /// (region_spreading enum, max_packet_size), in stored order.
    pub spreading: Vec<(u32, u32)>,
}

fn varint(b: &[u8], i: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let x = b[*i];
        *i += 1;
        v |= ((x & 0x7f) as u64) << shift;
        if x & 0x80 == 0 {
            return v;
        }
        shift += 7;
    }
}

/// Fields of one protobuf message: (field number, varint value or byte slice).
fn fields(b: &[u8]) -> Vec<(u64, Result<u64, Vec<u8>>)> {
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        let key = varint(b, &mut i);
        match key & 7 {
            0 => out.push((key >> 3, Ok(varint(b, &mut i)))),
            2 => {
                let n = varint(b, &mut i) as usize;
                out.push((key >> 3, Err(b[i..i + n].to_vec())));
                i += n;
            }
            t => panic!("unsupported wire type {t}"),
        }
    }
    out
}

/// `BlockchainRegionParamsV1` → its `region_params`.
pub fn decode_region_params(b: &[u8]) -> Vec<RegionParam> {
    fields(b)
        .into_iter()
        .filter(|(f, _)| *f == 1)
        .map(|(_, v)| {
            let mut p = RegionParam { channel_frequency: 0, bandwidth: 0, max_eirp: 0, spreading: vec![] };
            for (f, v) in fields(&v.expect_err("message")) {
                match (f, v) {
                    (1, Ok(x)) => p.channel_frequency = x,
                    (2, Ok(x)) => p.bandwidth = x as u32,
                    (3, Ok(x)) => p.max_eirp = x as u32,
                    (4, Err(sp)) => {
                        for (_, t) in fields(&sp) {
                            let mut tag = (0u32, 0u32);
                            for (tf, tv) in fields(&t.expect_err("tagged_spreading")) {
                                match tf {
                                    1 => tag.0 = tv.unwrap() as u32,
                                    2 => tag.1 = tv.unwrap() as u32,
                                    _ => {}
                                }
                            }
                            p.spreading.push(tag);
                        }
                    }
                    _ => {}
                }
            }
            p
        })
        .collect()
}

const SPREADING_NAMES: [&str; 7] = ["SF_INVALID", "SF7", "SF8", "SF9", "SF10", "SF11", "SF12"];

#[derive(Clone, Debug, PartialEq)]
pub struct Beacon {
    pub data: Vec<u8>,
    pub frequency: u64,
    pub datarate: String,
    pub conducted_power: u32,
}

/// `Beacon::new` for entropy versions 0 and 1. `gain` in tenths of dBi (Helium passes the
/// beaconer's asserted gain as `Decimal::new(gain, 1)`). Errors are Helium's reasons to
/// fail generation, which `verify_beacon_payload` maps to `InvalidPacket`.
pub fn generate_beacon(
    params: &[RegionParam],
    region_known: bool,
    gain: i32,
    entropy_start_secs: i64,
    version: u32,
    local: &[u8],
    remote: &[u8],
) -> Result<Beacon, String> {
    if version > 1 {
        return Err("invalid_version".into());
    }
    if !region_known || params.is_empty() {
        return Err("no_region_params".into());
    }
    let mut h = Sha256::new();
    h.update(remote);
    h.update(entropy_start_secs.to_le_bytes());
    h.update(local);
    h.update(0i64.to_le_bytes());
    let seed: [u8; 32] = h.finalize().into();
    let mut rng = rand_chacha::ChaCha12Rng::from_seed(seed);
    let data: Vec<u8> = (&mut rng).sample_iter(rand::distributions::Standard).take(BEACON_PAYLOAD_SIZE).collect();
    let freq_seed = u16::from_le_bytes([data[0], data[1]]) as usize;
    let frequency = params[freq_seed % params.len()].channel_frequency;
    let first = &params[0];
    let spreading = first
        .spreading
        .iter()
        .find(|(_, max)| *max as usize >= data.len())
        .map(|(s, _)| *s)
        .ok_or("no_region_spreading_for_size")?;
    let name = SPREADING_NAMES.get(spreading as usize).ok_or("unsupported_region_spreading")?;
    let datarate = format!("{name}BW{}", first.bandwidth / 1000);
    let max_eirp = Decimal::new(params.iter().map(|p| p.max_eirp).max().unwrap() as i64, 1);
    let conducted_power = (max_eirp - Decimal::new(gain as i64, 1))
        .trunc()
        .to_u32()
        .ok_or("invalid_conducted_power")?;
    Ok(Beacon { data, frequency, datarate, conducted_power })
}

/// `verify_beacon_payload`: equality of data, frequency and datarate (the entropies are the
/// report's own, so always equal); conducted power is deliberately not compared.
pub fn verify_beacon_payload(
    params: &[RegionParam],
    region_known: bool,
    gain: i32,
    entropy_start_secs: i64,
    version: u32,
    local: &[u8],
    remote: &[u8],
    data: &[u8],
    frequency: u64,
    datarate: &str,
) -> super::rules::Verdict {
    match generate_beacon(params, region_known, gain, entropy_start_secs, version, local, remote) {
        Err(_) => Err("InvalidPacket"),
        Ok(b) if b.data != data || b.frequency != frequency || b.datarate != datarate => Err("InvalidPacket"),
        Ok(_) => Ok(()),
    }
}
