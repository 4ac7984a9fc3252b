#!/usr/bin/env bash
# Install the Pulumi engine this project pins: the `pulumi` CLI, the Python language host
# (`pulumi-language-python`) and the two helper scripts of the Python SDK.
#
# - If a `pulumi` of the pinned version (or newer) is on PATH with its Python language host
#   beside it, that one is used.
# - Otherwise the engine is built from the Go modules of the pinned release with the Go
#   toolchain, into .cache/pulumi-<version>/ inside the repository (ignored by git):
#     bin/      what the engine runs: pulumi, pulumi-language-python,
#               pulumi-resource-pulumi-python (put bin/ on PATH)
#     libexec/  the real hosts behind the runtime-options shim (scripts/engine/), when the
#               Python language host had to be built from an older SDK release
#   bin/VERSIONS records what was built, with a stamp of scripts/engine/: a cache built by
#   an older version of this script (or of the shim) is rebuilt, reusing the CLI binary.
# - A second run with the cache present only checks the versions and returns.
#
# Prints, as its only line on stdout, the folder that holds `pulumi`; callers put it first
# on PATH. Progress goes to stderr.
set -euo pipefail

PULUMI_VERSION="3.259.0"
# The commit of the pkg/v3.259.0 tag and its time: the Python language host module has no
# tags of its own, so it is addressed by the pseudo-version of that commit.
PULUMI_COMMIT="a05d88f24d05726fa3beae771bfdedb0c0c6a94a"
PULUMI_COMMIT_TIME="20260820084410"
# The newest release whose sdk/v3 module still contains the Python language host as a
# package. Used only when the host module of the pinned release cannot be downloaded.
FALLBACK_HOST_SDK_VERSION="3.79.0"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${PULUMI_ENGINE_CACHE:-$ROOT/.cache/pulumi-$PULUMI_VERSION}"
BIN="$CACHE/bin"
STAGE="$CACHE.tmp"
CLI_MODULE="github.com/pulumi/pulumi/pkg/v3"
SDK_MODULE="github.com/pulumi/pulumi/sdk/v3"
HOST_MODULE="github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3"
HELPERS="pulumi-language-python-exec pulumi-resource-pulumi-python"
SHIM_SRC="$ROOT/scripts/engine"
# Changes whenever the shim's sources (or this script's layout) change: caches built before
# are rebuilt. Machines and CI jobs keep .cache/ between runs, so this must not be skipped.
LAYOUT=2
SHIM_STAMP="layout $LAYOUT; shim $(cat "$SHIM_SRC/go.mod" "$SHIM_SRC/go.sum" "$SHIM_SRC"/*.go | sha256sum | cut -c1-16)"

log() { echo "[install-pulumi] $*" >&2; }

version_ge() {  # version_ge A B: true when A >= B (dotted numbers)
    [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

engine_ok() {  # engine_ok DIR: DIR has every piece, and its pulumi is the pinned version or newer
    local dir="$1" v f
    for f in pulumi pulumi-language-python $HELPERS; do
        [ -x "$dir/$f" ] || return 1
    done
    v="$("$dir/pulumi" version 2>/dev/null | tr -d 'v\r' | head -n1)" || return 1
    [ -n "$v" ] && version_ge "$v" "$PULUMI_VERSION"
}

cache_current() {  # the repository cache is complete and built by this script's version
    engine_ok "$BIN" && grep -qxF "$SHIM_STAMP" "$BIN/VERSIONS" 2>/dev/null
}

# 1. The repository cache.
if cache_current; then
    log "using $("$BIN/pulumi" version) from $BIN"
    echo "$BIN"
    exit 0
fi

# 2. A pulumi already on PATH (a released Pulumi: its Python language host reads the runtime
#    options itself).
if existing="$(command -v pulumi 2>/dev/null)"; then
    dir="$(cd "$(dirname "$(readlink -f "$existing")")" && pwd)"
    # A folder with VERSIONS was built by (some version of) this script: only a current one.
    if [ "$dir" != "$BIN" ] && engine_ok "$dir" &&
        { [ ! -f "$dir/VERSIONS" ] || grep -qxF "$SHIM_STAMP" "$dir/VERSIONS"; }; then
        log "using $("$dir/pulumi" version) found on PATH in $dir"
        echo "$dir"
        exit 0
    fi
    if [ "$dir" != "$BIN" ]; then
        log "the pulumi on PATH ($existing) is older than $PULUMI_VERSION or lacks the Python language host"
    fi
fi

# 3. Build from Go modules.
if ! command -v go >/dev/null 2>&1; then
    cat >&2 <<MSG
[install-pulumi] error: the Pulumi engine v$PULUMI_VERSION is not installed, and Go is not
available to build it. Either:
  - install Pulumi v$PULUMI_VERSION or newer (https://www.pulumi.com/docs/install/) so that
    \`pulumi\` and \`pulumi-language-python\` are on PATH, or
  - install Go 1.25 or newer (https://go.dev/doc/install) and run this script again.
MSG
    exit 1
fi

start=$(date +%s)
work="$(mktemp -d)"
trap 'rm -rf "$work" "$STAGE"' EXIT
export GOFLAGS="-mod=mod" GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
ldflags="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION"
rm -rf "$STAGE"
mkdir -p "$STAGE/bin" "$STAGE/libexec" "$work/cli" "$work/host"

# 3a. The CLI: a throwaway module that requires pkg/v3 (its go.mod's local replace lines make
#     `go install pkg@version` refuse). The SDK module is needed in any case, for the helper
#     scripts. A CLI of the pinned version from an older cache is reused: it does not
#     depend on anything this script changes.
cd "$work/cli"
cat > go.mod <<GOMOD
module sendgrid-reseller-engine/cli

go 1.25

// Carried over from pkg/v3's go.mod: replace lines of dependencies are not inherited.
replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
GOMOD
if [ -x "$BIN/pulumi" ] && [ "$("$BIN/pulumi" version 2>/dev/null)" = "v$PULUMI_VERSION" ]; then
    log "rebuilding the engine's Python hosts in $CACHE (the cache predates this installer); reusing its pulumi CLI"
    cp -p "$BIN/pulumi" "$STAGE/bin/pulumi"
    go get "$SDK_MODULE@v$PULUMI_VERSION" >&2
else
    log "building the Pulumi engine v$PULUMI_VERSION from Go modules (first run only: several minutes)"
    go get "$CLI_MODULE@v$PULUMI_VERSION" "$SDK_MODULE@v$PULUMI_VERSION" >&2
    go build -trimpath -ldflags "$ldflags" -o "$STAGE/bin/pulumi" "$CLI_MODULE/cmd/pulumi" >&2
fi
sdk_dir="$(go list -m -f '{{.Dir}}' "$SDK_MODULE")"
install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$STAGE/bin/pulumi-language-python-exec"
install -m 0755 "$sdk_dir/python/cmd/pulumi-language-python-exec" "$STAGE/libexec/pulumi-language-python-exec"
install -m 0755 "$sdk_dir/python/dist/pulumi-resource-pulumi-python" "$STAGE/libexec/pulumi-resource-pulumi-python"

# 3b. The runtime-options shim (scripts/engine/main.go: what it does and why). It always
#     fronts the dynamic-provider host, whose SDK script resolves a relative virtualenv
#     against the program's folder instead of the project's.
(cd "$SHIM_SRC" && go test ./... && go build -trimpath -ldflags "-s -w" -o "$work/pythonhost" .) >&2
install -m 0755 "$work/pythonhost" "$STAGE/bin/pulumi-resource-pulumi-python"

# 3c. The Python language host of the same commit, if the module proxy serves it; otherwise
#     the older host in libexec/, behind the shim that hands it the runtime options.
host_pv="v3.0.0-$PULUMI_COMMIT_TIME-${PULUMI_COMMIT:0:12}"
if go get "$HOST_MODULE@$host_pv" >"$work/host-get.log" 2>&1; then
    go build -trimpath -ldflags "$ldflags" -o "$STAGE/bin/pulumi-language-python" "$HOST_MODULE" >&2
    host_version="v$PULUMI_VERSION ($host_pv)"
else
    log "the module proxy does not serve $HOST_MODULE@$host_pv:"
    sed 's/^/[install-pulumi]   /' "$work/host-get.log" >&2
    log "building the Python language host from $SDK_MODULE@v$FALLBACK_HOST_SDK_VERSION instead," \
        "behind the shim of scripts/engine/ that hands it the project's runtime options"
    cd "$work/host"
    printf 'module sendgrid-reseller-engine/host\n\ngo 1.21\n' > go.mod
    go get "$SDK_MODULE@v$FALLBACK_HOST_SDK_VERSION" >&2
    go build -trimpath \
        -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$FALLBACK_HOST_SDK_VERSION" \
        -o "$STAGE/libexec/pulumi-language-python" "$SDK_MODULE/python/cmd/pulumi-language-python" >&2
    install -m 0755 "$work/pythonhost" "$STAGE/bin/pulumi-language-python"
    host_version="v$FALLBACK_HOST_SDK_VERSION (behind the runtime-options shim)"
fi
{
    echo "pulumi v$PULUMI_VERSION; pulumi-language-python $host_version"
    echo "$SHIM_STAMP"
} > "$STAGE/bin/VERSIONS"

rm -rf "$CACHE"
mv "$STAGE" "$CACHE"
if ! cache_current; then
    log "error: the built engine is incomplete or does not report v$PULUMI_VERSION"
    ls -lR "$CACHE" >&2
    exit 1
fi
log "built $(head -n1 "$BIN/VERSIONS") in $(( $(date +%s) - start ))s into $BIN"
echo "$BIN"
