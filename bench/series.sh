#!/usr/bin/env bash
# Series latency (issue 15): p50/p99/max of ct_series_build on databases
# of 1 M and 10 M observations (bench_series). The databases are filled
# once and kept under ${CACHE:-/tmp} (chitieu-series-N.db; the 10 M one
# takes minutes and about 2 GB); delete them to fill again. Runs each
# size ${RUNS:-3} times, interleaved, and prints every run (the machine is
# shared: take the best). Benchmarks print figures; they never assert.
#
#   bench/series.sh [BUILD_DIR] [OBSERVATIONS...]   (default 1000000 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000000 10000000)
[[ -x $build/bench/bench_series ]] || { echo "build first: cmake --build $build"; exit 1; }
export CHITIEU_CATALOG=${CHITIEU_CATALOG:-data/catalog.tsv}
cache=${CACHE:-/tmp}
for ((r = 0; r < ${RUNS:-3}; r++)); do
  for n in "${sizes[@]}"; do
    "$build/bench/bench_series" "$cache/chitieu-series-$n.db" "$n"
  done
done
