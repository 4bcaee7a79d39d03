#!/usr/bin/env bash
# The whole test suite: build, unit/property/architecture tests, the crash test, formatting and
# static checks, the power-loss tests on LazyFS, 10 s of Jazzer fuzzing per parser, and the Fabric
# integration tests against real peers and BFT orderers that the tests start and purge with
# network-config/network.sh. CI runs exactly this (.ci/run).
#
#   ./test.sh            everything, Fabric included (installs Fabric into ~/.cache on first use,
#                        builds LazyFS into ~/.cache/chipledger/lazyfs on first use)
#   ./test.sh --quick    everything but the Fabric integration tests, the power-loss tests and
#                        fuzzing (the fuzz tests still replay their saved inputs)
#
# Other arguments go to Maven, e.g. `./test.sh -Dit.test=FabricScenarioIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false`.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

fabric=yes
args=()
for arg in "$@"; do
  case "$arg" in
    --quick) fabric=no ;;
    *) args+=("$arg") ;;
  esac
done

export ROCKSDB_SHAREDLIB_DIR="${ROCKSDB_SHAREDLIB_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/chipledger/native}"
mkdir -p "$ROCKSDB_SHAREDLIB_DIR"

# The dashboard's browser tests drive Debian's headless Chromium; they fail (not skip) without it.
if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo -n)
  echo "test.sh: installing chromium and chromium-driver for the dashboard tests" >&2
  # A fresh machine may have no package lists yet.
  { "${sudo[@]}" apt-get update -q >/dev/null \
      && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null; } \
    || echo "test.sh: could not install chromium; the dashboard tests will fail" >&2
fi

# The chip-token tests (issue 16 item 1) use SoftHSM2 through the JDK's SunPKCS11; they fail (not
# skip) without it.
if [[ ! -x /usr/bin/softhsm2-util || ! -r /usr/lib/softhsm/libsofthsm2.so ]]; then
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo -n)
  echo "test.sh: installing softhsm2 for the chip-token tests" >&2
  { "${sudo[@]}" apt-get update -q >/dev/null \
      && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q softhsm2 >/dev/null; } \
    || echo "test.sh: could not install softhsm2; the chip-token tests will fail" >&2
fi

# Reports of an earlier run (e.g. the failsafe ones of -Pfabric) would be counted below as this one's.
find . -path ./network-config -prune -o -type d \( -name surefire-reports -o -name failsafe-reports \) \
  -path '*/target/*' -prune -exec rm -rf -- {} +

profiles=()
if [[ $fabric == yes ]]; then
  # LazyFS, for the power-loss tests: built once per machine (a few minutes); a failed build fails
  # the run, as the tests themselves would.
  mkdir -p "$root/target"
  if ! client/ledger/src/test/lazyfs/build-lazyfs.sh > "$root/target/build-lazyfs.log" 2>&1; then
    cat "$root/target/build-lazyfs.log" >&2
    echo "test.sh: the LazyFS build failed; no test ran" >&2
    exit 1
  fi
  # Each module's @FuzzTest fuzzes for its maxDuration (10 s, to keep the whole run inside CI's 45 minutes) instead of only replaying its inputs.
  export JAZZER_FUZZ=1
  # Built once per machine (about a minute); a failed install fails the run rather than skipping tests.
  echo "test.sh: Fabric integration tests included (./test.sh --quick leaves them out)"
  mkdir -p "$root/target"
  if ! network-config/install-fabric.sh > "$root/target/install-fabric.log" 2>&1; then
    cat "$root/target/install-fabric.log" >&2
    echo "test.sh: the Fabric install failed; no test ran" >&2
    exit 1
  fi
  tail -n 12 "$root/target/install-fabric.log" | grep -E 'route=|ccaas_builder=|install_seconds=|already installed' || true
  profiles=(-Pfabric)
else
  echo "test.sh: --quick: the Fabric integration tests, power-loss tests and fuzzing are left out"
  profiles=(-Dtest.excludedGroups=fabric,lazyfs)
fi

mvn -B -Dstyle.color=never verify "${profiles[@]}" "${args[@]}"
status=$?
if [[ $fabric == yes ]]; then
  # A test run that died mid-class must not leave nodes running on the machine.
  network-config/network.sh down --purge > /dev/null 2>&1 || true
fi

# One closing line over every module, so that a run that executed no test is visible.
passed=0 failed=0 skipped=0
while IFS= read -r report; do
  header=$(grep -m1 -o '<testsuite [^>]*>' "$report")
  attr() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$header"; }
  tests=$(attr tests) failures=$(attr failures) errors=$(attr errors) skips=$(attr skipped)
  failed=$((failed + failures + errors))
  skipped=$((skipped + skips))
  passed=$((passed + tests - failures - errors - skips))
done < <(find . -path ./network-config -prune -o -path '*/target/*-reports/TEST-*.xml' -print)
# Maven ends with terminal reset codes and no newline: the count stands on a line of its own.
echo
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [[ $status -eq 0 && $passed -eq 0 ]]; then
  echo "no test ran" >&2
  exit 1
fi
exit $status
