#!/usr/bin/env bash
# The whole test suite: build, unit/property/architecture tests, the crash test, formatting and
# static checks. CI runs exactly this (.ci/run). Extra arguments go to Maven: `./test.sh -Pfabric`
# also brings up the local Fabric network and runs the integration tests against it.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

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

# Reports of an earlier run (e.g. the failsafe ones of -Pfabric) would be counted below as this one's.
find . -path ./network-config -prune -o -type d \( -name surefire-reports -o -name failsafe-reports \) \
  -path '*/target/*' -prune -exec rm -rf -- {} +

mvn -B -Dstyle.color=never verify "$@"
status=$?

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
