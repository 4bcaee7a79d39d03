#!/usr/bin/env bash
# Installs Toxiproxy's server (the user-space TCP proxy that adds the WAN delays between countries in the
# netns layout; the kernel here has no netem qdisc), cached per version OUTSIDE the repo. Idempotent.
#
#   network-config/install-toxiproxy.sh               install, or report the existing install
#   network-config/install-toxiproxy.sh --print-bin   print the server binary's path and exit
#
# Layout: ${CHIPLEDGER_TOXIPROXY_HOME:-~/.cache/chipledger/toxiproxy}/<version>/bin/toxiproxy-server
# Source: `go install github.com/Shopify/toxiproxy/v2/cmd/server@v<version>` through the Go module proxy;
# the module's go.sum pins every dependency, the version is pinned here.
set -euo pipefail

TOXIPROXY_VERSION=2.12.0
ROOT="${CHIPLEDGER_TOXIPROXY_HOME:-$HOME/.cache/chipledger/toxiproxy}"
DEST="$ROOT/$TOXIPROXY_VERSION"
SERVER="$DEST/bin/toxiproxy-server"
GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"

log() { printf '[install-toxiproxy] %s\n' "$*"; }
die() { printf '[install-toxiproxy] ERROR: %s\n' "$*" >&2; exit 1; }

if [[ "${1:-}" == "--print-bin" ]]; then echo "$SERVER"; exit 0; fi
if [[ -x "$SERVER" ]]; then log "Toxiproxy $TOXIPROXY_VERSION already installed: $SERVER"; exit 0; fi

[[ -x "$GO" ]] || die "go not found (set GO=/path/to/go)"
stage="$ROOT/.stage-$TOXIPROXY_VERSION.$$"
rm -rf "$stage"; mkdir -p "$stage/bin"
trap 'rm -rf "$stage"' EXIT
start=$(date +%s)
log "go install github.com/Shopify/toxiproxy/v2/cmd/server@v$TOXIPROXY_VERSION (about a minute on 2 cores)"
GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-modcacherw -buildvcs=false" GOBIN="$stage/bin" \
  "$GO" install -trimpath "github.com/Shopify/toxiproxy/v2/cmd/server@v$TOXIPROXY_VERSION" \
  || die "go install of Toxiproxy $TOXIPROXY_VERSION failed (see the go error above)"
mv "$stage/bin/server" "$stage/bin/toxiproxy-server"
rm -rf "$DEST"; mkdir -p "$ROOT"; mv "$stage" "$DEST"; trap - EXIT
log "installed Toxiproxy $TOXIPROXY_VERSION in $(( $(date +%s) - start ))s: $SERVER"
"$SERVER" -version 2>&1 | sed 's/^/[install-toxiproxy]     /' || true
