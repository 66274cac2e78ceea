#!/usr/bin/env bash
# The README's first command: install what is missing, build, and run the
# main job on the sample reports shipped in data/samples: extract them,
# store them in a database (build/samples.db) and check them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
for f in data/samples/*.txt; do
  echo "== $f"
  ./build/chitieu extract --published 2025-07-20 --format table "$f"
done
export CHITIEU_DB=build/samples.db
rm -f build/samples.db build/samples.db-wal build/samples.db-shm
echo "== chitieu ingest data/samples (database $CHITIEU_DB)"
./build/chitieu ingest --published 2025-07-20 data/samples
echo "== chitieu series telecom.fixed_bb_subs"
./build/chitieu series telecom.fixed_bb_subs --format table
echo "== chitieu check"
./build/chitieu check --format table || [[ $? == 1 ]] # 1: findings, not a failure
