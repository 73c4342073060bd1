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

# registry_java MIN: a java binary of version MIN or newer: REGISTRY_JAVA when set (and only it), else JAVA_HOME,
# the java on PATH and the JDKs under /usr/lib/jvm. Fails quietly when there is none.
registry_java() {
  local min=$1 candidates=() bin major
  if [ -n "${REGISTRY_JAVA:-}" ]; then
    candidates=("$REGISTRY_JAVA")
  else
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
    command -v java >/dev/null && candidates+=("$(command -v java)")
    for bin in /usr/lib/jvm/*/bin/java; do candidates+=("$bin"); done
  fi
  for bin in "${candidates[@]}"; do
    [ -x "$bin" ] || continue
    major=$(java_major "$bin")
    if [ -n "$major" ] && [ "$major" -ge "$min" ] 2>/dev/null; then echo "$bin"; return 0; fi
  done
  return 1
}

# Apicurio 3.0.9 for machines with only Java 17. Its parent POM is not on Maven Central, so the profile route
# (which reads the artifact's descriptor) fails; dependency:copy fetches the single archive without it.
LEGACY_GAV=io.apicurio:apicurio-registry-app:3.0.9:tar.gz:all

# registry_archive PROFILE: the path of the Quarkus archive for the profile, fetched into ~/.m2 when missing.
registry_archive() {
  if [ "$1" = registry ]; then maven_classpath registry; return; fi
  local out="$INFRA_DIR/artifacts"
  if [ ! -f "$out/apicurio-registry-app-3.0.9-all.tar.gz" ]; then
    say "fetching $LEGACY_GAV through Maven"
    mvn -q -B dependency:copy "-Dartifact=$LEGACY_GAV" "-DoutputDirectory=$out" >&2 || die "Maven could not fetch $LEGACY_GAV"
  fi
  echo "$out/apicurio-registry-app-3.0.9-all.tar.gz"
}

# unpack_app PROFILE: unpacks the Quarkus archive of the profile once per version; prints its directory.
unpack_app() {
  local archive app
  archive=$(registry_archive "$1")
  [ -f "$archive" ] || die "Maven did not resolve the registry archive (got: $archive)"
  app="$DIR/app/$(basename "$archive" .tar.gz)"
  if [ ! -f "$app/.unpacked" ]; then
    say "unpacking $(basename "$archive")"
    rm -rf "$app" && mkdir -p "$app"
    tar -xzf "$archive" -C "$app" || die "could not unpack $archive"
    touch "$app/.unpacked"
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
  local java app profile jar candidate
  # Apicurio 3.3 is compiled for Java 21; where only Java 17 exists, 3.0.9 (the last line built for 17) runs.
  if java=$(registry_java 21); then
    profile=registry
  elif java=$(registry_java 17); then
    profile=registry-java17
    say "no Java 21 or newer found; running Apicurio 3.0.9 on Java 17 (set REGISTRY_JAVA to choose)"
  else
    die "Apicurio Registry needs Java 17 or newer; none found (set REGISTRY_JAVA to a java binary)"
  fi
  app=$(unpack_app "$profile")
  # 3.3 ships Quarkus' fast-jar layout (quarkus-run.jar), 3.0 the legacy one (<name>-runner.jar).
  jar=""
  for candidate in "$app"/quarkus-run.jar "$app"/*-runner.jar; do [ -f "$candidate" ] && { jar=$candidate; break; }; done
  [ -n "$jar" ] || die "no runnable jar in $app"
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
  start_bg $NAME "$java" "${opts[@]}" -jar "$jar"
  wait_for $NAME 120 answers
  say "registry ready: SCHEMA_REGISTRY_URL=$BASE_URL/apis/ccompat/v7"
}

case "${1:-}" in
  up) up ;;
  down) stop_bg $NAME; [ "${2:-}" = "--wipe" ] && rm -rf "$DIR/data" || true ;;
  status) running $NAME && echo "registry: running ($BASE_URL/apis/ccompat/v7)" || echo "registry: stopped" ;;
  *) echo "usage: $0 up|down [--wipe]|status" >&2; exit 2 ;;
esac
