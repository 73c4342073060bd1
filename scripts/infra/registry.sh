#!/usr/bin/env bash
# Apicurio Registry with its Confluent-compatible API (SCHEMA_REGISTRY_URL = .../apis/ccompat/v7), from Maven Central.
# Usage: registry.sh up|down [--wipe]|status. Schemas live in an H2 file under .infra/registry, so ids stay valid
# for the Avro messages Kafka keeps across restarts; `down --wipe` removes them. See docs/adr/0002-schema-registry.md.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
NAME=registry
DIR="$INFRA_DIR/registry"
# Quarkus serves health and metrics on a second port; keep it on loopback next to the API port.
REGISTRY_MANAGEMENT_PORT="${REGISTRY_MANAGEMENT_PORT:-$((REGISTRY_PORT + 1))}"
BASE_URL="http://127.0.0.1:$REGISTRY_PORT"

# java_major BIN: the feature version (17, 21, 25 ...) of the java binary BIN.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

# registry_java: a java binary of version 21 or newer (Apicurio 3.3 is compiled for 21). REGISTRY_JAVA wins,
# then JAVA_HOME, the java on PATH and the JDKs under /usr/lib/jvm.
registry_java() {
  local candidates=() bin major
  [ -n "${REGISTRY_JAVA:-}" ] && candidates+=("$REGISTRY_JAVA")
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null && candidates+=("$(command -v java)")
  for bin in /usr/lib/jvm/*/bin/java; do candidates+=("$bin"); done
  for bin in "${candidates[@]}"; do
    [ -x "$bin" ] || continue
    major=$(java_major "$bin")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then echo "$bin"; return 0; fi
  done
  die "Apicurio Registry needs Java 21 or newer; none found (set REGISTRY_JAVA to a java binary)"
}

# unpack_app: unpacks the Quarkus fast-jar archive resolved by Maven once per version; prints its directory.
unpack_app() {
  local archive app
  archive=$(maven_classpath registry)
  [ -f "$archive" ] || die "Maven did not resolve the registry archive (got: $archive)"
  app="$DIR/app/$(basename "$archive" .tar.gz)"
  if [ ! -f "$app/quarkus-run.jar" ]; then
    say "unpacking $(basename "$archive")"
    rm -rf "$app" && mkdir -p "$app"
    tar -xzf "$archive" -C "$app" || die "could not unpack $archive"
  fi
  echo "$app"
}

answers() { curl -fsS -o /dev/null --max-time 2 "$BASE_URL/apis/ccompat/v7/subjects"; }

up() {
  if running $NAME; then say "registry already running on $BASE_URL"; return 0; fi
  port_open "$REGISTRY_PORT" && die "port $REGISTRY_PORT is taken by another process; set REGISTRY_PORT"
  port_open "$REGISTRY_MANAGEMENT_PORT" \
    && die "port $REGISTRY_MANAGEMENT_PORT is taken by another process; set REGISTRY_MANAGEMENT_PORT"
  command -v curl >/dev/null || die "curl is needed to check that the registry answers"
  local java app
  java=$(registry_java)
  app=$(unpack_app)
  mkdir -p "$DIR/data" "$DIR/tmp"
  local opts=(-Xms64m -Xmx512m -XX:+UseSerialGC -Djava.awt.headless=true
    -Djava.util.logging.manager=org.jboss.logmanager.LogManager
    "-Djava.io.tmpdir=$DIR/tmp"
    -Dquarkus.http.host=127.0.0.1 "-Dquarkus.http.port=$REGISTRY_PORT"
    -Dquarkus.management.host=127.0.0.1 "-Dquarkus.management.port=$REGISTRY_MANAGEMENT_PORT"
    # One access-log line per request is noise in .infra/registry.log; warnings and errors stay.
    -Dquarkus.http.access-log.enabled=false
    # H2 in a file instead of the default in-memory database, so a restart keeps the ids.
    "-Dapicurio.datasource.url=jdbc:h2:file:$DIR/data/registry;DB_CLOSE_ON_EXIT=FALSE"
    "-Dapicurio.storage.snapshot.location=$DIR/tmp" "-Dapicurio.import.work-dir=$DIR/tmp"
    # Confluent enforces BACKWARD on registration unless told otherwise; Apicurio enforces nothing by default.
    -Dapicurio.rules.global.compatibility=BACKWARD)
  say "starting Apicurio Registry ($(basename "$app"), java $(java_major "$java")) on $BASE_URL"
  start_bg $NAME "$java" "${opts[@]}" -jar "$app/quarkus-run.jar"
  wait_for $NAME 120 answers
  say "registry ready: SCHEMA_REGISTRY_URL=$BASE_URL/apis/ccompat/v7"
}

case "${1:-}" in
  up) up ;;
  down) stop_bg $NAME; [ "${2:-}" = "--wipe" ] && rm -rf "$DIR/data" || true ;;
  status) running $NAME && echo "registry: running ($BASE_URL/apis/ccompat/v7)" || echo "registry: stopped" ;;
  *) echo "usage: $0 up|down [--wipe]|status" >&2; exit 2 ;;
esac
