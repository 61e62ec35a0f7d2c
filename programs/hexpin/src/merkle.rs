//! Verification of epoch reward Merkle proofs, byte-compatible with `sdk/src/merkle.ts`
//! and pinned by the shared vectors in `tests/fixtures/merkle-vectors.json`:
//!
//!   leaf = sha256(0x00 ‖ hardware key ‖ serial u64 LE ‖ cumulative amount u64 LE)
//!   node = sha256(0x01 ‖ min(a, b) ‖ max(a, b))
//!
//! Distinct prefixes (and lengths: 49 against 65 bytes) stop a node from posing as a
//! leaf; sorted pairs make a proof a plain list of siblings. A leaf names one *life* of a
//! hotspot (its onboarding serial), so a re-onboarded hardware key cannot reuse the
//! leaves of its earlier life. `claim_rewards` verifies against the network's active root.

pub const LEAF_PREFIX: u8 = 0x00;
pub const NODE_PREFIX: u8 = 0x01;

/// One reward leaf: a hotspot life and the cumulative amount committed to it.
pub struct Leaf<'a> {
    pub hardware_key: &'a [u8; 32],
    pub serial: u64,
    pub cumulative: u64,
}

pub fn hash_leaf(leaf: &Leaf) -> [u8; 32] {
    sha256(&[&[LEAF_PREFIX], leaf.hardware_key, &leaf.serial.to_le_bytes(), &leaf.cumulative.to_le_bytes()])
}

pub fn hash_node(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    if a <= b {
        sha256(&[&[NODE_PREFIX], a, b])
    } else {
        sha256(&[&[NODE_PREFIX], b, a])
    }
}

/// Whether `leaf` is in the tree with `root`, given its sibling path as concatenated
/// 32-byte hashes (straight from instruction data: nothing is copied).
pub fn verify(proof: &[u8], root: &[u8; 32], leaf: &Leaf) -> bool {
    // A plain loop: `chunks_exact` carries a panic path (chunk size 0) that the 0.1.9
    // relinker mislinks into an unloadable program.
    let mut node = hash_leaf(leaf);
    let mut rest = proof;
    while !rest.is_empty() {
        let Some((sibling, tail)) = rest.split_first_chunk::<32>() else { return false };
        node = hash_node(&node, sibling);
        rest = tail;
    }
    &node == root
}

#[cfg(any(target_arch = "bpf", target_os = "solana"))]
fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut out = [0u8; 32];
    // SAFETY: the syscall reads `parts.len()` (ptr, len) pairs and writes 32 bytes.
    unsafe { pinocchio::syscalls::sol_sha256(parts.as_ptr() as *const u8, parts.len() as u64, out.as_mut_ptr()) };
    out
}

#[cfg(not(any(target_arch = "bpf", target_os = "solana")))]
fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}
