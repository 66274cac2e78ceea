#!/usr/bin/env bash
# Learning from reviews (issue 16): `review export --gold DIR` writes the
# reviewed documents as gold in the record contract, and `eval --gold DIR
# FILE` scores the extractor on them, as ../shared/tools/eval-extract
# would (compared here when ../shared is present). On the province report
# written for tests/cli/review.sh: one record corrected, one rejected, one
# added, so the extractor scores tp=1 fp=2 fn=2 on it.
set -u
bin=$1
src=$2
shared=$src/../shared
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHITIEU_DB=$tmp/e.db
doc=$src/tests/data/review/nghe_an_q1.txt
fail=0
check() { # what, condition (bash)
  if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi
}
id_of() { # indicator -> the id of its unreviewed record
  "$bin" review list --below 1.01 --format jsonl |
    python3 -c "import json,sys; print(next(r['id'] for r in map(json.loads, sys.stdin) if r['indicator'] == '$1'))"
}

"$bin" ingest --quiet --no-check --area "Nghệ An" --published 2026-04-02 "$doc" || { echo "FAIL: ingest"; exit 1; }
"$bin" review export --gold "$tmp/none" 2>"$tmp/err"
check "nothing reviewed: no gold document" '[[ $? == 0 && $(ls "$tmp/none") == docs.tsv ]] && grep -q "0 reviewed documents" "$tmp/err"'
"$bin" review correct "$(id_of telecom.mobile_subs)" --value "2,18 triệu thuê bao" --by lan >/dev/null
"$bin" review reject "$(id_of postal.revenue)" --by minh >/dev/null
"$bin" review add --doc nghe_an_q1 --indicator telecom.mobile_bb_subs --period 2026-Q1 \
  --value "1,33 triệu thuê bao" --area "Nghệ An" --by lan >/dev/null
"$bin" review export 2>/dev/null; check "export needs --gold" '[[ $? == 64 ]]'
"$bin" review export --gold "$tmp/gold" 2>"$tmp/err" || { echo "FAIL: export"; cat "$tmp/err"; fail=1; }
check "export says what it wrote" 'grep -q "1 reviewed document, 3 records" "$tmp/err"'
check "the gold is the reviewed view, in the record contract" \
  'python3 -c "
import json,sys
r=sorted((x[\"indicator\"],x[\"period\"],x[\"value\"],x[\"unit\"],x[\"area\"],x[\"doc\"],x[\"type\"]) for x in map(json.loads, open(sys.argv[1])))
assert r==[(\"telecom.fixed_bb_subs\",\"2026-Q1\",412000,\"subscribers\",\"Nghệ An\",\"nghe_an_q1\",\"observation\"),
           (\"telecom.mobile_bb_subs\",\"2026-Q1\",1330000,\"subscribers\",\"Nghệ An\",\"nghe_an_q1\",\"observation\"),
           (\"telecom.mobile_subs\",\"2026-Q1\",2180000,\"subscribers\",\"Nghệ An\",\"nghe_an_q1\",\"observation\")], r
" "$tmp/gold/nghe_an_q1.jsonl"'
check "the text and the index beside it" \
  'cmp -s "$tmp/gold/nghe_an_q1.txt" "$doc" && [[ $(sed -n 2p "$tmp/gold/docs.tsv") == "nghe_an_q1	2026-04-02	$doc	Nghệ An" ]]'

"$bin" eval --gold "$tmp/gold" --index "$tmp/gold/docs.tsv" "$tmp/gold/nghe_an_q1.txt" >"$tmp/c.txt"
check "eval scores the extractor on the reviewed report" \
  'grep -q "^nghe_an_q1  *observations P=0.333 R=0.333 F1=0.333 (tp=1 fp=2 fn=2)$" "$tmp/c.txt" && grep -q "^TOTAL changes      P=0.000 R=0.000 F1=0.000 (tp=0 fp=0 fn=1)$" "$tmp/c.txt"'
"$bin" eval --gold "$tmp/gold" --index "$tmp/gold/docs.tsv" --min-f1 0.5 "$tmp/gold/nghe_an_q1.txt" >/dev/null
check "--min-f1 above the score exits 1" '[[ $? == 1 ]]'
# bad input: a gold line that is not JSON, named by file and line
cp -r "$tmp/gold" "$tmp/bad"
printf '{"type":"observation"\n' >>"$tmp/bad/nghe_an_q1.jsonl"
"$bin" eval --gold "$tmp/bad" "$doc" 2>"$tmp/err" >/dev/null
check "a bad gold line is 65 with file and line" '[[ $? == 65 ]] && grep -q "bad/nghe_an_q1.jsonl:4: not a JSON object" "$tmp/err"'
"$bin" eval --gold "$tmp/nothing" "$doc" 2>/dev/null; check "no gold directory is 66" '[[ $? == 66 ]]'
"$bin" eval --gold "$tmp/gold" "$src/tests/data/review/ha_tinh_q1.txt" 2>"$tmp/err"
check "a file without gold is not scored (66 when none is)" '[[ $? == 66 ]] && grep -q "no gold" "$tmp/err"'

# the same figures as the shared tool, on this gold
if [[ -x $shared/tools/eval-extract ]]; then
  "$bin" extract --published 2026-04-02 --area "Nghệ An" --format jsonl "$doc" >"$tmp/pred.jsonl"
  "$shared/tools/eval-extract" --gold "$tmp/gold" --pred "$tmp/pred.jsonl" >"$tmp/py.txt"
  check "eval-extract agrees on the exported gold" 'diff "$tmp/py.txt" "$tmp/c.txt"'
fi

[[ $fail == 0 ]] && echo "eval: ok"
exit $fail
