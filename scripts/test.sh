#!/usr/bin/env bash
# The whole test suite: installs what it needs, then lint, types, and every test.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -k customer`).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bootstrap.sh
. "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"

echo "== pulumi $(pulumi version) ($(head -n1 "$(dirname "$(command -v pulumi)")/VERSIONS" 2>/dev/null || echo 'from PATH'))"
echo "== ruff"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
echo "== mypy"
"$VENV/bin/mypy"
"$VENV/bin/mypy" --strict docs/examples  # the reference pages' example programs, as a user's
echo "== pytest"
exec "$VENV/bin/pytest" -v -p no:cacheprovider "$@"
