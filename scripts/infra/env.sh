# Loopback addresses and ports of the local infrastructure; every value can be overridden from the environment.
# Sourced by the infra scripts and printed as exports by `scripts/infra/env.sh --print` for tests and services.
FOLIO_ROOT="${FOLIO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
INFRA_DIR="${INFRA_DIR:-$FOLIO_ROOT/.infra}"
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
REGISTRY_PORT="${REGISTRY_PORT:-18081}"
S3_PORT="${S3_PORT:-19000}"
SMTP_PORT="${SMTP_PORT:-13025}"
IMAP_PORT="${IMAP_PORT:-13143}"
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"

export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
export SCHEMA_REGISTRY_URL="${SCHEMA_REGISTRY_URL:-http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7}"
export DATABASE_URL="${DATABASE_URL:-postgres://$PGUSER@$PGHOST:$PGPORT/folio}"
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://$PGUSER@$PGHOST:$PGPORT/folio_test}"
export S3_ENDPOINT="${S3_ENDPOINT:-http://127.0.0.1:$S3_PORT}"
export S3_REGION="${S3_REGION:-us-east-1}"
export S3_ACCESS_KEY_ID="${S3_ACCESS_KEY_ID:-folio-local}"
export S3_SECRET_ACCESS_KEY="${S3_SECRET_ACCESS_KEY:-folio-local-secret}"
export SMTP_HOST="${SMTP_HOST:-127.0.0.1}"
export SMTP_PORT
export IMAP_HOST="${IMAP_HOST:-127.0.0.1}"
export IMAP_PORT

if [ "${1:-}" = "--print" ]; then
  for v in KAFKA_BROKERS SCHEMA_REGISTRY_URL DATABASE_URL TEST_DATABASE_URL S3_ENDPOINT S3_REGION S3_ACCESS_KEY_ID \
           S3_SECRET_ACCESS_KEY SMTP_HOST SMTP_PORT IMAP_HOST IMAP_PORT; do
    printf 'export %s=%q\n' "$v" "${!v}"
  done
fi
