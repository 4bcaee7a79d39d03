#!/usr/bin/env bash
# Builds LazyFS (the FUSE file system that drops every write not fsynced when told to) once per
# machine, for the power-loss tests. Offline: the source is the vendored tarball, checked against
# its SHA-256, and upstream's CMake files are edited (in the build copy, never in this repository)
# to use the Debian toml11 and spdlog packages instead of downloading them.
#
#   client/ledger/src/test/lazyfs/build-lazyfs.sh     prints the path of the lazyfs binary
#
# Environment: LAZYFS_VENDOR (default: the shared vendor folder beside the checkout),
# XDG_CACHE_HOME. Exits non-zero, saying why, if anything is missing; tests then fail.
set -euo pipefail

commit=a47a5baea559020f29902662de77764b0cbd62ce
tarball_name=lazyfs-a47a5ba-src.tar.gz
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../../../.." && pwd)"
vendor="${LAZYFS_VENDOR:-$(cd "$repo/.." && pwd)/shared/vendor/lazyfs}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/chipledger/lazyfs/$commit"
binary="$cache/src/lazyfs/build/lazyfs"

mkdir -p "$(dirname "$cache")"
# Two test JVMs may ask at once: one builds, the other waits for it.
exec 9> "$(dirname "$cache")/.lock"
flock 9
if [[ -x $binary && -f $cache/built ]]; then
  echo "$binary"
  exit 0
fi

packages=(libfuse3-dev fuse3 cmake g++ libspdlog-dev libtoml11-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo -n)
  echo "build-lazyfs: installing ${missing[*]}" >&2
  { "${sudo[@]}" apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
      || { "${sudo[@]}" apt-get update -q >/dev/null \
        && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; }; } \
    || { echo "build-lazyfs: cannot install ${missing[*]}" >&2; exit 1; }
fi
[[ -c /dev/fuse ]] || { echo "build-lazyfs: /dev/fuse is missing; FUSE cannot mount" >&2; exit 1; }

# The tarball's digest comes from the vendor folder's SHA256SUMS, checked before anything is unpacked.
tarball="$vendor/$tarball_name"
[[ -f $tarball && -f $vendor/SHA256SUMS ]] \
  || { echo "build-lazyfs: $tarball or its SHA256SUMS is missing" >&2; exit 1; }
expected=$(awk -v f="$tarball_name" '$2 == f || $2 == "*" f {print $1}' "$vendor/SHA256SUMS")
actual=$(sha256sum "$tarball" | awk '{print $1}')
if [[ -z $expected || $expected != "$actual" ]]; then
  echo "build-lazyfs: SHA-256 of $tarball is $actual, SHA256SUMS says '${expected}'" >&2
  exit 1
fi

# Built in place (the binary finds libpcache by its build path); the marker file written last
# tells a finished build from an interrupted one, which is thrown away.
rm -rf "$cache"
mkdir -p "$cache"
tar -xzf "$tarball" -C "$cache"
src="$cache/src"
mv "$cache/lazyfs-a47a5ba" "$src"

pcache="$src/libs/libpcache/CMakeLists.txt"
# The FetchContent blocks (toml11, spdlog) become find_package of the Debian packages.
sed -i -e '/^include(FetchContent)/,/^FetchContent_MakeAvailable(spdlog)/c\
find_package(toml11 REQUIRED)\
find_package(spdlog REQUIRED)' \
  -e '/set_target_properties(spdlog/d' \
  -e 's/target_link_libraries(pcache toml11::toml11 spdlog)/target_link_libraries(pcache toml11::toml11 spdlog::spdlog)/' \
  "$pcache"
lazyfs_cmake="$src/lazyfs/CMakeLists.txt"
sed -i -e 's/^find_package(Threads REQUIRED)/find_package(Threads REQUIRED)\
find_package(toml11 REQUIRED)\
find_package(spdlog REQUIRED)/' \
  -e 's/Threads::Threads libpcache.so)/Threads::Threads libpcache.so toml11::toml11 spdlog::spdlog)/' \
  "$lazyfs_cmake"
# Fail here, not in a confusing CMake error, if upstream's files no longer match the edits.
grep -q 'find_package(spdlog REQUIRED)' "$pcache" && ! grep -q FetchContent "$pcache" \
  && grep -q 'spdlog::spdlog)' "$lazyfs_cmake" \
  || { echo "build-lazyfs: the CMake edits did not apply" >&2; exit 1; }

jobs=$(nproc 2>/dev/null || echo 2)
log="$cache/build.log"
{
  cmake -S "$src/libs/libpcache" -B "$src/libs/libpcache/build" -DCMAKE_BUILD_TYPE=Release \
    && cmake --build "$src/libs/libpcache/build" -j "$jobs" \
    && cmake -S "$src/lazyfs" -B "$src/lazyfs/build" -DCMAKE_BUILD_TYPE=Release \
      -DLAZYFS_BUILD_TESTS=OFF \
    && cmake --build "$src/lazyfs/build" -j "$jobs"
} > "$log" 2>&1 || { tail -n 40 "$log" >&2; echo "build-lazyfs: the build failed" >&2; exit 1; }

touch "$cache/built"
echo "$binary"
