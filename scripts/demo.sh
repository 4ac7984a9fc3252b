#!/usr/bin/env bash
# The demo: `pulumi up` of the root project on a local file backend, then its outputs.
# Safe to run again: the second run reports no changes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bootstrap.sh
. "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"

DEMO="$ROOT/.cache/demo"
mkdir -p "$DEMO/backend"
export PULUMI_BACKEND_URL="file://$DEMO/backend"

pulumi stack select --create demo >/dev/null
pulumi up --yes --stack demo
echo
echo "== stack outputs"
pulumi stack output --stack demo --json
