#!/usr/bin/env bash
# The checker's scale (issue 15): whole-database `chitieu check` and
# `chitieu conflicts`, and one new report checked against the database,
# on generated databases of 10k, 100k and 1M observations (bench_check:
# monthly reports of 34 provinces and the nation, each restated by a
# second source; then LAYOUT=flat: bench_store's fixed set of keys, whose
# records per key grow with the database, the layout issue 15 measured the
# old checker on). Prints each time (best of 2) and the growth exponent
# between sizes (1 = linear; the goal: x10 data, at most x15 time, an
# exponent under 1,18). Benchmarks print figures; they never assert.
#
#   [LAYOUT=flat] bench/check_scale.sh [BUILD_DIR] [SIZES...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10000 100000 1000000)
bin=$build/chitieu
[[ -x $bin && -x $build/bench/bench_check ]] || { echo "build first: cmake --build $build"; exit 1; }
export CHITIEU_CATALOG=${CHITIEU_CATALOG:-data/catalog.tsv}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the new report: a national monthly report whose month every database holds
# (with the parts of infosec.attacks: checked with its whole), checked with
# `check FILE` and posted to `chitieu serve` (the best of 3 posts)
y=2000
[[ ${LAYOUT:-} == flat ]] && y=2020
sed "s|/2000|/$y|g" >"$tmp/new.txt" <<'TXT'
Báo cáo tháng 6/2000

Doanh thu toàn ngành trong tháng 6/2000 ước đạt 301.500 tỷ đồng, tăng 4,2% so với tháng trước.

Nộp ngân sách nhà nước trong tháng 6/2000 ước đạt 9.100 tỷ đồng.

Trong tháng 6/2000 đã ghi nhận 1.010 cuộc tấn công mạng gây ra sự cố vào các hệ thống thông tin tại Việt Nam, trong đó có 300 cuộc tấn công lừa đảo (Phishing), 200 cuộc tấn công thay đổi giao diện (Deface) và 505 cuộc tấn công cài mã độc (Malware). Số địa chỉ IP Việt Nam nằm trong mạng botnet là 502.000 địa chỉ.

Doanh thu lĩnh vực an toàn thông tin mạng tháng 6/2000 ước đạt 251 tỷ đồng; tổng số chứng thư số công cộng đang hoạt động tháng 6/2000 là 2.010.000 chứng thư số.
TXT
best() { # command... : the best of 2 wall times, in seconds
  local b=
  for _ in 1 2; do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || [[ $? == 1 ]]
    t1=$(date +%s.%N)
    b=$(python3 -c "t=$t1-$t0; b='$b'; print(t if not b else min(t, float(b)))")
  done
  echo "$b"
}
post_best() { # db: the best of 3 POST /api/documents of the new report (each a little
  # different, so each is stored and checked) on `chitieu serve` over db, in seconds
  local token url b= spid
  token=$("$bin" token create --name bench --role editor --db "$1")
  "$bin" serve --db "$1" --listen 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
  spid=$!
  for _ in $(seq 100); do grep -q http "$tmp/serve.out" && break; sleep 0.1; done
  url=$(grep -o 'http://[0-9.:]*/' "$tmp/serve.out")
  curl -s -o /dev/null "${url}api/indicators" # the worker's connection opened
  for k in 1 2 3; do
    sed "s/1.010 cuộc/1.0$((k + 10)) cuộc/" "$tmp/new.txt" >"$tmp/post.txt"
    local t0 t1 code
    t0=$(date +%s.%N)
    code=$(curl -s -o "$tmp/post.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
      -H 'Content-Type: text/plain' --data-binary @"$tmp/post.txt" \
      "${url}api/documents?name=new-$k&published=$y-07-05")
    t1=$(date +%s.%N)
    [[ $code == 201 ]] || echo "POST answered $code: $(head -c 200 "$tmp/post.json")" >&2
    b=$(python3 -c "t=$t1-$t0; b='$b'; print(t if not b else min(t, float(b)))")
  done
  kill $spid
  wait $spid 2>/dev/null || true
  echo "$b"
}
declare -a N C K F P
i=0
for n in "${sizes[@]}"; do
  db=$tmp/db$n.db
  t0=$(date +%s.%N)
  counts=$("$build/bench/bench_check" "$db" "$n" ${LAYOUT:-})
  t1=$(date +%s.%N)
  obs=$(echo "$counts" | awk '{print $3}')
  nf=$("$bin" check --db "$db" --format jsonl | wc -l) || true
  N[i]=$obs
  C[i]=$(best "$bin" check --db "$db" --format jsonl)
  K[i]=$(best "$bin" conflicts --db "$db" --format jsonl)
  F[i]=$(best "$bin" check --db "$db" --format jsonl --published "$y-07-05" "$tmp/new.txt")
  P[i]=$(post_best "$db")
  printf '%8s observations (%s; filled in %.1f s): check %.3f s (%s findings), conflicts %.3f s, check new report %.3f s, POST it %.3f s\n' \
    "$obs" "$counts" "$(python3 -c "print($t1-$t0)")" "${C[i]}" "$nf" "${K[i]}" "${F[i]}" "${P[i]}"
  rm -f "$db" "$db-wal" "$db-shm"
  i=$((i + 1))
done
for ((j = 1; j < i; j++)); do
  python3 - "${N[j-1]}" "${N[j]}" "${C[j-1]}" "${C[j]}" "${K[j-1]}" "${K[j]}" "${F[j-1]}" "${F[j]}" <<'PY'
import math, sys
n0, n1, c0, c1, k0, k1, f0, f1 = map(float, sys.argv[1:])
e = lambda a, b: math.log(b / a) / math.log(n1 / n0)
print(f"{int(n0)} -> {int(n1)} observations (x{n1 / n0:.1f}): check x{c1 / c0:.1f} (exponent {e(c0, c1):.2f}), "
      f"conflicts x{k1 / k0:.1f} (exponent {e(k0, k1):.2f}), new report x{f1 / f0:.1f} (exponent {e(f0, f1):.2f})")
PY
done
