#!/usr/bin/env bash
# `chitieu check` and `chitieu conflicts` on texts written for the purpose
# (tests/data/check): each finding kind is reported, agreeing figures are
# not, and the exit statuses are those of a linter (0 clean, 1 findings,
# 2 errors).
set -u
bin=$1
data=$2/tests/data/check
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHITIEU_DB=$tmp/t.db
run() { # want-status args...
  local want=$1; shift
  "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [[ $got != "$want" ]]; then
    echo "FAIL: chitieu $*: exit $got, want $want"; cat "$tmp/err"; fail=1
  fi
}
finds() { # kind indicator period
  if ! python3 - "$tmp/out" "$@" <<'PY'; then
import json, sys
path, kind, ind, per = sys.argv[1:]
rows = [json.loads(l) for l in open(path) if l.strip()]
ok = any(r["kind"] == kind and r["indicator"] == ind and r["period"] == per for r in rows)
for r in rows:
    for k in ("kind", "severity", "indicator", "period", "docs", "values", "message"):
        assert k in r, k
sys.exit(0 if ok else 1)
PY
    echo "FAIL: no $1 finding for $2 $3"; cat "$tmp/out"; fail=1
  fi
}
none() { # kind
  if grep -q "\"kind\":\"$1\"" "$tmp/out"; then echo "FAIL: unexpected $1 finding"; cat "$tmp/out"; fail=1; fi
}
P="--published 2025-07-15"
# the table of cases (tests/data/check/cases.tsv): each on a fresh database,
# its findings exactly as listed
n=0
while IFS=$'\t' read -r stored checked published expected; do
  [[ -z $stored || $stored == \#* ]] && continue
  n=$((n + 1))
  db=$tmp/case$n.db
  for s in $stored; do
    [[ $s == - ]] && continue
    f=${s%@*}
    if [[ $f == *.jsonl ]]; then
      CHITIEU_DB=$db "$bin" import "$data/$f" >/dev/null 2>&1 || { echo "FAIL: case $n: import $f"; fail=1; }
    else
      CHITIEU_DB=$db "$bin" ingest --quiet --published "${s#*@}" "$data/$f" ||
        { echo "FAIL: case $n: ingest $f"; fail=1; }
    fi
  done
  args=()
  if [[ $checked != - ]]; then
    args=(--published "$published")
    for f in $checked; do args+=("$data/$f"); done
  fi
  CHITIEU_DB=$db "$bin" check --format jsonl "${args[@]}" >"$tmp/out" 2>"$tmp/err"
  got=$?
  want_status=1
  [[ $expected == - ]] && want_status=0
  [[ $got == "$want_status" ]] || { echo "FAIL: case $n ($checked): exit $got, want $want_status"; cat "$tmp/err"; fail=1; }
  if ! python3 - "$tmp/out" "$expected" "$n" <<'PY'; then
import json, sys
path, expected, n = sys.argv[1:]
rows = [json.loads(l) for l in open(path) if l.strip()]
got = sorted("|".join([r["kind"], r["severity"], r["indicator"], r["period"]] +
                      ([r["area"]] if r["area"] else [])) for r in rows)
want = sorted(e.strip() for e in expected.split(";")) if expected != "-" else []
for r in rows:  # every finding is whole: id, figures, sentences, the journalist's line
    assert len(r["id"]) == 16 and r["explanation"] and r["quotes"] and all(r["quotes"]), r
if got != want:
    print(f"FAIL: case {n}: got {got}, want {want}")
    sys.exit(1)
PY
    fail=1
  fi
done <"$data/cases.tsv"
[[ $n -ge 18 ]] || { echo "FAIL: only $n cases read"; fail=1; }
# the arithmetic message: the computed change in Vietnamese notation
run 1 check --format jsonl $P "$data/arithmetic.txt"
grep -q '33,33%' "$tmp/out" || { echo "FAIL: message lacks the computed change in Vietnamese format"; fail=1; }
# the journalist's line, and an id that stays the same run after run
run 1 check --format jsonl --published 2025-11-05 "$data/est_oct.txt" "$data/est_sep.txt"
grep -q 'Doanh thu toàn ngành Thông tin và Truyền thông tháng 10/2025 (410.000 tỷ đồng) được ghi tăng 6% so với tháng 9/2025' "$tmp/out" ||
  { echo "FAIL: no journalist's line"; cat "$tmp/out"; fail=1; }
id1=$(grep -o '"id":"[0-9a-f]*"' "$tmp/out" | sort)
run 1 check --format jsonl --published 2025-11-05 "$data/est_sep.txt" "$data/est_oct.txt"
[[ $(grep -o '"id":"[0-9a-f]*"' "$tmp/out" | sort) == "$id1" ]] || { echo "FAIL: ids change with the order of files"; fail=1; }
# against the database: a stored value contradicts a stated change
run 0 ingest --quiet $P "$data/stored_a.txt" "$data/conflict_a.txt"
run 1 check --format jsonl $P "$data/stored_b.txt"
finds stated_vs_stored telecom.fixed_bb_subs 2025-06
run 1 check --format jsonl $P "$data/conflict_b.txt"
finds conflict infosec.revenue 2025-Q1
grep -q '"quotes":\[' "$tmp/out" || { echo "FAIL: no quoted sentences"; fail=1; }
# the whole database, and conflicts only
run 0 check --format jsonl
run 0 ingest --quiet $P "$data/conflict_b.txt"
run 1 conflicts --format jsonl
finds conflict infosec.revenue 2025-Q1
run 1 check --format table
grep -q 'conflict' "$tmp/out" || { echo "FAIL: table lacks the finding"; fail=1; }
grep -q '^documents: 3 checked, 2 red, 0 yellow, 1 green$' "$tmp/out" || { echo "FAIL: no per-document summary"; cat "$tmp/out"; fail=1; }
grep -q '^red     conflict_b                   1 major, 0 minor, 0 info$' "$tmp/out" || { echo "FAIL: summary line"; cat "$tmp/out"; fail=1; }
run 1 check --format table $P "$data/conflict_b.txt" "$data/points_rel.txt" "$data/points.txt"
grep -q '^documents: 3 checked, 1 red, 0 yellow, 2 green$' "$tmp/out" || { echo "FAIL: summary of files"; cat "$tmp/out"; fail=1; }
grep -q '^green   points_rel                   0 major, 0 minor, 0 info$' "$tmp/out" || { echo "FAIL: green file"; cat "$tmp/out"; fail=1; }
grep -q '^green   points                       0 major, 0 minor, 1 info$' "$tmp/out" || { echo "FAIL: info is green"; cat "$tmp/out"; fail=1; }
grep -q '«Doanh thu lĩnh vực an toàn thông tin mạng quý 1/2025 là 640 tỷ đồng.»' "$tmp/out" ||
  { echo "FAIL: table lacks the quoted sentence"; cat "$tmp/out"; fail=1; }
# errors: 2
run 2 check --format xml
run 2 check $P "$tmp/missing.txt"
printf 'a\xffb' >"$tmp/bad.txt"
run 2 check $P "$tmp/bad.txt"
grep -q "bad.txt:1: invalid UTF-8" "$tmp/err" || { echo "FAIL: bad UTF-8 message"; cat "$tmp/err"; fail=1; }
run 2 conflicts "$data/parts.txt"
exit $fail
