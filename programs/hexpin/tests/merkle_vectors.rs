//! The program's Merkle verifier accepts every proof in the shared vectors (written by the
//! TypeScript generator) and rejects each one once tampered with.

use hexpin::merkle::{hash_leaf, verify, Leaf};

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
            let serial: u64 = leaf["serial"].as_str().unwrap().parse().unwrap();
            let amount: u64 = leaf["amount"].as_str().unwrap().parse().unwrap();
            let proof: Vec<u8> = leaf["proof"].as_array().unwrap().iter().flat_map(|p| hex32(p.as_str().unwrap())).collect();
            let l = Leaf { hardware_key: &key, serial, cumulative: amount };
            assert_eq!(hash_leaf(&l), hex32(leaf["leafHash"].as_str().unwrap()));
            assert!(verify(&proof, &root, &l), "tree {} leaf {}", tree["name"], leaf["keyBase58"]);
            let more = Leaf { cumulative: amount.wrapping_add(1), ..l };
            assert!(!verify(&proof, &root, &more), "amount tampered");
            let other_life = Leaf { serial: serial.wrapping_add(1), ..l };
            assert!(!verify(&proof, &root, &other_life), "serial tampered");
            if proof.len() >= 32 {
                let mut bad = proof.clone();
                bad[0] ^= 1;
                assert!(!verify(&bad, &root, &l), "proof tampered");
                assert!(!verify(&proof[..proof.len() - 1], &root, &l), "truncated proof");
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "expected the vector file to hold several trees, checked {checked}");
}
