#!/usr/bin/env bash
# Installs the Debian packages the tests and local runs need when they are missing: Maven and a JDK for the
# JVM servers, kcat and python3-avro for the outside-producer test. Safe to run again; installs nothing when
# everything is there.
set -euo pipefail

need=()
command -v java >/dev/null || need+=(default-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
command -v kcat >/dev/null || need+=(kcat)
/usr/bin/python3 -c 'import avro.schema' >/dev/null 2>&1 || need+=(python3-avro)
command -v pg_isready >/dev/null || need+=(postgresql-client)

[ ${#need[@]} -eq 0 ] && exit 0
echo "[setup] installing Debian packages: ${need[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
