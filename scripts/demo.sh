#!/usr/bin/env bash
# The main job: install what is missing, build the program from source, run the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-program.sh
exec npx ts-node --transpile-only scripts/demo.ts "$@"
