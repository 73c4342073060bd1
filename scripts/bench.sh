#!/usr/bin/env bash
# `make bench`: benchmarks, not tests. Starts the servers it needs (and stops those it started), runs each
# bench/dist/*.js (or the ones named as arguments) and leaves their figures in bench/results/*.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$(mktemp)
trap 'scripts/infra/down.sh --only-from "$started" || true' EXIT
scripts/infra/up.sh --record "$started" >/dev/null
# shellcheck disable=SC1090
source <(scripts/infra/env.sh --print)
benches=("$@")
if [ ${#benches[@]} -eq 0 ]; then
  for f in bench/dist/*.js; do
    b=$(basename "$f" .js)
    [ "$b" = results ] || benches+=("$b")
  done
fi
for b in "${benches[@]}"; do
  echo "[bench] $b" >&2
  node --enable-source-maps "bench/dist/$b.js"
done
