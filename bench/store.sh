#!/usr/bin/env bash
# The store's figures (issues 3 and 19): ingest throughput on 10,000
# generated documents against extraction alone, and series latency (p50,
# p99) on a database of 1,000,000 observations, in process: on SQLite,
# then on PostgreSQL in the same run (a throwaway server from
# tests/pg/pg-server.sh, on a Unix socket, fsync off as in the tests)
# when its server binaries are installed.
#
#   bench/store.sh [BUILD_DIR] [DOCS] [OBSERVATIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
[[ -x $build/bench/bench_store ]] || { echo "build first: cmake --build $build"; exit 1; }
tmp=$(mktemp -d)
chmod 755 "$tmp" # the PostgreSQL server runs as an unprivileged user when we are root
trap 'tests/pg/pg-server.sh stop "$tmp/pg"; rm -rf "$tmp"' EXIT
export CHITIEU_CATALOG=${CHITIEU_CATALOG:-data/catalog.tsv}
"$build/bench/bench_store" "$tmp" "${2:-10000}" "${3:-1000000}"
echo
st=0
url=$(tests/pg/pg-server.sh start "$tmp/pg") || st=$?
if [[ $st != 0 ]]; then
  echo "postgresql: not measured (no server: pg-server.sh exit $st)"
  exit 0
fi
sock=$tmp/pg/sock
for db in ingest ingest_each series; do
  psql -X -q -h "$sock" -U chitieu -d postgres -c "CREATE DATABASE $db"
done
CT_BENCH_PG="postgresql:///%s?host=$sock&user=chitieu" \
  "$build/bench/bench_store" "$tmp" "${2:-10000}" "${3:-1000000}"
