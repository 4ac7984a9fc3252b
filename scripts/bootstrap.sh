#!/usr/bin/env bash
# Idempotent set-up for the demo and the tests: the virtualenv, the packages, the Pulumi engine.
#
# Source it (`. scripts/bootstrap.sh`): it sets VENV (the virtualenv; call its tools by path,
# "$VENV/bin/python"), puts the engine first on PATH and exports the Pulumi settings for an
# offline run. It activates no virtualenv and sets no PULUMI_PYTHON_CMD: the engine finds the
# virtualenv from the project's `virtualenv` runtime option, as it does for any user's project.
# Safe to run again: each step is skipped when its result is already there and up to date.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${SENDGRID_RESELLER_VENV:-$ROOT/.venv}"
PYTHON="${PYTHON:-python3}"
STAMP_DIR="$ROOT/.cache"
mkdir -p "$STAMP_DIR"

_log() { echo "[bootstrap] $*" >&2; }

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    _log "error: Python 3.11 or newer is required (tried '$PYTHON'); set PYTHON=/path/to/python3.11"
    exit 1
fi

# 1. The virtualenv.
if [ ! -x "$VENV/bin/python" ]; then
    _log "creating virtualenv $VENV"
    "$PYTHON" -m venv "$VENV"
fi

# 2. The packages, with the Pulumi SDK at the engine's version (constraints.txt).
#
#    The project is installed in editable mode, so that the tests, the demo and the engine's
#    provider processes import provider/ itself: an edit is what the next run imports, and
#    no installed copy can go stale. An editable install alone hides pulumi-plugin.json from
#    the Python language host, which looks for <site-packages>/pulumi_sendgrid_reseller/
#    pulumi-plugin.json for every distribution named pulumi-* (without it, the engine looks
#    for a `sendgrid-reseller` plugin binary that does not exist). So site-packages gets a
#    link pulumi_sendgrid_reseller -> provider/pulumi_sendgrid_reseller: the host reads the
#    real file, and Python imports the source through the link. tests/conftest.py stops the
#    run when the package is imported from anywhere else.
deps_hash="$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP_DIR/deps.stamp" 2>/dev/null)" != "$deps_hash" ]; then
    _log "installing pulumi-sendgrid-reseller (editable) and its dependencies into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip >&2
    "$VENV/bin/python" -m pip install -q -c "$ROOT/constraints.txt" -e "$ROOT[dev]" >&2
    rm -rf "$ROOT/build"
    echo "$deps_hash" > "$STAMP_DIR/deps.stamp"
fi
site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
if [ "$(readlink "$site/pulumi_sendgrid_reseller" 2>/dev/null)" != "$ROOT/provider/pulumi_sendgrid_reseller" ]; then
    rm -rf "$site/pulumi_sendgrid_reseller"
    ln -s "$ROOT/provider/pulumi_sendgrid_reseller" "$site/pulumi_sendgrid_reseller"
fi

# 3. The Pulumi engine, first on PATH (as a user's installed `pulumi` is).
ENGINE_BIN="$(bash "$ROOT/scripts/install-pulumi.sh")"

export PATH="$ENGINE_BIN:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_HOME="${PULUMI_HOME:-$ROOT/.cache/pulumi-home}"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-}"
