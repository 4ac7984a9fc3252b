#!/usr/bin/env bash
# Idempotent set-up for the demo and the tests: the virtualenv, the packages, the Pulumi engine.
#
# Source it (`. scripts/bootstrap.sh`): it exports PATH (engine + venv first), VIRTUAL_ENV and
# the Pulumi settings for an offline run. Safe to run again: each step is skipped when its
# result is already there and up to date.
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

# 2. The packages. The project itself is installed as a regular (non-editable) package, as users
#    install it: the Pulumi language host reads pulumi-plugin.json from the installed package.
#    Reinstalled only when pyproject.toml or a file under provider/ changed.
src_hash="$(cd "$ROOT" && { cat pyproject.toml; find provider -type f ! -name '*.pyc' ! -path '*/__pycache__/*' ! -path '*.egg-info*' -print0 | sort -z | xargs -0 sha256sum; } | sha256sum | cut -d' ' -f1)"
deps_hash="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"
if [ "$(cat "$STAMP_DIR/deps.stamp" 2>/dev/null)" != "$deps_hash" ]; then
    _log "installing dependencies into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip >&2
    "$VENV/bin/python" -m pip install -q "$ROOT[dev]" >&2
    echo "$deps_hash" > "$STAMP_DIR/deps.stamp"
    rm -f "$STAMP_DIR/src.stamp"
fi
if [ "$(cat "$STAMP_DIR/src.stamp" 2>/dev/null)" != "$src_hash" ]; then
    _log "installing pulumi-sendgrid-reseller from $ROOT"
    "$VENV/bin/python" -m pip install -q --no-deps --force-reinstall "$ROOT" >&2
    rm -rf "$ROOT/build"
    echo "$src_hash" > "$STAMP_DIR/src.stamp"
fi

# 3. The Pulumi engine.
ENGINE_BIN="$(bash "$ROOT/scripts/install-pulumi.sh")"

export VIRTUAL_ENV="$VENV"
export PATH="$ENGINE_BIN:$VENV/bin:$PATH"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_HOME="${PULUMI_HOME:-$ROOT/.cache/pulumi-home}"
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-}"
# The Python language host and the dynamic-provider host run this interpreter.
export PULUMI_PYTHON_CMD="$VENV/bin/python"
