#!/usr/bin/env bash
# `pulumi preview` of a SendGrid project, as a pull-request check.
#
#   bash preview.sh [--emulator | --sendgrid] [--project DIR] [--stack NAME]
#
# --emulator (default): previews against a SendGrid emulator started here in the background
#   (with an in-memory database) and stopped on exit; or against the one at $EMULATOR_URL.
#   Unless PULUMI_BACKEND_URL is set, the state is a fresh file backend in a temporary
#   folder and the project is previewed from a temporary copy, so the checkout is untouched:
#   the preview then shows every resource of the stack as a create.
# --sendgrid: previews against the real SendGrid with SENDGRID_API_USER / SENDGRID_API_KEY
#   (from CI secrets) and the stack's real state (PULUMI_BACKEND_URL, required).
#
# Needs `pulumi` on PATH and pulumi-sendgrid-reseller[emulator] installed in the project's
# virtualenv (venv/ beside its Pulumi.yaml, as its `virtualenv` option says; the engine runs
# the program there). The emulator runs from that virtualenv too ($PYTHON overrides it).
# When GITHUB_STEP_SUMMARY is set (GitHub Actions), the preview is also written to the job
# summary. The exit status is the preview's.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODE="emulator"
PROJECT="$HERE/infra"
STACK="ci"

while [ $# -gt 0 ]; do
    case "$1" in
        --emulator) MODE="emulator" ;;
        --sendgrid) MODE="sendgrid" ;;
        --project) PROJECT="$2"; shift ;;
        --stack) STACK="$2"; shift ;;
        -h | --help) sed -n '2,20p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "preview.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done

export PULUMI_SKIP_UPDATE_CHECK=true
command -v pulumi >/dev/null || { echo "preview.sh: pulumi is not on PATH" >&2; exit 1; }
[ -f "$PROJECT/Pulumi.yaml" ] || { echo "preview.sh: no Pulumi.yaml in $PROJECT" >&2; exit 1; }
PROJECT="$(cd "$PROJECT" && pwd)"
PYTHON="${PYTHON:-$PROJECT/venv/bin/python}"

SCRATCH="$(mktemp -d)"
EMULATOR_PID=""
cleanup() {
    if [ -n "$EMULATOR_PID" ]; then
        kill "$EMULATOR_PID" 2>/dev/null || true
        wait "$EMULATOR_PID" 2>/dev/null || true
    fi
    rm -rf "$SCRATCH"
}
trap cleanup EXIT

if [ "$MODE" = "emulator" ]; then
    if [ -n "${EMULATOR_URL:-}" ]; then
        URL="$EMULATOR_URL"
    else
        "$PYTHON" -m sendgrid_emulator serve --host 127.0.0.1 --port 0 --db :memory: \
            >"$SCRATCH/emulator.log" 2>&1 &
        EMULATOR_PID=$!
        URL=""
        for _ in $(seq 1 200); do
            URL="$(sed -n 's/^listening on //p' "$SCRATCH/emulator.log" | head -n 1)"
            [ -n "$URL" ] && break
            if ! kill -0 "$EMULATOR_PID" 2>/dev/null; then
                echo "preview.sh: the emulator did not start:" >&2
                cat "$SCRATCH/emulator.log" >&2
                exit 1
            fi
            sleep 0.1
        done
        [ -n "$URL" ] || { echo "preview.sh: the emulator did not start in 20 s" >&2; exit 1; }
    fi
    echo "== SendGrid emulator at $URL"
    export SENDGRID_API_URL="$URL"
    export SENDGRID_API_USER="${EMULATOR_API_USER:-reseller}"
    export SENDGRID_API_KEY="${EMULATOR_API_KEY:-SG.emulator-key}"
    if [ -z "${PULUMI_BACKEND_URL:-}" ]; then
        mkdir -p "$SCRATCH/backend"
        export PULUMI_BACKEND_URL="file://$SCRATCH/backend"
        export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-}"
        cp -R "$PROJECT" "$SCRATCH/$(basename "$PROJECT")"
        PROJECT="$SCRATCH/$(basename "$PROJECT")"
    fi
    if ! pulumi stack select --create "$STACK" --cwd "$PROJECT" >"$SCRATCH/select.log" 2>&1; then
        cat "$SCRATCH/select.log" >&2
        exit 1
    fi
else
    for name in SENDGRID_API_USER SENDGRID_API_KEY PULUMI_BACKEND_URL; do
        if [ -z "${!name:-}" ]; then
            echo "preview.sh: --sendgrid needs $name (a CI secret)" >&2
            exit 1
        fi
    done
    case "${SENDGRID_API_URL:-https://api.sendgrid.com}" in
        https://*) ;;
        *) echo "preview.sh: SENDGRID_API_URL must be https for --sendgrid" >&2; exit 1 ;;
    esac
    echo "== SendGrid at ${SENDGRID_API_URL:-https://api.sendgrid.com} as $SENDGRID_API_USER"
    if ! pulumi stack select "$STACK" --cwd "$PROJECT" >"$SCRATCH/select.log" 2>&1; then
        cat "$SCRATCH/select.log" >&2
        exit 1
    fi
fi

echo "== pulumi preview (project $(basename "$PROJECT"), stack $STACK)"
set +e
pulumi preview --stack "$STACK" --cwd "$PROJECT" --diff --color never 2>&1 | tee "$SCRATCH/preview.txt"
STATUS=${PIPESTATUS[0]}
set -e

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    {
        echo "### SendGrid preview ($MODE, stack \`$STACK\`): $([ "$STATUS" -eq 0 ] && echo ok || echo failed)"
        echo
        echo '```'
        cat "$SCRATCH/preview.txt"
        echo '```'
    } >>"$GITHUB_STEP_SUMMARY"
fi
exit "$STATUS"
