#!/usr/bin/env bash
# Benchmarks of the provider against the SendGrid emulator: overhead against the engine's own
# floor, SendGrid calls per operation, scale to 1000 resources. Prints tables, then ONE line
# of JSON with every figure. Nothing is asserted: figures are printed.
#
#   bash scripts/bench.sh            # N = 25, 100 and 250 tenants (4 resources each); 15-20 min
#   bash scripts/bench.sh --quick    # N = 5 and 10, to try things out; about 2 min
#   bash scripts/bench.sh --help     # every option of `python -m bench`
#
# Set-up, chosen by BENCH_SETUP:
#   auto (default)  reuse .venv and the engine in .cache/ when the package is installed there
#                   in editable mode (a development checkout: nothing is reinstalled);
#                   otherwise as `bootstrap`.
#   bootstrap       source scripts/bootstrap.sh first (creates .venv, installs the package and
#                   the Pulumi engine; what a fresh machine or a CI job needs).
#   reuse           use .venv and .cache/pulumi-<version>/bin as they are, never install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SETUP="${BENCH_SETUP:-auto}"
VENV="${SENDGRID_RESELLER_VENV:-$ROOT/.venv}"
ENGINE_BIN="$(sed -n 's/^PULUMI_VERSION="\(.*\)"$/\1/p' "$ROOT/scripts/install-pulumi.sh")"
ENGINE_BIN="${PULUMI_ENGINE_CACHE:-$ROOT/.cache/pulumi-$ENGINE_BIN}/bin"

editable_checkout() {  # the venv imports the package from this checkout's provider/ folder
    [ -x "$VENV/bin/python" ] && [ -x "$ENGINE_BIN/pulumi" ] &&
        [ "$("$VENV/bin/python" -c 'import pathlib, pulumi_sendgrid_reseller as p
print(pathlib.Path(p.__file__).resolve().parents[1])' 2>/dev/null)" = "$ROOT/provider" ]
}

case "$SETUP" in
    auto) editable_checkout && SETUP=reuse || SETUP=bootstrap ;;
    bootstrap | reuse) ;;
    *) echo "bench.sh: BENCH_SETUP must be auto, bootstrap or reuse (not '$SETUP')" >&2; exit 2 ;;
esac

if [ "$SETUP" = bootstrap ]; then
    # shellcheck source=bootstrap.sh
    . "$ROOT/scripts/bootstrap.sh"
else
    if [ ! -x "$VENV/bin/python" ] || [ ! -x "$ENGINE_BIN/pulumi" ]; then
        echo "bench.sh: BENCH_SETUP=reuse needs $VENV and $ENGINE_BIN/pulumi;" \
            "run with BENCH_SETUP=bootstrap once" >&2
        exit 2
    fi
    export PATH="$ENGINE_BIN:$PATH"
    export PULUMI_SKIP_UPDATE_CHECK=true
    export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-}"
fi

cd "$ROOT"
echo "[bench] setup: $SETUP; pulumi $(pulumi version); $("$VENV/bin/python" --version)" >&2
exec "$VENV/bin/python" -m bench "$@"
