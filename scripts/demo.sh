#!/usr/bin/env bash
# The demo: `pulumi up` of the root project on a local file backend, then its outputs.
# Safe to run again: the second run reports no changes.
#
# It runs against the SendGrid emulator and a local DNS server (python -m localdns), started
# here in the background with their data in .cache/demo/ (so the next run finds the same
# accounts and records) and stopped on exit. The engine
# runs the program and its providers in .venv because Pulumi.yaml says `virtualenv: .venv`.
# A local webhook receiver is started too: after `up`, the emulator sends a signed test event
# to each webhook, and the receiver verifies it with the stack's `public_key` output.
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

# The emulator's database, the DNS server's records and the stack's state belong together:
# without one, drop the others.
DB="$DEMO/emulator.db"
DNS_DATA="$DEMO/dns.json"
if { [ ! -f "$DB" ] || [ ! -f "$DNS_DATA" ]; } && [ -d "$DEMO/backend/.pulumi" ]; then
    echo "== no emulator database or DNS records in $DEMO: starting the demo stack afresh"
    rm -rf "$DEMO/backend"
    mkdir -p "$DEMO/backend"
fi
if ! pulumi stack select demo >/dev/null 2>&1; then
    rm -f "$DB" "$DB-journal" "$DB-wal" "$DB-shm" "$DNS_DATA"
    pulumi stack init demo >/dev/null
fi

# The local servers run in the background and are stopped however this script ends.
SERVER_PIDS=()
stop_servers() {
    for pid in "${SERVER_PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
}
trap stop_servers EXIT

# wait_for NAME PID LOG PREFIX: print what follows PREFIX on the first such line of LOG.
wait_for() {
    local line=""
    for _ in $(seq 1 200); do
        line="$(sed -n "s/^$4//p" "$3" | head -n 1)"
        [ -n "$line" ] && { echo "$line"; return 0; }
        if ! kill -0 "$2" 2>/dev/null; then
            echo "the $1 did not start:" >&2
            cat "$3" >&2
            return 1
        fi
        sleep 0.1
    done
    echo "the $1 did not report its address within 20 s:" >&2
    cat "$3" >&2
    return 1
}

# The local DNS server: the tenants' DNS records are made in it, and the emulator validates
# them against it. Its records are kept in $DNS_DATA between runs.
DNS_LOG="$DEMO/dns.log"
"$VENV/bin/python" -m localdns serve --port 0 --http-port 0 --data "$DNS_DATA" >"$DNS_LOG" 2>&1 &
DNS_PID=$!
SERVER_PIDS+=("$DNS_PID")
DNS_LINE="$(wait_for "DNS server" "$DNS_PID" "$DNS_LOG" "listening ")"
DNS_ADDRESS="$(echo "$DNS_LINE" | sed -n 's/.*dns=\([^ ]*\).*/\1/p')"
export LOCALDNS_API_URL="$(echo "$DNS_LINE" | sed -n 's/.*http=\([^ ]*\).*/\1/p')"
echo "== local DNS server at $DNS_ADDRESS (API $LOCALDNS_API_URL, records $DNS_DATA)"

# The emulator.
LOG="$DEMO/emulator.log"
"$VENV/bin/sendgrid-emulator" serve --host 127.0.0.1 --port 0 --db "$DB" \
    --dns-resolver "$DNS_ADDRESS" >"$LOG" 2>&1 &
EMULATOR_PID=$!
SERVER_PIDS+=("$EMULATOR_PID")
URL="$(wait_for emulator "$EMULATOR_PID" "$LOG" "listening on ")"
echo "== SendGrid emulator at $URL (database $DB)"

export SENDGRID_API_URL="$URL"
export SENDGRID_API_USER="reseller"
export SENDGRID_API_KEY="SG.emulator-key"

# The local receiver of the demo's signed event webhooks (Pulumi.demo.yaml names its URL),
# in the background; stopped however this script ends. It verifies each event it receives
# with the public key the stack outputs.
RECEIVER_PORT="$("$VENV/bin/python" - "$ROOT/Pulumi.demo.yaml" <<'PY'
import sys
import urllib.parse

import yaml

tenants = yaml.safe_load(open(sys.argv[1]))["config"]["sendgrid-reseller-demo:tenants"]
ports = {
    urllib.parse.urlparse(hook["url"]).port
    for tenant in tenants
    for hook in (tenant.get("event_webhooks") or {}).values()
    if urllib.parse.urlparse(hook["url"]).hostname == "127.0.0.1"
}
print(ports.pop() if len(ports) == 1 else "")
PY
)"
RECEIVER_PID=""
if [ -n "$RECEIVER_PORT" ] && [ "$ACTION" = "up" ]; then
    RECEIVER_LOG="$DEMO/receiver.log"
    "$VENV/bin/python" -m webhook_receiver serve --port "$RECEIVER_PORT" --quiet \
        >"$RECEIVER_LOG" 2>&1 &
    RECEIVER_PID=$!
    SERVER_PIDS+=("$RECEIVER_PID")
    RECEIVER_URL="$(wait_for "webhook receiver" "$RECEIVER_PID" "$RECEIVER_LOG" "listening on ")"
    echo "== event webhook receiver at $RECEIVER_URL"
fi

if [ "$ACTION" = "destroy" ]; then
    pulumi destroy --yes --stack demo
else
    pulumi up --yes --suppress-outputs --stack demo
    echo
    echo "== stack outputs"
    pulumi stack output --stack demo --json | tee "$DEMO/outputs.json"
    if [ -n "$RECEIVER_PID" ]; then
        echo
        echo "== a signed test event from SendGrid (the emulator) to each webhook's receiver"
        "$VENV/bin/python" - "$DEMO/outputs.json" >"$DEMO/webhooks.tsv" <<'PY'
import json
import sys

for hook in json.load(open(sys.argv[1]))["event_webhooks"].values():
    print(hook["webhook_id"], hook["url"], hook["on_behalf_of"], hook["public_key"], sep="\t")
PY
        while IFS=$'\t' read -r HOOK_ID HOOK_URL OWNER PUBLIC_KEY; do
            "$VENV/bin/python" -m webhook_receiver send-test --url "$HOOK_URL" \
                --webhook-id "$HOOK_ID" --on-behalf-of "$OWNER"
            echo "== the receiver checks the event with the stack output public_key"
            "$VENV/bin/python" -m webhook_receiver report --url "$RECEIVER_URL" \
                --public-key "$PUBLIC_KEY" --expect 1
            echo "== verified: the signed test event of webhook $HOOK_ID, with its public_key"
        done <"$DEMO/webhooks.tsv"
    fi
fi
echo
echo "== what now exists in the emulator"
"$VENV/bin/python" "$ROOT/scripts/emulator_table.py" "$URL"
