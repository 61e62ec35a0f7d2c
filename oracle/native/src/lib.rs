//! hexpin's native helpers for the oracle (a Node-API addon, built at setup time).
//!
//! - `ReportVerifier`: ed25519 signatures of v1 reports, one at a time or in random-linear-
//!   combination batches. The acceptance rule is ZIP-215 (cofactored equation, canonical
//!   `s`, any on-curve encoding of `A` and `R`): it is the one rule under which single and
//!   batch verification agree on *every* input, adversarial ones included, so a verdict
//!   never depends on how reports happened to be batched. The oracle's JavaScript fallback
//!   (`oracle/src/ingest/signatures`) implements the same rule.
//! - `ReportSigner`: signs reports in place (simulations and benches; ed25519 is
//!   deterministic, so the bytes equal those node:crypto produces).
//! - `ZstdCompressor` / `ZstdDecompressor`: streaming zstd for bundle distribution.
//! - `sha256Suffixed`: sha256(prefix ‖ row) for many rows of one table (witness selection
//!   digests, ~10M an epoch; one call per beacon instead of one per witness).
//!
//! A report is located by (offset, length) in one buffer: its signer key is at bytes 2..34
//! (beacon `hotspotKey`, witness `witnessKey`), its signature is the last 64 bytes, and the
//! signed message is `domain ‖ every byte before the signature`.

use std::collections::HashMap;

use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use ed25519_zebra::{Signature, SigningKey, VerificationKey, VerificationKeyBytes};
use rand::RngCore;
use sha2::{Digest, Sha256, Sha512};
use napi::bindgen_prelude::{Buffer, Uint32Array};
use napi::{Error, Result, Status};
use napi_derive::napi;

const KEY_OFFSET: usize = 2;
const KEY_LEN: usize = 32;
const SIG_LEN: usize = 64;
const MIN_REPORT_LEN: usize = KEY_OFFSET + KEY_LEN + SIG_LEN;

fn invalid(msg: impl Into<String>) -> Error {
    Error::new(Status::InvalidArg, msg.into())
}

/// The (offset, length) table, checked against the buffer once.
fn spans(data: &[u8], offsets: &[u32], lengths: &[u32]) -> Result<Vec<(usize, usize)>> {
    if offsets.len() != lengths.len() {
        return Err(invalid(format!("{} offsets but {} lengths", offsets.len(), lengths.len())));
    }
    offsets
        .iter()
        .zip(lengths)
        .enumerate()
        .map(|(i, (&o, &l))| {
            let (o, l) = (o as usize, l as usize);
            match o.checked_add(l) {
                Some(end) if end <= data.len() => Ok((o, l)),
                _ => Err(invalid(format!("report {i} ({o}+{l}) lies outside the {}-byte buffer", data.len()))),
            }
        })
        .collect()
}

/// Key, signature and message of one report, or None when it is too short to hold them.
fn parts<'a>(report: &'a [u8], domain: &[u8], scratch: &'a mut Vec<u8>) -> Option<(VerificationKeyBytes, Signature, &'a [u8])> {
    if report.len() < MIN_REPORT_LEN {
        return None;
    }
    let body = report.len() - SIG_LEN;
    let mut key = [0u8; KEY_LEN];
    key.copy_from_slice(&report[KEY_OFFSET..KEY_OFFSET + KEY_LEN]);
    let mut sig = [0u8; SIG_LEN];
    sig.copy_from_slice(&report[body..]);
    scratch.clear();
    scratch.extend_from_slice(domain);
    scratch.extend_from_slice(&report[..body]);
    Some((VerificationKeyBytes::from(key), Signature::from_bytes(&sig), &scratch[..]))
}

/// Decompressed keys, reused across reports: a fleet's keys repeat millions of times.
#[derive(Default)]
struct KeyCache(HashMap<[u8; KEY_LEN], Option<VerificationKey>>);

impl KeyCache {
    fn get(&mut self, bytes: VerificationKeyBytes) -> Option<VerificationKey> {
        let raw: [u8; KEY_LEN] = bytes.into();
        *self.0.entry(raw).or_insert_with(|| VerificationKey::try_from(bytes).ok())
    }
}

fn verify_one(keys: &mut KeyCache, report: &[u8], domain: &[u8], scratch: &mut Vec<u8>) -> bool {
    match parts(report, domain, scratch) {
        Some((key, sig, msg)) => keys.get(key).map_or(false, |vk| vk.verify(&sig, msg).is_ok()),
        None => false,
    }
}

/// One report prepared for the batch equation.
struct Pending {
    index: usize,
    key: usize,
    r: EdwardsPoint,
    s: Scalar,
    k: Scalar,
}

/// Points of the signer keys seen so far (decompressed once: the dominant cost of a
/// batch otherwise), with zebra's key for single verification beside them.
#[derive(Default)]
struct BatchKeys {
    index: HashMap<[u8; KEY_LEN], Option<usize>>,
    points: Vec<EdwardsPoint>,
}

impl BatchKeys {
    fn get(&mut self, raw: &[u8; KEY_LEN]) -> Option<usize> {
        if let Some(&i) = self.index.get(raw) {
            return i;
        }
        let i = CompressedEdwardsY(*raw).decompress().map(|p| {
            self.points.push(p);
            self.points.len() - 1
        });
        self.index.insert(*raw, i);
        i
    }
}

/// ZIP-215 batch equation over `group`: 8·(−Σ z·s·B + Σ z·R + Σ z·k·A) = 0, z random 128-bit.
/// True means every member satisfies 8·(s·B − k·A − R) = 0, except with probability 2^-128.
fn batch_holds(group: &[Pending], keys: &BatchKeys, rng: &mut impl RngCore) -> bool {
    let mut b_coeff = Scalar::ZERO;
    let mut scalars = Vec::with_capacity(2 * group.len() + 1);
    let mut points = Vec::with_capacity(2 * group.len() + 1);
    scalars.push(Scalar::ZERO);
    points.push(ED25519_BASEPOINT_POINT);
    for p in group {
        let mut z = [0u8; 32];
        rng.fill_bytes(&mut z[..16]);
        let z = Scalar::from_bytes_mod_order(z);
        b_coeff -= z * p.s;
        scalars.push(z);
        points.push(p.r);
        scalars.push(z * p.k);
        points.push(keys.points[p.key]);
    }
    scalars[0] = b_coeff;
    EdwardsPoint::vartime_multiscalar_mul(scalars.iter(), points.iter()).mul_by_cofactor().is_identity()
}

/// Verifies report signatures, keeping every signer key it has decompressed (a fleet's
/// keys repeat across millions of reports; ~360 bytes a key). One per thread.
#[napi]
pub struct ReportVerifier {
    domain: Vec<u8>,
    keys: BatchKeys,
    single_keys: KeyCache,
}

#[napi]
impl ReportVerifier {
    /// `domain`: the prefix of every signed message (`REPORT_SIGNING_DOMAIN`).
    #[napi(constructor)]
    pub fn new(domain: Buffer) -> Self {
        Self { domain: domain.to_vec(), keys: BatchKeys::default(), single_keys: KeyCache::default() }
    }

    /// Verifies each report's signature; returns one byte per report, 1 valid, 0 not.
    ///
    /// `batch_size` ≤ 1 verifies one by one (ed25519-zebra). Larger values check groups of
    /// that many with one multiscalar multiplication; a group that fails is re-verified one
    /// by one to find which reports are invalid. Both paths decide by the ZIP-215 rule with
    /// the same decompression and scalar checks, so verdicts are identical whatever the
    /// grouping (a failed group costs its single verifications on top).
    #[napi]
    pub fn verify(&mut self, data: Buffer, offsets: Uint32Array, lengths: Uint32Array, batch_size: u32) -> Result<Buffer> {
        let data: &[u8] = &data;
        let spans = spans(data, &offsets, &lengths)?;
        let mut out = vec![0u8; spans.len()];
        let Self { domain, keys, single_keys } = self;
        let domain: &[u8] = domain;
        let mut scratch = Vec::with_capacity(256);
        let group = (batch_size as usize).max(1);
        if group == 1 {
            for (i, &(o, l)) in spans.iter().enumerate() {
                out[i] = verify_one(single_keys, &data[o..o + l], domain, &mut scratch) as u8;
            }
            return Ok(out.into());
        }
        let mut rng = rand::thread_rng();
        let mut pending: Vec<Pending> = Vec::with_capacity(group);
        let mut flush = |pending: &mut Vec<Pending>, keys: &BatchKeys, out: &mut [u8], single_keys: &mut KeyCache| {
            if pending.is_empty() {
                return;
            }
            if batch_holds(pending, keys, &mut rng) {
                for p in pending.iter() {
                    out[p.index] = 1;
                }
            } else {
                for p in pending.iter() {
                    let (o, l) = spans[p.index];
                    out[p.index] = verify_one(single_keys, &data[o..o + l], domain, &mut scratch) as u8;
                }
            }
            pending.clear();
        };
        for (i, &(o, l)) in spans.iter().enumerate() {
            let report = &data[o..o + l];
            // what cannot satisfy the equation at all is invalid outright (zebra's single
            // verification refuses exactly these too): too short, undecodable A or R,
            // non-canonical s.
            if l < MIN_REPORT_LEN {
                continue;
            }
            let mut raw = [0u8; KEY_LEN];
            raw.copy_from_slice(&report[KEY_OFFSET..KEY_OFFSET + KEY_LEN]);
            let body = l - SIG_LEN;
            let mut r_bytes = [0u8; 32];
            r_bytes.copy_from_slice(&report[body..body + 32]);
            let mut s_bytes = [0u8; 32];
            s_bytes.copy_from_slice(&report[body + 32..]);
            let (Some(key), Some(r), Some(s)) = (
                keys.get(&raw),
                CompressedEdwardsY(r_bytes).decompress(),
                Option::<Scalar>::from(Scalar::from_canonical_bytes(s_bytes)),
            ) else {
                continue;
            };
            let mut h = Sha512::new();
            h.update(r_bytes);
            h.update(raw);
            h.update(domain);
            h.update(&report[..body]);
            let k = Scalar::from_bytes_mod_order_wide(&h.finalize().into());
            pending.push(Pending { index: i, key, r, s, k });
            if pending.len() == group {
                flush(&mut pending, keys, &mut out, single_keys);
            }
        }
        flush(&mut pending, keys, &mut out, single_keys);
        Ok(out.into())
    }

    /// Signer keys decompressed so far.
    #[napi(getter)]
    pub fn cached_keys(&self) -> u32 {
        self.keys.points.len() as u32
    }
}

/// Signing keys by public key, for signing reports in place.
#[napi]
pub struct ReportSigner {
    keys: HashMap<[u8; KEY_LEN], SigningKey>,
}

#[napi]
impl ReportSigner {
    /// `seeds`: 32-byte RFC 8032 private keys, concatenated.
    #[napi(constructor)]
    pub fn new(seeds: Buffer) -> Result<Self> {
        if seeds.len() % 32 != 0 {
            return Err(invalid(format!("seeds must be a multiple of 32 bytes, got {}", seeds.len())));
        }
        let mut keys = HashMap::with_capacity(seeds.len() / 32);
        for seed in seeds.chunks_exact(32) {
            let mut s = [0u8; 32];
            s.copy_from_slice(seed);
            let sk = SigningKey::from(s);
            let pk: [u8; 32] = VerificationKeyBytes::from(&sk).into();
            keys.insert(pk, sk);
        }
        Ok(Self { keys })
    }

    /// The public keys held, sorted bytewise, concatenated (32 bytes each).
    #[napi]
    pub fn public_keys(&self) -> Buffer {
        let mut all: Vec<&[u8; 32]> = self.keys.keys().collect();
        all.sort();
        all.into_iter().flat_map(|k| k.iter().copied()).collect::<Vec<u8>>().into()
    }

    /// Signs each report (in place) with the key it names; fails on a key it does not hold.
    #[napi]
    pub fn sign_reports(&self, mut data: Buffer, offsets: Uint32Array, lengths: Uint32Array, domain: Buffer) -> Result<u32> {
        let spans = spans(&data, &offsets, &lengths)?;
        let mut msg = Vec::with_capacity(256);
        for (i, &(o, l)) in spans.iter().enumerate() {
            if l < MIN_REPORT_LEN {
                return Err(invalid(format!("report {i} has {l} bytes, too short to sign")));
            }
            let report = &mut data[o..o + l];
            let mut pk = [0u8; KEY_LEN];
            pk.copy_from_slice(&report[KEY_OFFSET..KEY_OFFSET + KEY_LEN]);
            let sk = self.keys.get(&pk).ok_or_else(|| invalid(format!("report {i} names a key this signer does not hold")))?;
            let body = l - SIG_LEN;
            msg.clear();
            msg.extend_from_slice(&domain);
            msg.extend_from_slice(&report[..body]);
            let sig: [u8; 64] = sk.sign(&msg).into();
            report[body..].copy_from_slice(&sig);
        }
        Ok(spans.len() as u32)
    }
}

/// sha256(prefix ‖ table[i·width .. (i+1)·width]) for each i of `rows`, written 32 bytes
/// each in order into `out` (reused by the caller: ~10M digests an epoch make no garbage).
/// The prefix is hashed once and its state cloned per row.
#[napi]
pub fn sha256_suffixed(prefix: Buffer, table: Buffer, rows: Uint32Array, width: u32, mut out: Buffer) -> Result<()> {
    let width = width as usize;
    if width == 0 || table.len() % width != 0 {
        return Err(invalid("table length must be a positive multiple of width"));
    }
    if out.len() < 32 * rows.len() {
        return Err(invalid(format!("output of {} bytes cannot hold {} digests", out.len(), rows.len())));
    }
    let count = table.len() / width;
    let mut base = Sha256::new();
    base.update(&prefix[..]);
    for (k, &i) in rows.iter().enumerate() {
        let i = i as usize;
        if i >= count {
            return Err(invalid(format!("row {i} outside a table of {count}")));
        }
        let mut h = base.clone();
        h.update(&table[i * width..(i + 1) * width]);
        out[32 * k..32 * k + 32].copy_from_slice(&h.finalize());
    }
    Ok(())
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
extern "C" {
    fn malloc_trim(pad: usize) -> i32;
}

/// Hands memory the C allocator holds free (in every thread's arena) back to the system:
/// after a phase that freed a lot — worker threads gone, the verifier's columns collected —
/// the process's RSS then reflects what it uses. True when anything was released; a no-op
/// (false) where the allocator has no such call.
#[napi]
pub fn release_free_memory() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    unsafe {
        return malloc_trim(0) == 1;
    }
    #[allow(unreachable_code)]
    false
}

/// Streaming zstd compression: push chunks, take the compressed bytes produced so far.
#[napi]
pub struct ZstdCompressor {
    encoder: Option<zstd::stream::raw::Encoder<'static>>,
}

fn io_err(e: std::io::Error) -> Error {
    Error::new(Status::GenericFailure, format!("zstd: {e}"))
}

#[napi]
impl ZstdCompressor {
    #[napi(constructor)]
    pub fn new(level: i32) -> Result<Self> {
        Ok(Self { encoder: Some(zstd::stream::raw::Encoder::new(level).map_err(io_err)?) })
    }

    #[napi]
    pub fn push(&mut self, chunk: Buffer) -> Result<Buffer> {
        use zstd::stream::raw::{InBuffer, Operation, OutBuffer};
        let enc = self.encoder.as_mut().ok_or_else(|| invalid("compressor already finished"))?;
        let mut out = Vec::with_capacity(chunk.len() / 2 + 1024);
        let mut input = InBuffer::around(&chunk);
        let mut tmp = vec![0u8; 1 << 17];
        while input.pos < chunk.len() {
            let mut o = OutBuffer::around(&mut tmp[..]);
            enc.run(&mut input, &mut o).map_err(io_err)?;
            let n = o.pos();
            out.extend_from_slice(&tmp[..n]);
        }
        Ok(out.into())
    }

    #[napi]
    pub fn finish(&mut self) -> Result<Buffer> {
        use zstd::stream::raw::{Operation, OutBuffer};
        let mut enc = self.encoder.take().ok_or_else(|| invalid("compressor already finished"))?;
        let mut out = Vec::new();
        let mut tmp = vec![0u8; 1 << 17];
        loop {
            let mut o = OutBuffer::around(&mut tmp[..]);
            let remaining = enc.finish(&mut o, true).map_err(io_err)?;
            let n = o.pos();
            out.extend_from_slice(&tmp[..n]);
            if remaining == 0 {
                break;
            }
        }
        Ok(out.into())
    }
}

/// Streaming zstd decompression; `finish` fails when the input stopped inside a frame.
#[napi]
pub struct ZstdDecompressor {
    decoder: zstd::stream::raw::Decoder<'static>,
    /// true between frames (nothing pending).
    at_frame_end: bool,
}

#[napi]
impl ZstdDecompressor {
    #[napi(constructor)]
    pub fn new() -> Result<Self> {
        Ok(Self { decoder: zstd::stream::raw::Decoder::new().map_err(io_err)?, at_frame_end: true })
    }

    #[napi]
    pub fn push(&mut self, chunk: Buffer) -> Result<Buffer> {
        use zstd::stream::raw::{InBuffer, Operation, OutBuffer};
        let mut out = Vec::with_capacity(chunk.len() * 4);
        let mut input = InBuffer::around(&chunk);
        let mut tmp = vec![0u8; 1 << 18];
        loop {
            let mut o = OutBuffer::around(&mut tmp[..]);
            let hint = self.decoder.run(&mut input, &mut o).map_err(io_err)?;
            let n = o.pos();
            out.extend_from_slice(&tmp[..n]);
            self.at_frame_end = hint == 0;
            // done when all input is consumed and the decoder had room to spare
            if input.pos >= chunk.len() && n < tmp.len() {
                break;
            }
        }
        Ok(out.into())
    }

    #[napi]
    pub fn finish(&self) -> Result<()> {
        if self.at_frame_end {
            Ok(())
        } else {
            Err(Error::new(Status::GenericFailure, "zstd: input ended inside a frame (truncated)".to_string()))
        }
    }
}
