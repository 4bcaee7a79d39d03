#!/usr/bin/env bash
# Installs Hyperledger Fabric binaries (peer, orderer, configtxgen, osnadmin, cryptogen, configtxlator)
# and the CCaaS external builder, cached per version OUTSIDE the repo. Idempotent.
#
#   network-config/install-fabric.sh               install, or report the existing install
#   network-config/install-fabric.sh --print-home  print the install dir and exit
#
# Layout: ${CHIPLEDGER_FABRIC_HOME:-~/.cache/chipledger/fabric}/<version>/
#           bin/{peer,orderer,configtxgen,osnadmin,cryptogen,configtxlator}
#           builders/ccaas/bin/{detect,build,release}     (external builder, names the peer expects)
#           config/{core,orderer,configtx}.yaml            (Fabric's sampleconfig defaults)
#           INSTALLED                                      (how it was built)
#
# Route 1 (preferred): `go install <pkg>@<commit>` through the Go module proxy. Fabric's module path has
#   no /v3 suffix, so tags like @v3.1.5 are invalid module versions; the tag's commit resolves to the
#   pseudo-version v1.4.0-rc1.0.20260618074816-86c1172bec37.
# Route 2 (fallback when the proxy refuses that version): build the same commit from Fabric's source
#   tarball, using Fabric's committed vendor/ tree (no network needed). Source, first match wins:
#     FABRIC_SRC=<dir>              an extracted Fabric source tree at the tag (a developer's checkout)
#     FABRIC_SRC_TARBALL=<file>     default ../shared/vendor/fabric/fabric-<version>-src.tar.gz beside the
#                                   project; its SHA-256 must equal the one pinned below, or nothing is
#                                   extracted. It is extracted once into <install root>/src/<version>.
# CCaaS builder: Fabric's ccaas_builder (nested module) if it builds; otherwise the POSIX-sh builder of
#   docs fabric-recipe.md §2.5 (same protocol, no Go-template rendering of connection.json).
set -euo pipefail

FABRIC_VERSION="${FABRIC_VERSION:-3.1.5}"
case "$FABRIC_VERSION" in
  3.1.5) FABRIC_COMMIT=86c1172bec37e6590c6b1ae6f847833df48d65fc
         # sha256sum of fabric-3.1.5-src.tar.gz (git archive --prefix=fabric-3.1.5/ of the tag, gzip -n -9)
         FABRIC_SRC_SHA256=b5c70d9b438587c7f069171c356d82f2dcd101014d2c6e9191cd4c1a17332c9b ;;
  *) echo "[install-fabric] ERROR: unknown FABRIC_VERSION=$FABRIC_VERSION (known: 3.1.5); add its tag commit" >&2; exit 2 ;;
esac
FABRIC_HOME_ROOT="${CHIPLEDGER_FABRIC_HOME:-$HOME/.cache/chipledger/fabric}"
REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARBALL="${FABRIC_SRC_TARBALL:-$REPO_DIR/../shared/vendor/fabric/fabric-$FABRIC_VERSION-src.tar.gz}"
DEST="$FABRIC_HOME_ROOT/$FABRIC_VERSION"
GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
MOD=github.com/hyperledger/fabric
TOOLS=(peer orderer configtxgen osnadmin cryptogen configtxlator)
BUILDER_CMDS=(detect build release)

log() { printf '[install-fabric] %s\n' "$*"; }
indent() { sed 's/^/[install-fabric]     /'; }
die() { printf '[install-fabric] ERROR: %s\n' "$*" >&2; exit 1; }

if [[ "${1:-}" == "--print-home" ]]; then echo "$DEST"; exit 0; fi

complete_install() {
  local d=$1 t
  for t in "${TOOLS[@]}"; do [[ -x "$d/bin/$t" ]] || return 1; done
  for t in "${BUILDER_CMDS[@]}"; do [[ -x "$d/builders/ccaas/bin/$t" ]] || return 1; done
  for t in core orderer configtx; do [[ -f "$d/config/$t.yaml" ]] || return 1; done
  [[ -f "$d/INSTALLED" ]]
}

if complete_install "$DEST"; then
  log "Fabric $FABRIC_VERSION already installed in $DEST; nothing to do. Found:"
  indent < "$DEST/INSTALLED"
  FABRIC_CFG_PATH="$DEST/config" "$DEST/bin/peer" version | indent
  exit 0
fi

[[ -x "$GO" ]] || die "go not found (set GO=/path/to/go); Fabric $FABRIC_VERSION needs Go >= 1.26.4"
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-modcacherw -buildvcs=false"
log "using $("$GO" version); GOPROXY=$("$GO" env GOPROXY)"
log "installing Fabric $FABRIC_VERSION (commit $FABRIC_COMMIT) into $DEST"

mkdir -p "$FABRIC_HOME_ROOT"
STAGE="$FABRIC_HOME_ROOT/.stage-$FABRIC_VERSION.$$"
rm -rf "$STAGE"; mkdir -p "$STAGE/bin" "$STAGE/builders/ccaas/bin" "$STAGE/config"
trap 'rm -rf "$STAGE"' EXIT
start=$(date +%s)
LDF="-X $MOD/common/metadata.Version=$FABRIC_VERSION -X $MOD/common/metadata.CommitSHA=${FABRIC_COMMIT:0:9}"

# ---------- route 1: Go module proxy ----------
ROUTE=proxy; SRC=""; PROXY_ERR=""
pkgs=(); for t in "${TOOLS[@]}"; do pkgs+=("$MOD/cmd/$t@$FABRIC_COMMIT"); done
log "route 1: go install ${TOOLS[*]} @$FABRIC_COMMIT via the module proxy (minutes on 2 cores)"
if ! PROXY_ERR=$(GOBIN="$STAGE/bin" "$GO" install -trimpath -ldflags "$LDF" "${pkgs[@]}" 2>&1); then
  log "the module proxy route failed; exact error:"
  printf '%s\n' "$PROXY_ERR" | indent >&2
  # ---------- route 2: local source with Fabric's vendor/ ----------
  ROUTE=source
  SRC="$FABRIC_HOME_ROOT/src/$FABRIC_VERSION"
  if [[ -n "${FABRIC_SRC:-}" ]]; then
    SRC="$FABRIC_SRC"
    [[ -f "$SRC/go.mod" && -d "$SRC/vendor" ]] || die "FABRIC_SRC=$SRC is not a Fabric source tree with vendor/"
  elif [[ -f "$SRC/go.mod" && -f "$SRC/.chipledger-sha256" && "$(cat "$SRC/.chipledger-sha256")" == "$FABRIC_SRC_SHA256" ]]; then
    log "route 2: reusing the source extracted earlier into $SRC"
  else
    [[ -f "$TARBALL" ]] || die "the proxy refused Fabric $FABRIC_VERSION and there is no source tarball at $TARBALL.
  Provide one: FABRIC_SRC_TARBALL=<fabric-$FABRIC_VERSION-src.tar.gz> (SHA-256 $FABRIC_SRC_SHA256)
  or FABRIC_SRC=<Fabric source tree at v$FABRIC_VERSION with its vendor/>"
    actual=$(sha256sum "$TARBALL" | cut -d' ' -f1)
    [[ "$actual" == "$FABRIC_SRC_SHA256" ]] || die "refusing $TARBALL: its SHA-256 is $actual, the pinned one is $FABRIC_SRC_SHA256"
    log "route 2: extracting $TARBALL (SHA-256 matches the pin) into $SRC"
    rm -rf "$SRC"; mkdir -p "$SRC"
    tar -xzf "$TARBALL" -C "$SRC" --strip-components=1 --no-same-owner
    [[ -f "$SRC/go.mod" && -d "$SRC/vendor" ]] || die "$TARBALL holds no Fabric source tree with vendor/"
    echo "$FABRIC_SRC_SHA256" > "$SRC/.chipledger-sha256"
  fi
  log "route 2: go install -mod=vendor ${TOOLS[*]} from $SRC (minutes on 2 cores)"
  cmds=(); for t in "${TOOLS[@]}"; do cmds+=("./cmd/$t"); done
  ( cd "$SRC" && GOFLAGS="$GOFLAGS -mod=vendor" GOBIN="$STAGE/bin" "$GO" install -trimpath -ldflags "$LDF" "${cmds[@]}" ) || die "building Fabric from $SRC failed (see the go error above)"
fi

# ---------- CCaaS external builder ----------
BUILDER_KIND=go; BERR=""
if [[ "$ROUTE" == proxy ]]; then
  bpkgs=(); for c in "${BUILDER_CMDS[@]}"; do bpkgs+=("$MOD/ccaas_builder/cmd/$c@$FABRIC_COMMIT"); done
  log "go install ccaas_builder ${BUILDER_CMDS[*]} via the module proxy"
  BERR=$(GOBIN="$STAGE/builders/ccaas/bin" "$GO" install -trimpath "${bpkgs[@]}" 2>&1) || BUILDER_KIND=failed
else
  # nested module: its three deps (otiai10/copy, pkg/errors, gomega) come from the proxy
  log "building ccaas_builder ${BUILDER_CMDS[*]} from $SRC/ccaas_builder"
  BERR=$(cd "$SRC/ccaas_builder" && GOFLAGS="-modcacherw -buildvcs=false -mod=mod" \
         GOBIN="$STAGE/builders/ccaas/bin" "$GO" install -trimpath ./cmd/detect ./cmd/build ./cmd/release 2>&1) \
    || BUILDER_KIND=failed
fi
if [[ "$BUILDER_KIND" == failed ]]; then
  log "WARNING: the Go ccaas_builder could not be built; exact error:"
  printf '%s\n' "$BERR" | indent >&2
  log "falling back to the POSIX-sh CCaaS builder (fabric-recipe.md §2.5)"
  BUILDER_KIND=shell
  B="$STAGE/builders/ccaas/bin"
  printf '%s\n' '#!/bin/sh' '# detect SRC META: accept packages whose metadata.json has type ccaas' \
    'grep -qiE '\''"type"[[:space:]]*:[[:space:]]*"ccaas"'\'' "$2/metadata.json"' > "$B/detect"
  printf '%s\n' '#!/bin/sh' '# build SRC META OUT' 'set -e' 'cp "$1/connection.json" "$3/"' 'cp "$2/metadata.json" "$3/"' \
    'if [ -d "$1/META-INF" ]; then cp -R "$1/META-INF" "$3/"; fi' > "$B/build"
  printf '%s\n' '#!/bin/sh' '# release OUT RELEASE: the peer then dials RELEASE/chaincode/server/connection.json' 'set -e' \
    'mkdir -p "$2/chaincode/server"' 'cp "$1/connection.json" "$2/chaincode/server/"' \
    'if [ -d "$1/META-INF/statedb" ]; then mkdir -p "$2/statedb"; cp -R "$1/META-INF/statedb/." "$2/statedb/"; fi' > "$B/release"
  chmod 755 "$B"/*
fi

# ---------- default config files ----------
if [[ "$ROUTE" == proxy ]]; then
  CFGSRC=$("$GO" mod download -json "$MOD@$FABRIC_COMMIT" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  MODVER=$("$GO" mod download -json "$MOD@$FABRIC_COMMIT" | sed -n 's/^[[:space:]]*"Version": "\(.*\)",$/\1/p')
else
  CFGSRC="$SRC"; MODVER="(local source, vendor/)"
fi
[[ -n "$CFGSRC" && -d "$CFGSRC/sampleconfig" ]] || die "no sampleconfig/ found for $MOD@$FABRIC_COMMIT"
cp "$CFGSRC"/sampleconfig/{core,orderer,configtx}.yaml "$STAGE/config/"
chmod u+w "$STAGE"/config/*.yaml

elapsed=$(( $(date +%s) - start ))
{
  echo "version=$FABRIC_VERSION"
  echo "commit=$FABRIC_COMMIT"
  echo "route=$ROUTE"
  echo "module_version=$MODVER"
  [[ -n "$SRC" ]] && echo "source=$SRC"
  [[ -f "$SRC/.chipledger-sha256" ]] && echo "source_sha256=$(cat "$SRC/.chipledger-sha256")"
  echo "ccaas_builder=$BUILDER_KIND"
  echo "go=$("$GO" env GOVERSION)"
  echo "installed_at=$(date -u +%FT%TZ)"
  echo "install_seconds=$elapsed"
} > "$STAGE/INSTALLED"

rm -rf "$DEST"; mv "$STAGE" "$DEST"; trap - EXIT
complete_install "$DEST" || die "install incomplete in $DEST"
log "installed Fabric $FABRIC_VERSION in ${elapsed}s:"
indent < "$DEST/INSTALLED"
FABRIC_CFG_PATH="$DEST/config" "$DEST/bin/peer" version | indent
