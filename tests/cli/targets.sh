#!/usr/bin/env bash
# `chitieu targets`: a targets file (CSV without a type column) and texts
# written for the purpose give each status once: achieved, missed, on
# track, at risk, no data; --year filters; formats.
set -u
bin=$1
data=$2/tests/data/targets
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHITIEU_DB=$tmp/t.db
"$bin" ingest --quiet --published 2025-01-10 "$data/thang-12-2024.txt" || fail=1
"$bin" ingest --quiet --published 2025-07-15 "$data/so-ket-2025.txt" || fail=1
"$bin" import "$data/muc-tieu.csv" 2>/dev/null || { echo "FAIL: import of the targets file"; fail=1; }
"$bin" targets --as-of 2025-08 --format csv >"$tmp/out" || { echo "FAIL: targets"; fail=1; }
want() { # indicator period status
  grep -q "^$1,$2,.*,$3," "$tmp/out" || { echo "FAIL: $1 $2 should be $3"; cat "$tmp/out"; fail=1; }
}
want telecom.fixed_bb_subs 2024 achieved
want infosec.botnet_ips 2024 missed
want infosec.revenue 2025 "on track"
want ict.revenue 2025 "at risk"
want telecom.mobile_subs 2025 "no data"
grep -q '^infosec.revenue,2025,growth,20,30,1300000000000,2025-S1,30.00,' "$tmp/out" || { echo "FAIL: computed growth"; fail=1; }
"$bin" targets --as-of 2025-08 --year 2024 --format csv >"$tmp/out"
[[ $(wc -l <"$tmp/out") == 3 ]] || { echo "FAIL: --year 2024 should list two targets"; cat "$tmp/out"; fail=1; }
"$bin" targets --as-of 2025-08 --format json | python3 -c "import json,sys; d=json.load(sys.stdin); assert d['as_of']=='2025-08' and len(d['targets'])==5" ||
  { echo "FAIL: json"; fail=1; }
"$bin" targets --as-of 2025-08 --format table >"$tmp/out"
grep -q 'đã đạt' "$tmp/out" && grep -q '22 triệu thuê bao' "$tmp/out" || { echo "FAIL: table in Vietnamese"; fail=1; }
"$bin" targets --as-of 2025-13 >/dev/null 2>&1; [[ $? == 64 ]] || { echo "FAIL: bad --as-of"; fail=1; }
exit $fail
