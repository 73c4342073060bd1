#!/usr/bin/env bash
# PostgreSQL: the machine's own server on $PGHOST:$PGPORT (not run from here). `up` starts it when it is down and
# local, creates the databases of DATABASE_URL and TEST_DATABASE_URL when missing, and migrates both with @folio/db.
# Usage: postgres.sh up|down|status. `down` leaves the server and its data alone.
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
NAME=postgres

ready() { pg_isready -q -h "$PGHOST" -p "$PGPORT" -t 2; }

# database_name URL: the database part of a postgres:// URL (path without its query string).
database_name() { local path=${1#*://*/}; echo "${path%%\?*}"; }

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres "$@"; }

start_local_cluster() {
  case "$PGHOST" in 127.0.0.1|localhost|::1) ;; *) die "PostgreSQL on $PGHOST:$PGPORT does not answer" ;; esac
  command -v pg_ctlcluster >/dev/null || die "PostgreSQL on $PGHOST:$PGPORT does not answer and pg_ctlcluster is missing"
  local version
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || die "PostgreSQL on $PGHOST:$PGPORT does not answer and no cluster is set up under /etc/postgresql"
  say "starting PostgreSQL $version/main"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || die "pg_ctlcluster could not start $version/main"
  wait_for $NAME 60 ready
}

ensure_database() {
  local db=$1
  [[ $db =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "unexpected database name '$db'"
  if [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
    say "creating database $db"
    psql_admin -c "CREATE DATABASE \"$db\""
  fi
}

migrate_all() {
  [ -d "$FOLIO_ROOT/node_modules/node-pg-migrate" ] || die "JS dependencies are missing: run \`make install\` first"
  # The migration runner is TypeScript in libs/db; compile it (a no-op when up to date) and run it with node.
  (cd "$FOLIO_ROOT" && node_modules/.bin/tsc -b libs/db) || die "could not compile libs/db"
  (cd "$FOLIO_ROOT" && node --input-type=module -e '
    const { migrate, describeDatabase } = await import("@folio/db");
    for (const url of process.argv.slice(1)) {
      const applied = await migrate(url);
      console.log(`${describeDatabase(url)}: ${applied.length ? "applied " + applied.join(", ") : "schema up to date"}`);
    }' "$DATABASE_URL" "$TEST_DATABASE_URL") | while IFS= read -r line; do say "$line"; done \
    || die "migrations failed"
}

up() {
  command -v pg_isready >/dev/null && command -v psql >/dev/null \
    || die "the PostgreSQL client tools (pg_isready, psql) are missing: apt-get install postgresql-client"
  if ready; then say "postgres already running on $PGHOST:$PGPORT"; else start_local_cluster; fi
  ensure_database "$(database_name "$DATABASE_URL")"
  ensure_database "$(database_name "$TEST_DATABASE_URL")"
  migrate_all
  say "postgres ready: DATABASE_URL=$DATABASE_URL TEST_DATABASE_URL=$TEST_DATABASE_URL"
}

case "${1:-}" in
  up) up ;;
  down) say "postgres is the machine's server on $PGHOST:$PGPORT; left running with its data" ;;
  status) ready && echo "postgres: running ($PGHOST:$PGPORT)" || echo "postgres: stopped ($PGHOST:$PGPORT)" ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
