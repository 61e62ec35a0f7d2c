#!/usr/bin/env bash
# Builds programs/hexpin into target/deploy/hexpin.so from source with upstream tools
# (Debian rustc 1.96 + rust-src, sbpf-linker 0.1.9 on LLVM 22), then checks the ELF.
# With Solana's platform tools installed, `HEXPIN_BUILD=sbf` uses `cargo build-sbf`
# instead (the official route; see docs/toolchain.md).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/deploy

if [ "${HEXPIN_BUILD:-upstream}" = "sbf" ]; then
  echo "==> cargo build-sbf (official Solana toolchain)"
  cargo build-sbf --manifest-path programs/hexpin/Cargo.toml --sbf-out-dir target/deploy
else
  export PATH="$HOME/.cargo/bin:$PATH"
  command -v sbpf-linker >/dev/null || { echo "sbpf-linker missing: run 'npm run setup'" >&2; exit 1; }
  echo "==> building hexpin for bpfel-unknown-none (rustc $(/usr/bin/rustc --version | cut -d' ' -f2), sbpf-linker)"
  RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc /usr/bin/cargo build --release \
    --target bpfel-unknown-none -Zbuild-std=core,alloc -p hexpin
  cp target/bpfel-unknown-none/release/libhexpin.so target/deploy/hexpin.so
fi
cp programs/hexpin/keys/hexpin-keypair.json target/deploy/hexpin-keypair.json
mkdir -p target/idl && cp idl/hexpin.json target/idl/hexpin.json

# The Solana loader wants a 64-bit little-endian ELF for machine EM_BPF (247) or EM_SBPF (263).
node -e '
const b = require("fs").readFileSync("target/deploy/hexpin.so");
const ok = b.readUInt32BE(0) === 0x7f454c46 && b[4] === 2 && b[5] === 1;
const machine = b.readUInt16LE(18);
if (!ok || (machine !== 247 && machine !== 263)) { console.error("target/deploy/hexpin.so is not a 64-bit LE BPF/SBPF ELF (machine " + machine + ")"); process.exit(1); }
// sbpf-linker 0.1.9 mislinks calls into cold panic paths and the runtime then refuses the
// program ("invalid account data"); the program returns errors instead of panicking, so a
// reference to the panic syscall means a library call brought one in.
if (b.includes(Buffer.from("sol_panic_"))) { console.error("target/deploy/hexpin.so references sol_panic_: some code path can panic (see docs/toolchain.md, \"No panics\")"); process.exit(1); }
console.log("==> target/deploy/hexpin.so: ELF64 LE, machine " + (machine === 247 ? "EM_BPF" : "EM_SBPF") + ", " + b.length + " bytes");
'
