#!/usr/bin/env bash
# Install the Debian packages chitieu builds and tests with, only those that
# are missing. Safe to run again; needs root (or sudo) only when something
# is missing.
set -euo pipefail

PKGS=(
  build-essential cmake pkg-config python3
  libpq-dev postgresql
  libutf8proc-dev libsqlite3-dev libjansson-dev libcmocka-dev libssl-dev libcsv-dev libxlsxwriter-dev sqlite3
  libmicrohttpd-dev
  libxml2-dev libpoppler-glib-dev libzip-dev libcurl4-openssl-dev
  chromium librsvg2-bin
  clang libclang-rt-14-dev
)

# node and npm drive the browser test (tests/browser: playwright-core from
# npm); a machine with another Node.js install keeps it
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then PKGS+=(nodejs npm); fi

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "deps: all ${#PKGS[@]} packages present"
  exit 0
fi

echo "deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
