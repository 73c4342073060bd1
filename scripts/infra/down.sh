#!/usr/bin/env bash
# Stops the local infrastructure in the reverse order of up.sh, each server through its own script.
# Usage: down.sh [--wipe] [--only-from FILE]
#   --only-from FILE  stop only the servers named in FILE (written by `up.sh --record FILE`), then remove FILE.
#   --wipe            also remove the stopped servers' state under .infra/ (topics, schemas, objects, logs).
# PostgreSQL is the machine's server: it is never stopped and its databases stay.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
INFRA="$FOLIO_ROOT/scripts/infra"
SERVERS=(mail s3 postgres registry kafka)

usage() { echo "usage: $0 [--wipe] [--only-from FILE]" >&2; exit 2; }

wipe="" only_from=""
while [ $# -gt 0 ]; do
  case "$1" in
    --wipe) wipe=--wipe; shift ;;
    --only-from) [ $# -ge 2 ] || usage; only_from=$2; shift 2 ;;
    *) usage ;;
  esac
done

selected() {
  [ -z "$only_from" ] && return 0
  grep -qx -- "$1" "$only_from"
}

if [ -n "$only_from" ] && [ ! -f "$only_from" ]; then
  say "nothing to stop: $only_from does not exist"
  exit 0
fi

failed=()
for server in "${SERVERS[@]}"; do
  selected "$server" || continue
  [ -f "$INFRA/$server.sh" ] || continue
  # One server that fails to stop must not keep the others running.
  bash "$INFRA/$server.sh" down $wipe || failed+=("$server")
done
[ -n "$only_from" ] && rm -f "$only_from"
[ ${#failed[@]} -eq 0 ] || die "could not stop: ${failed[*]}"
