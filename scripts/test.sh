#!/usr/bin/env bash
# `make test`: installs what is missing, starts the servers the tests need (only those not already running),
# runs every jest tier, stops what it started, and ends with one line "N passed, N failed".
# Extra arguments go to jest (e.g. scripts/test.sh libs/runtime).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup/system-deps.sh

started=$(mktemp)
results=$(mktemp --suffix=.json)
cleanup() {
  scripts/infra/down.sh --only-from "$started" || true
  rm -f "$results"
}
trap cleanup EXIT
scripts/infra/up.sh --record "$started" >/dev/null
# shellcheck disable=SC1090
source <(scripts/infra/env.sh --print)

rc=0
node --experimental-vm-modules node_modules/jest/bin/jest.js --ci --json --outputFile="$results" "$@" || rc=$?

node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
  if (r.numRuntimeErrorTestSuites > 0) console.log(`suites that failed to run: ${r.numRuntimeErrorTestSuites}`);
' "$results" || echo "tests: no results (jest exited $rc)"
exit $rc
