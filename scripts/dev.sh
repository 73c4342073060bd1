#!/usr/bin/env bash
# `make dev`: starts the local servers (those not already running), creates the catalog's topics, registers
# the schemas, runs every service with readable logs, and on Ctrl-C stops the services and then the servers
# this run started. Without Twilio credentials, hotels are simulated.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup/system-deps.sh
started=.infra/dev-started
mkdir -p .infra
: >"$started"
stop_servers() { scripts/infra/down.sh --only-from "$started" || true; }
trap stop_servers EXIT
scripts/infra/up.sh --record "$started" >/dev/null
# shellcheck disable=SC1090
source <(scripts/infra/env.sh --print)

echo "[dev] creating topics and registering schemas"
node libs/contracts/dist/cli.js topics
node libs/contracts/dist/cli.js register >/dev/null

# The supervisor handles Ctrl-C for the services; this shell waits for it, then the trap stops the servers.
trap ':' INT
node scripts/dev.mjs || true
trap - INT
