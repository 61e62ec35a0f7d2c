#!/usr/bin/env bash
# The one test command (README, `npm test`, `.ci/run`): installs what is missing, builds
# the program from source, runs the host Rust tests and every TypeScript suite against
# the real binary, and ends with one line `N passed, N failed` summing all suites.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
bash scripts/build-program.sh || { echo "program build failed"; echo "0 passed, 1 failed"; exit 1; }

logs=$(mktemp -d)
passed=0; failed=0; status=0
CARGO=$(command -v cargo || echo /usr/bin/cargo)

echo "==> Rust host tests (cargo test)"
"$CARGO" test --manifest-path programs/hexpin/Cargo.toml 2>&1 | tee "$logs/cargo.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
while read -r p f; do passed=$((passed + p)); failed=$((failed + f)); done < <(
  sed -nE 's/^test result: [a-zA-Z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p' "$logs/cargo.log")

echo "==> TypeScript typecheck (tsc --noEmit)"
if ! npx tsc -p tsconfig.json --noEmit; then status=1; failed=$((failed + 1)); fi
# the coverage map page (browser JavaScript, checked against MapLibre's and the DOM's types)
if ! npx tsc -p oracle/src/api/map-page/tsconfig.page.json; then status=1; failed=$((failed + 1)); fi

echo "==> TypeScript tests (ts-mocha: program on LiteSVM, SDK, oracle)"
npx ts-mocha -p tsconfig.json --timeout 300000 \
  'tests/**/*.test.ts' 'sdk/src/**/*.test.ts' 'oracle/src/**/*.test.ts' 2>&1 | tee "$logs/mocha.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
mp=$(sed -nE 's/^ *([0-9]+) passing.*/\1/p' "$logs/mocha.log" | tail -1)
mf=$(sed -nE 's/^ *([0-9]+) failing.*/\1/p' "$logs/mocha.log" | tail -1)
passed=$((passed + ${mp:-0})); failed=$((failed + ${mf:-0}))
# A runner that died before reporting counts as a failure, not as zero tests.
[ -z "$mp" ] && [ -z "$mf" ] && failed=$((failed + 1))

echo
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
