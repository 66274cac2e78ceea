#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run the
# main job (extract) on the sample reports shipped in data/samples.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
for f in data/samples/*.txt; do
  echo "== $f"
  ./build/chitieu extract --published 2025-07-20 --format table "$f"
done
