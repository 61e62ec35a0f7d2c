#!/usr/bin/env bash
# Builds the oracle's native addon (oracle/native: ed25519 batch verification, signing,
# zstd) from crates.io into oracle/native/hexpin_native.node, for the host. Idempotent:
# skipped when the addon exists and was built from the same sources and compiler
# (stamp beside it). A cold build takes ~1.5 min on 2 cores; a warm check, milliseconds.
# Without the addon the oracle still verifies every signature (node:crypto, same rule),
# only slower; HEXPIN_NATIVE=0 disables it at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
CARGO=$(command -v cargo || echo /usr/bin/cargo)
RUSTC=$(command -v rustc || echo /usr/bin/rustc)
crate=oracle/native
out=$crate/hexpin_native.node
stamp=$crate/hexpin_native.stamp
want=$( { "$RUSTC" --version; cat "$crate/Cargo.toml" "$crate/Cargo.lock" "$crate/build.rs" "$crate"/src/*.rs; } | sha256sum | cut -d' ' -f1)
if [ -f "$out" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "[native] hexpin_native.node up to date"
  exit 0
fi
echo "[native] cargo build --release (oracle/native: ed25519-zebra, curve25519-dalek, napi, zstd)"
t0=$(date +%s)
CARGO_TARGET_DIR=target/native "$CARGO" build --release --locked --quiet --manifest-path "$crate/Cargo.toml"
cp target/native/release/libhexpin_native.so "$out.tmp"
mv "$out.tmp" "$out"
echo "$want" > "$stamp"
echo "[native] built $out in $(( $(date +%s) - t0 )) s"
