#!/usr/bin/env bash
# Import throughput (issue 13 item 6): `chitieu import` of generated CSV
# rows, 4 rows per document, shuffled (rows of one document need not be
# together), into a new database; then the same rows as a dry-run POST
# /api/import on `chitieu serve` over that database (extracted nothing:
# rows grouped, checked against what is stored, nothing written). Prints
# rows/s at each size (best of 3) and the growth exponent between sizes
# (1 = linear). Benchmarks print figures; they never assert.
#
#   bench/import.sh [BUILD_DIR] [ROWS...]      (default 2000 16000)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(2000 16000)
bin=$build/chitieu
[[ -x $bin ]] || { echo "build first: cmake --build $build"; exit 1; }
export CHITIEU_CATALOG=${CHITIEU_CATALOG:-data/catalog.tsv}
tmp=$(mktemp -d)
spid=
trap '[[ -n $spid ]] && kill $spid 2>/dev/null; rm -rf "$tmp"' EXIT
now() { date +%s.%N; }
declare -a N T D
i=0
for n in "${sizes[@]}"; do
  python3 - "$tmp/rows$n.csv" "$n" <<'PY'
import random, sys
random.seed(11)
inds = ["telecom.revenue", "postal.revenue", "infosec.revenue", "sector.revenue", "ict.revenue"]
n = int(sys.argv[2])
rows = []
for i in range(n):
    d = i // 4
    rows.append("observation,sheet%d,%s,%d-%02d,%d000000000,VND,,reported,,"
                % (d, inds[i % 5], 2000 + d // 12 % 25, d % 12 + 1, 1000 + random.randint(0, 9000)))
random.shuffle(rows)
with open(sys.argv[1], "w") as f:
    f.write("type,doc,indicator,period,value,unit,approx,role,area,changes\n" + "\n".join(rows) + "\n")
PY
  best=
  for _ in 1 2 3; do
    rm -f "$tmp/db$n.db"*
    t0=$(now)
    "$bin" import --db "$tmp/db$n.db" "$tmp/rows$n.csv" 2>/dev/null
    t1=$(now)
    best=$(python3 -c "t=$t1-$t0; b='$best'; print(t if not b else min(t, float(b)))")
  done
  # the dry run: the same rows again, with other values (new documents)
  sed 's/,sheet/,other/' "$tmp/rows$n.csv" >"$tmp/dry$n.csv"
  token=$("$bin" token create --name bench --role editor --db "$tmp/db$n.db")
  "$bin" serve --db "$tmp/db$n.db" --listen 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
  spid=$!
  for _ in $(seq 50); do grep -q http "$tmp/serve.out" && break; sleep 0.1; done
  url=$(grep -o 'http://[0-9.:]*/' "$tmp/serve.out")
  dbest=
  for _ in 1 2 3; do
    t0=$(now)
    code=$(curl -s -o "$tmp/ans" -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: text/csv' \
      --data-binary @"$tmp/dry$n.csv" "${url}api/import?dry_run=1")
    t1=$(now)
    [[ $code == 200 ]] || { echo "dry run: $code $(head -c 200 "$tmp/ans")"; exit 1; }
    dbest=$(python3 -c "t=$t1-$t0; b='$dbest'; print(t if not b else min(t, float(b)))")
  done
  kill $spid; wait $spid 2>/dev/null || true; spid=
  N[i]=$n T[i]=$best D[i]=$dbest
  printf '%7d rows (%d documents): import %.3f s (%.0f rows/s); dry-run POST /api/import over them %.3f s (%.0f rows/s)\n' \
    "$n" "$((n / 4))" "$best" "$(python3 -c "print($n/$best)")" "$dbest" "$(python3 -c "print($n/$dbest)")"
  i=$((i + 1))
done
for ((j = 1; j < i; j++)); do
  python3 - "${N[j-1]}" "${N[j]}" "${T[j-1]}" "${T[j]}" "${D[j-1]}" "${D[j]}" <<'PY'
import math, sys
n0, n1, t0, t1, d0, d1 = map(float, sys.argv[1:])
e = lambda a, b: math.log(b / a) / math.log(n1 / n0)
print(f"{int(n0)} -> {int(n1)} rows (x{n1 / n0:.0f}): import x{t1 / t0:.1f} (exponent {e(t0, t1):.2f}), "
      f"dry run x{d1 / d0:.1f} (exponent {e(d0, d1):.2f})")
PY
done
