#!/usr/bin/env bash
# Starts the local infrastructure in order (Kafka, schema registry, PostgreSQL, object store, mail server), each
# through its own script, and prints the exports of scripts/infra/env.sh --print: `source <(scripts/infra/up.sh)`.
# Usage: up.sh [--record FILE] | up.sh --status
#   --record FILE  append to FILE the name of each server this run started (not those already running), so that
#                  `down.sh --only-from FILE` stops just those and leaves a developer's running servers alone.
#   --status       show each server's status; start nothing.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
INFRA="$FOLIO_ROOT/scripts/infra"
SERVERS=(kafka registry postgres s3 mail)

usage() { echo "usage: $0 [--record FILE] | --status" >&2; exit 2; }

# has_script NAME: the server's script exists (registry.sh may not be there yet on every branch).
has_script() { [ -f "$INFRA/$1.sh" ]; }

status_all() {
  local server
  for server in "${SERVERS[@]}"; do
    if has_script "$server"; then bash "$INFRA/$server.sh" status; else echo "$server: no script ($INFRA/$server.sh)"; fi
  done
}

up_all() {
  local record=$1 server was_running rc
  for server in "${SERVERS[@]}"; do
    has_script "$server" || { say "skipping $server: $INFRA/$server.sh does not exist"; continue; }
    was_running=false
    running "$server" && was_running=true
    rc=0
    bash "$INFRA/$server.sh" up || rc=$?
    # Record before judging the exit code: a server that came up late or half-way must still be stopped later.
    # Only servers with a pid file count; PostgreSQL is the machine's and is never stopped from here.
    if [ -n "$record" ] && [ "$was_running" = false ] && running "$server"; then echo "$server" >>"$record"; fi
    [ "$rc" -eq 0 ] || die "$server did not start (exit $rc)"
  done
  bash "$INFRA/env.sh" --print
}

record=""
case "${1:-}" in
  "") ;;
  --status) [ $# -eq 1 ] || usage; status_all; exit 0 ;;
  --record)
    [ $# -eq 2 ] || usage
    record=$2
    # Resolve now (the server scripts do not change directory, but the file must not depend on it) and create it,
    # so `down.sh --only-from FILE` also works when every server was already running.
    case "$record" in /*) ;; *) record="$PWD/$record" ;; esac
    touch "$record" ;;
  *) usage ;;
esac
up_all "$record"
