#!/usr/bin/env bash
# `npm run localnet`: install what is missing, build the program, then run a local chain
# (Surfpool) with hexpin deployed and a network initialized, until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
bash scripts/build-program.sh >/dev/null
exec npx ts-node --transpile-only scripts/localnet.ts "$@"
