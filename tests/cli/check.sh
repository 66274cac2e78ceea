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
# each kind from one text, without a database
run 1 check --format jsonl $P "$data/arithmetic.txt"
finds arithmetic infosec.revenue 2025-Q2
grep -q '"severity":"major"' "$tmp/out" || { echo "FAIL: 600 vs 450 is +33%, not +50%: major"; fail=1; }
grep -q '33,33%' "$tmp/out" || { echo "FAIL: message lacks the computed change in Vietnamese format"; fail=1; }
run 1 check --format jsonl $P "$data/ref_period.txt"
finds ref_period esign.gov_certs_active 2025-05
none arithmetic
run 1 check --format jsonl $P "$data/parts.txt"
finds parts infosec.attacks 2025-04
run 1 check --format jsonl $P "$data/plan.txt"
finds plan ict.revenue 2025
# two documents that disagree; two that agree within the precision written
run 1 check --format jsonl $P "$data/conflict_a.txt" "$data/conflict_b.txt"
finds conflict infosec.revenue 2025-Q1
run 0 check --format jsonl $P "$data/conflict_a.txt" "$data/agree_b.txt"
none conflict
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
