#!/usr/bin/env bash
# Review and correction (issue 16) on a province report written for this
# test: after `review correct`, `review reject` and `review add`, `series
# --area` shows the corrected value, not the rejected one, and the added
# one, before and after `ingest --reextract`; `review log` lists the three
# with their reviewers; the raw extraction stays visible; a review killed
# inside its transaction leaves nothing half-applied.
set -u
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHITIEU_DB=$tmp/r.db
doc=$src/tests/data/review/nghe_an_q1.txt
fail=0
check() { # what, condition (bash)
  if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi
}
val() { # indicator -> its Nghệ An value of the first quarter, 2026 (empty when none)
  "$bin" series "$1" --area "Nghệ An" --format csv |
    awk -F, 'NR > 1 && ($1 == "2026-03" || $1 == "2026-Q1") { print $2 }'
}
id_of() { # indicator -> the id of its unreviewed record
  "$bin" review list --below 1.01 --format jsonl |
    python3 -c "import json,sys; print(next(r['id'] for r in map(json.loads, sys.stdin) if r['indicator'] == '$1'))"
}

"$bin" ingest --quiet --no-check --area "Nghệ An" "$doc" || { echo "FAIL: ingest"; exit 1; }
check "three records extracted" '[[ $(val telecom.mobile_subs) == 2150000 && $(val postal.revenue) == 96000000000 ]]'
check "the document keeps its area" '[[ $(sqlite3 "$CHITIEU_DB" "select area from documents") == "Nghệ An" ]]'
list=$("$bin" review list --below 1.01 --format jsonl)
check "list gives id, confidence, sentence and span" \
  'python3 -c "import json,sys; r=[json.loads(l) for l in sys.argv[1].splitlines()]; assert len(r)==3 and all({\"id\",\"confidence\",\"sentence\",\"span\"} <= set(x) for x in r) and r[0][\"confidence\"] <= r[-1][\"confidence\"] and \"2,15 triệu\" in [x for x in r if x[\"indicator\"]==\"telecom.mobile_subs\"][0][\"sentence\"]" "$list"'

# usage and refusals
"$bin" review correct 1 2>/dev/null; check "correct without a change is usage" '[[ $? == 64 ]]'
"$bin" review reject 999 --by lan 2>/dev/null; check "no such record refused" '[[ $? == 65 ]]'
"$bin" review correct "$(id_of telecom.mobile_subs)" --value "96 tỷ đồng" --by lan 2>/dev/null
check "a value in the wrong unit refused" '[[ $? == 65 && $(val telecom.mobile_subs) == 2150000 ]]'

mob=$(id_of telecom.mobile_subs)
post=$(id_of postal.revenue)
"$bin" review correct "$mob" --value "2,18 triệu thuê bao" --by lan --note "Sở đính chính" >/dev/null || { echo "FAIL: correct"; fail=1; }
"$bin" review reject "$post" --by minh >/dev/null || { echo "FAIL: reject"; fail=1; }
"$bin" review add --doc nghe_an_q1 --indicator telecom.mobile_bb_subs --period 2026-Q1 \
  --value 1330000 --area "Nghệ An" --by lan >/dev/null || { echo "FAIL: add"; fail=1; }

reviewed() {
  check "$1: corrected value in the series" '[[ $(val telecom.mobile_subs) == 2180000 ]]'
  check "$1: rejected value gone" '[[ -z $(val postal.revenue) ]]'
  check "$1: added value in the series" '[[ $(val telecom.mobile_bb_subs) == 1330000 ]]'
  log=$("$bin" review log --format jsonl)
  check "$1: log lists the three with their reviewers" \
    'python3 -c "import json,sys; r=[json.loads(l) for l in sys.argv[1].splitlines()]; assert [(x[\"action\"],x[\"by\"]) for x in r]==[(\"correct\",\"lan\"),(\"reject\",\"minh\"),(\"add\",\"lan\")] and all(x[\"attached\"] for x in r) and r[0][\"before\"][\"value\"]==2150000 and r[0][\"after\"][\"value\"]==2180000" "$log"'
  check "$1: raw extraction still stored" \
    '[[ $(sqlite3 "$CHITIEU_DB" "select count(*) from observations where review_id is null") == 3 ]]'
  check "$1: reviewed records leave the queue" '[[ $("$bin" review list --below 1.01 --format jsonl | wc -l) == 1 ]]'
}
reviewed "after review"
# the raw extraction on request: export --raw ignores the reviews
vals() { # export options -> "indicator=value" of the observations, sorted
  "$bin" export --format jsonl "$@" | python3 -c "import json,sys; print(' '.join(sorted('%s=%s' % (r['indicator'], r['value']) for r in map(json.loads, sys.stdin) if r.get('type') == 'observation')))"
}
check "export is the reviewed view" '[[ $(vals) == "telecom.fixed_bb_subs=412000 telecom.mobile_bb_subs=1330000 telecom.mobile_subs=2180000" ]]'
check "export --raw is the extraction" '[[ $(vals --raw) == "postal.revenue=96000000000 telecom.fixed_bb_subs=412000 telecom.mobile_subs=2150000" ]]'
"$bin" export --raw --format sdmx-csv 2>/dev/null; check "--raw has no sdmx-csv" '[[ $? == 64 ]]'
"$bin" ingest --quiet --no-check --reextract 2>"$tmp/err" || { echo "FAIL: reextract"; fail=1; }
reviewed "after --reextract"

# a review whose record the extraction no longer gives is reported, kept, detached
sqlite3 "$CHITIEU_DB" "update reviews set span_start = span_start + 1 where action = 'reject'"
"$bin" ingest --quiet --no-check --reextract 2>"$tmp/err"
check "lost review reported" 'grep -q "1 review no longer attach" "$tmp/err"'
check "lost review kept, detached" '[[ $(sqlite3 "$CHITIEU_DB" "select attached from reviews where action = '"'reject'"'") == 0 ]]'
check "its record is back in the series" '[[ $(val postal.revenue) == 96000000000 ]]'

# killed inside the review's transaction: nothing of it stays
before=$(sqlite3 "$CHITIEU_DB" "select count(*) from reviews; select count(*) from observations; select sum(hidden) from observations")
fbb=$(id_of telecom.fixed_bb_subs)
CHITIEU_TEST_REVIEW_PAUSE=30 "$bin" review correct "$fbb" --value "415.000 thuê bao" --by lan >/dev/null &
pid=$!
for _ in $(seq 1 200); do # wait until the transaction has written (WAL grows)
  [[ $(sqlite3 "$CHITIEU_DB" "pragma busy_timeout = 0; begin immediate; rollback" 2>&1) == *locked* ]] && break
  sleep 0.05
done
kill -9 $pid; wait $pid 2>/dev/null
check "kill caught the review mid-way" '[[ $(sqlite3 "$CHITIEU_DB" "pragma busy_timeout = 0; begin immediate; rollback" 2>&1) != *locked* ]]'
check "integrity after kill" '[[ $(sqlite3 "$CHITIEU_DB" "pragma integrity_check") == ok ]]'
after=$(sqlite3 "$CHITIEU_DB" "select count(*) from reviews; select count(*) from observations; select sum(hidden) from observations")
check "killed review left nothing" '[[ "$before" == "$after" && $(val telecom.fixed_bb_subs) == 412000 ]]'
"$bin" review correct "$fbb" --value "415.000 thuê bao" --by lan >/dev/null
check "the same review, not killed, lands" '[[ $(val telecom.fixed_bb_subs) == 415000 ]]'

# documents rm: the document and its records go, the reviews stay in the log
"$bin" documents rm nothing 2>/dev/null; check "rm of no document refused" '[[ $? == 65 ]]'
"$bin" documents rm nghe_an_q1 2>/dev/null || { echo "FAIL: documents rm"; fail=1; }
check "removed with its records" '[[ $(sqlite3 "$CHITIEU_DB" "select count(*) from documents; select count(*) from observations") == $'"'"'0\n0'"'"' && -z $(val telecom.mobile_subs) ]]'
check "reviews kept in the log" '[[ $("$bin" review log --format jsonl | wc -l) == 4 ]]'

[[ $fail == 0 ]] && echo "review: ok"
exit $fail
