#!/usr/bin/env bash
# Installs everything hexpin needs on a fresh Debian (bookworm) machine, idempotently:
# Debian's Rust 1.96 + sources and LLVM 22, PostgreSQL (the oracle service's suites start
# their own server), sbpf-linker 0.1.9, the npm workspace, the oracle's native addon,
# Debian's Chromium (browser tests) and the coverage map's basemap.
# A warm run checks versions and lock hashes only and takes about a second.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
t0=$(date +%s)
say() { echo "[setup] $*"; }
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

# 1. Debian packages: the compiler that builds the program, its core/alloc sources, LLVM 22.
APT_PKGS=(rustc-web cargo-web rust-web-src llvm-22 llvm-22-dev zlib1g-dev libzstd-dev postgresql)
missing=()
for p in "${APT_PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
  # The tests run their own PostgreSQL (temp dir, random port); the packaged cluster is not needed.
  if [[ " ${missing[*]} " == *" postgresql "* ]] && command -v pg_ctlcluster >/dev/null; then
    for c in $(pg_lsclusters -h 2>/dev/null | awk '$4 == "online" {print $1 "/" $2}'); do $SUDO pg_ctlcluster "${c%/*}" "${c#*/}" stop || true; done
  fi
else
  say "Debian packages present (rustc $(/usr/bin/rustc --version | cut -d' ' -f2), LLVM 22, PostgreSQL $(ls /usr/lib/postgresql | sort -n | tail -1))"
fi

# 2. A host cargo for host tests and for installing the linker: rustup's if present, else Debian's.
CARGO=$(command -v cargo || echo /usr/bin/cargo)

# 3. sbpf-linker 0.1.9 against Debian's libLLVM 22 (0.2.x needs LLVM 23).
# (`sbpf-linker --version` prints its version but exits non-zero, hence the capture.)
linker_version=$(sbpf-linker --version 2>&1 | head -1 || true)
if [ "$linker_version" = "sbpf-linker 0.1.9" ]; then
  say "sbpf-linker 0.1.9 present"
else
  say "cargo install sbpf-linker 0.1.9 (about 90 s, once)"
  LLVM_PREFIX=/usr/lib/llvm-22 "$CARGO" install sbpf-linker --version =0.1.9 --locked \
    --no-default-features --features upstream-gallery-22 --quiet \
  || LLVM_PREFIX=/usr/lib/llvm-22 "$CARGO" install sbpf-linker --version =0.1.9 \
    --no-default-features --features upstream-gallery-22 --quiet
fi

# 4. npm workspace, reinstalled only when package-lock.json changed.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f node_modules/.hexpin-lock ] && [ "$(cat node_modules/.hexpin-lock)" = "$lock_hash" ]; then
  say "node_modules up to date"
else
  # `npm install`, not `npm ci`: litesvm 0.8.0 names platform packages that were never
  # published, which `npm ci` refuses as a lock mismatch; install honours the lock the same.
  say "npm install (from package-lock.json)"
  npm install --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.hexpin-lock
fi
# 5. The oracle's native addon (ed25519 batch verification, zstd) from crates.io.
bash scripts/build-native.sh

# 6. Debian's Chromium, which the coverage map's browser tests drive (playwright-core).
if command -v chromium >/dev/null 2>&1; then
  say "chromium present ($(chromium --version 2>/dev/null | cut -d' ' -f2))"
else
  say "apt-get install chromium (for the coverage map's browser tests)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# 7. The coverage map's offline basemap (target/map/basemap), rebuilt when the lock or its builder changed.
map_hash=$(cat package-lock.json oracle/src/api/map-page/basemap.ts oracle/src/sim/cities.ts | sha256sum | cut -d' ' -f1)-${HEXPIN_MAP_REGIONS:-}
if [ -f target/map/basemap/setup-stamp ] && [ "$(cat target/map/basemap/setup-stamp)" = "$map_hash" ]; then
  say "map basemap up to date"
else
  say "building the map basemap from npm data packages (about 15 s)"
  npx ts-node -T oracle/src/api/map-page/basemap.ts
  echo "$map_hash" > target/map/basemap/setup-stamp
fi
say "done in $(( $(date +%s) - t0 )) s"
