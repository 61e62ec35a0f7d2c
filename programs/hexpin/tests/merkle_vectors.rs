//! The program's Merkle verifier accepts every proof in the shared vectors (written by the
//! TypeScript generator) and rejects each one once tampered with.

use hexpin::merkle::{hash_leaf, verify};

fn hex32(s: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}

#[test]
fn every_shared_vector_verifies_and_tampering_fails() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/merkle-vectors.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut checked = 0;
    for tree in v["trees"].as_array().unwrap() {
        let root = hex32(tree["root"].as_str().unwrap());
        for leaf in tree["leaves"].as_array().unwrap() {
            let key = hex32(leaf["keyHex"].as_str().unwrap());
            let amount: u64 = leaf["amount"].as_str().unwrap().parse().unwrap();
            let proof: Vec<[u8; 32]> = leaf["proof"].as_array().unwrap().iter().map(|p| hex32(p.as_str().unwrap())).collect();
            assert_eq!(hash_leaf(&key, amount), hex32(leaf["leafHash"].as_str().unwrap()));
            assert!(verify(&proof, &root, &key, amount), "tree {} leaf {}", tree["name"], leaf["keyBase58"]);
            assert!(!verify(&proof, &root, &key, amount.wrapping_add(1)), "amount tampered");
            if let Some(first) = proof.first() {
                let mut bad = proof.clone();
                bad[0] = hash_leaf(first, 0);
                assert!(!verify(&bad, &root, &key, amount), "proof tampered");
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "expected the vector file to hold several trees, checked {checked}");
}
