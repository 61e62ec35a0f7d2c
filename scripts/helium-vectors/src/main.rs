//! Writes tests/fixtures/helium-vectors.json: Helium IoT verifier decisions with
//! provenance, for hexpin's `helium` profile and its TypeScript reference
//! (oracle/src/verify/profiles/helium-reference.ts). See docs/helium-profile.md.

mod beacon;
mod density;
mod derived;
mod extracted_rules;
mod extracted_runner;
mod fixtures;
mod out;
mod rewards;
mod rules;
mod scenario;

use serde_json::json;

fn main() {
    let path = std::env::args().nth(1).unwrap_or_else(|| "tests/fixtures/helium-vectors.json".into());
    let mut out = out::Out { vectors: vec![] };
    extracted_rules::run(&mut out);
    extracted_runner::run(&mut out);
    derived::run(&mut out);
    let extracted = out.vectors.iter().filter(|v| v["kind"] == "extracted").count();
    let derived = out.vectors.len() - extracted;
    let doc = json!({
        "schema": "hexpin/helium-vectors/v1",
        "description": "Decisions of Helium's IoT PoC verifier (iot_verifier) for hexpin's decision-exact `helium` profile. 'extracted' vectors carry Helium's own test expectations (file, test, line); 'derived' vectors sit on rule boundaries, with expectations computed by scripts/helium-vectors, a restatement of the rules on the exact library versions Helium pins. Inputs are in hexpin units where they map (ms times, Hz, tenths of dB, h3-js hex cell strings); `helium` holds Helium's raw values where they differ. See docs/helium-profile.md.",
        "source": {
            "repository": "helium/oracles",
            "commit": "824f7724baec1042f0f8b03d222db93a3387bdf0",
            "why": "parent of 1149d31909e435bfaa3c14a369c67c3d8fe6ccd9 'Remove iot components (#1119)' (2026-02-02), the last main-line revision containing iot_verifier",
            "beaconCrate": "helium/proto@3dbaedf3a39ab79cabd3b80cf7c648bf23d3c3f8 (beacon/, as pinned by the oracles Cargo.lock)",
            "libraries": { "h3o": "0.9.3", "rust_decimal": "1.38.0", "chrono": "0.4.42", "rand": "0.8.5", "rand_chacha": "0.3.1" },
        },
        "generator": "cargo run --release --manifest-path scripts/helium-vectors/Cargo.toml -- tests/fixtures/helium-vectors.json",
        "counts": { "extracted": extracted, "derived": derived },
        "vectors": out.vectors,
    });
    let text = serde_json::to_string_pretty(&doc).unwrap() + "\n";
    std::fs::write(&path, text).expect("write vectors");
    eprintln!("wrote {path}: {extracted} extracted, {derived} derived");
}
