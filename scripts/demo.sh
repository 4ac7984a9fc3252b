#!/usr/bin/env bash
# The demo: `pulumi up` of the root project on a local file backend, then its outputs.
# Safe to run again: the second run reports no changes.
#
# It runs against the SendGrid emulator, started here in the background with its database
# in .cache/demo/ (so the next run finds the same accounts) and stopped on exit. The engine
# runs the program and its providers in .venv because Pulumi.yaml says `virtualenv: .venv`.
# `bash scripts/demo.sh destroy` removes the demo's accounts again.
# `rm -rf .cache/demo` starts the demo from scratch.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ACTION="${1:-up}"
case "$ACTION" in
    up | destroy) ;;
    *) echo "usage: bash scripts/demo.sh [up|destroy]" >&2; exit 2 ;;
esac

# shellcheck source=bootstrap.sh
. "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"

DEMO="$ROOT/.cache/demo"
mkdir -p "$DEMO/backend"
export PULUMI_BACKEND_URL="file://$DEMO/backend"
# Pulumi.demo.yaml's encryptionsalt belongs to the empty passphrase of this local demo.
export PULUMI_CONFIG_PASSPHRASE=""

# The emulator's database and the stack's state belong together: without one, drop the other.
DB="$DEMO/emulator.db"
if [ ! -f "$DB" ] && [ -d "$DEMO/backend/.pulumi" ]; then
    echo "== no emulator database in $DEMO: starting the demo stack afresh"
    rm -rf "$DEMO/backend"
    mkdir -p "$DEMO/backend"
fi
if ! pulumi stack select demo >/dev/null 2>&1; then
    rm -f "$DB" "$DB-journal" "$DB-wal" "$DB-shm"
    pulumi stack init demo >/dev/null
fi

# The emulator, in the background; stopped however this script ends.
LOG="$DEMO/emulator.log"
"$VENV/bin/sendgrid-emulator" serve --host 127.0.0.1 --port 0 --db "$DB" >"$LOG" 2>&1 &
EMULATOR_PID=$!
stop_emulator() {
    kill "$EMULATOR_PID" 2>/dev/null || true
    wait "$EMULATOR_PID" 2>/dev/null || true
}
trap stop_emulator EXIT

URL=""
for _ in $(seq 1 200); do
    URL="$(sed -n 's/^listening on //p' "$LOG" | head -n 1)"
    [ -n "$URL" ] && break
    if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then
        echo "the emulator did not start:" >&2
        cat "$LOG" >&2
        exit 1
    fi
    sleep 0.1
done
if [ -z "$URL" ]; then
    echo "the emulator did not report its address within 20 s:" >&2
    cat "$LOG" >&2
    exit 1
fi
echo "== SendGrid emulator at $URL (database $DB)"

export SENDGRID_API_URL="$URL"
export SENDGRID_API_USER="reseller"
export SENDGRID_API_KEY="SG.emulator-key"

if [ "$ACTION" = "destroy" ]; then
    pulumi destroy --yes --stack demo
else
    pulumi up --yes --suppress-outputs --stack demo
    echo
    echo "== stack outputs"
    pulumi stack output --stack demo --json
fi
echo
echo "== what now exists in the emulator"
"$VENV/bin/python" "$ROOT/scripts/emulator_table.py" "$URL"
