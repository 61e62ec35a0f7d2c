//! Verification of epoch reward Merkle proofs, byte-compatible with `sdk/src/merkle.ts`
//! and pinned by the shared vectors in `tests/fixtures/merkle-vectors.json`:
//!
//!   leaf = sha256(0x00 ‖ hotspot key ‖ cumulative amount u64 LE)
//!   node = sha256(0x01 ‖ min(a, b) ‖ max(a, b))
//!
//! Distinct prefixes stop a node from posing as a leaf; sorted pairs make a proof a plain
//! list of siblings. The claim instruction verifies against the epoch's posted root.

pub const LEAF_PREFIX: u8 = 0x00;
pub const NODE_PREFIX: u8 = 0x01;

pub fn hash_leaf(key: &[u8; 32], amount: u64) -> [u8; 32] {
    sha256(&[&[LEAF_PREFIX], key, &amount.to_le_bytes()])
}

pub fn hash_node(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    if a <= b {
        sha256(&[&[NODE_PREFIX], a, b])
    } else {
        sha256(&[&[NODE_PREFIX], b, a])
    }
}

/// Whether `(key, amount)` is a leaf of the tree with `root`, given its sibling path.
pub fn verify(proof: &[[u8; 32]], root: &[u8; 32], key: &[u8; 32], amount: u64) -> bool {
    let mut node = hash_leaf(key, amount);
    for sibling in proof {
        node = hash_node(&node, sibling);
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
