#!/usr/bin/env bash
# Installs the Debian packages kansrijk needs to build, test and run, but only those that are missing,
# so `make` is quick on a machine that already has them. Needs root (or sudo) only when something is missing.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  libicu-dev libsqlite3-dev libre2-dev libgtest-dev libgmock-dev libbenchmark-dev
  libzip-dev libpugixml-dev libcli11-dev libfmt-dev nlohmann-json3-dev libcsv-dev libxxhash-dev
  libstemmer-dev libhunspell-dev hunspell-nl libyaml-cpp-dev libxlsxwriter-dev libcpp-httplib-dev
  libpoppler-cpp-dev liblinear-dev libjemalloc-dev libtbb-dev
  zip unzip libxml2-utils sqlite3 chromium chromium-driver python3-selenium libreoffice-writer-nogui
  libreoffice-calc-nogui util-linux e2fsprogs
)
# `make fuzz` (scripts/install-deps.sh fuzz): clang with libFuzzer and the sanitizer runtimes.
[ "${1:-}" = fuzz ] && packages+=(clang libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing missing Debian packages: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
