#!/usr/bin/env bash
# The store's figures (issue 3): ingest throughput on 10,000 generated
# documents against extraction alone, and series latency (p50, p99) on a
# database of 1,000,000 observations, in process.
#
#   bench/store.sh [BUILD_DIR] [DOCS] [OBSERVATIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[[ -x $build/bench/bench_store ]] || { echo "build first: cmake --build $build"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CHITIEU_CATALOG=${CHITIEU_CATALOG:-data/catalog.tsv} "$build/bench/bench_store" "$tmp" "${2:-10000}" "${3:-1000000}"
