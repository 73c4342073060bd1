# Shared shell helpers of the infra scripts: logging, port checks, background processes with pid files.
set -euo pipefail
# shellcheck source=env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
mkdir -p "$INFRA_DIR"

say() { printf '\033[1;34m[infra]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[infra] %s\033[0m\n' "$*" >&2; exit 1; }

# port_open PORT: true when something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for NAME SECONDS CMD...: runs CMD until it succeeds or SECONDS pass; then shows the log tail and fails.
wait_for() {
  local name=$1 secs=$2; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then
      [ -f "$INFRA_DIR/$name.log" ] && tail -n 30 "$INFRA_DIR/$name.log" >&2
      die "$name was not ready after ${secs}s (log: $INFRA_DIR/$name.log)"
    fi
    if [ -f "$INFRA_DIR/$name.pid" ] && ! kill -0 "$(cat "$INFRA_DIR/$name.pid")" 2>/dev/null; then
      [ -f "$INFRA_DIR/$name.log" ] && tail -n 30 "$INFRA_DIR/$name.log" >&2
      die "$name exited while starting (log: $INFRA_DIR/$name.log)"
    fi
    sleep 0.5
  done
}

# running NAME: true when the process recorded in NAME.pid is alive.
running() { [ -f "$INFRA_DIR/$1.pid" ] && kill -0 "$(cat "$INFRA_DIR/$1.pid")" 2>/dev/null; }

# start_bg NAME CMD...: starts CMD detached in its own session, logging to .infra/NAME.log.
start_bg() {
  local name=$1; shift
  setsid "$@" >"$INFRA_DIR/$name.log" 2>&1 < /dev/null &
  echo $! >"$INFRA_DIR/$name.pid"
}

# stop_bg NAME: SIGTERM, then SIGKILL after 20 s, for the process group started by start_bg.
stop_bg() {
  local name=$1 pid
  running "$name" || { rm -f "$INFRA_DIR/$name.pid"; return 0; }
  pid=$(cat "$INFRA_DIR/$name.pid")
  say "stopping $name (pid $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$INFRA_DIR/$name.pid"
}

# maven_classpath PROFILE: resolves the profile's runtime classpath from Maven Central into ~/.m2 (cached).
maven_classpath() {
  local profile=$1 out="$INFRA_DIR/$1.classpath" pom="$FOLIO_ROOT/scripts/infra/jvm/pom.xml"
  if [ ! -s "$out" ] || [ "$pom" -nt "$out" ]; then
    command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch the $profile jars"
    say "resolving $profile jars through Maven"
    mvn -q -B -f "$pom" -P "$profile" dependency:build-classpath -Dmdep.outputFile="$out" >&2 \
      || die "Maven could not resolve the $profile jars"
  fi
  cat "$out"
}
