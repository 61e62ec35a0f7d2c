#!/usr/bin/env bash
# The main job: install what is missing, build the program from source (both idempotent and
# fast when done), then run the whole network in a box on a real local chain
# (scripts/network-in-a-box.ts). `npm run demo:fast` runs the in-process LiteSVM variant.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-program.sh
script=scripts/network-in-a-box.ts
if [ "${1:-}" = "--fast" ]; then shift; script=scripts/demo.ts; fi
exec npx ts-node --transpile-only "$script" "$@"
