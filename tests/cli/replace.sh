#!/usr/bin/env bash
# Documents replaced, not doubled (issue 16): `ingest --replace NAME FILE`
# stores a corrected report as the new version of document NAME; the old
# version stays with its text, in history, without records; its reviews
# carry over to the new text's records — by the same sentence, else by the
# figure written the same — and the one whose figure the new version
# changed is reported and kept, detached. Both reports are written for
# this test: the second shifts every sentence, rewords the postal one and
# corrects the fixed-broadband figure.
set -u
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHITIEU_DB=$tmp/r.db
v1=$src/tests/data/review/nghe_an_q1.txt
v2=$src/tests/data/review/nghe_an_q1_v2.txt
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
q() { sqlite3 "$CHITIEU_DB" "$1"; }

"$bin" ingest --quiet --no-check --area "Nghệ An" --published 2026-04-02 "$v1" || { echo "FAIL: ingest"; exit 1; }
"$bin" review correct "$(id_of telecom.mobile_subs)" --value "2,18 triệu thuê bao" --by lan >/dev/null
"$bin" review reject "$(id_of postal.revenue)" --by minh >/dev/null
"$bin" review accept "$(id_of telecom.fixed_bb_subs)" --by minh >/dev/null
"$bin" review add --doc nghe_an_q1 --indicator telecom.mobile_bb_subs --period 2026-Q1 \
  --value "1,33 triệu thuê bao" --area "Nghệ An" --by lan >/dev/null
check "reviewed before the replacement" '[[ $(val telecom.mobile_subs) == 2180000 && -z $(val postal.revenue) && $(val telecom.mobile_bb_subs) == 1330000 ]]'

# refusals change nothing
"$bin" ingest --replace nothing --no-check "$v2" 2>"$tmp/err"
check "no such document to replace" '[[ $? == 65 ]] && grep -q "no document .nothing. to replace" "$tmp/err"'
"$bin" ingest --replace nghe_an_q1 --no-check "$v1" "$v2" 2>/dev/null
check "--replace takes one file" '[[ $? == 64 ]]'
"$bin" ingest --replace nghe_an_q1 --no-check "$v1" 2>"$tmp/err"
check "the same text again is unchanged" '[[ $? == 0 && $(q "select count(*) from documents") == 1 ]]'
check "nothing replaced yet" '[[ $(q "select count(*) from doc_versions") == 0 ]]'

# killed inside the replacement's transaction (new version stored, records
# cleared, reviews carried, not committed): nothing of it stays
locked() { [[ $(q "pragma busy_timeout = 0; begin immediate; rollback" 2>&1) == *locked* ]]; }
state() { q "select count(*) from documents; select count(*) from doc_versions; select count(*) from observations; select group_concat(span_start || attached) from reviews"; }
before=$(state)
CHITIEU_TEST_REVIEW_PAUSE=30 "$bin" ingest --replace nghe_an_q1 --no-check "$v2" 2>/dev/null &
pid=$!
for _ in $(seq 1 200); do locked && break; sleep 0.05; done
check "kill caught the replacement mid-way" 'locked'
kill -9 $pid; wait $pid 2>/dev/null
check "the replacement's transaction is gone with the process" '! locked'
check "integrity after the killed replacement" '[[ $(q "pragma integrity_check") == ok ]]'
check "the killed replacement left nothing" '[[ "$before" == "$(state)" && $(val telecom.mobile_subs) == 2180000 ]]'

"$bin" ingest --replace nghe_an_q1 --no-check "$v2" 2>"$tmp/err" || { echo "FAIL: replace"; cat "$tmp/err"; fail=1; }
check "the replacement is said" 'grep -q "nghe_an_q1: document 2 replaces 1" "$tmp/err"'
check "the review of the changed figure is reported" 'grep -q "nghe_an_q1: 1 review no longer attach" "$tmp/err"'
reviewed() {
  check "$1: one document name, two versions, the old one in history" \
    '[[ $(q "select group_concat(name) from documents") == "nghe_an_q1,nghe_an_q1" && $(q "select doc_id || \" \" || replaced_by from doc_versions") == "1 2" ]]'
  check "$1: the old version keeps its text, not its records" \
    '[[ $(q "select count(*) from observations where doc_id = 1") == 0 ]] && [[ $(q "select hex(text) from documents where id = 1") == $(od -An -tx1 -v "$v1" | tr -d " \n" | tr a-f A-F) ]]'
  check "$1: the new version keeps the area and the date" '[[ $(q "select area || published from documents where id = 2") == "Nghệ An2026-04-02" ]]'
  check "$1: correction carried (same sentence, moved)" '[[ $(val telecom.mobile_subs) == 2180000 ]]'
  check "$1: rejection carried (the figure written the same)" '[[ -z $(val postal.revenue) ]]'
  check "$1: addition carried" '[[ $(val telecom.mobile_bb_subs) == 1330000 ]]'
  check "$1: the new version's own figure" '[[ $(val telecom.fixed_bb_subs) == 415000 ]]'
  log=$("$bin" review log --format jsonl)
  check "$1: the log: three attached, the accept of the changed figure detached" \
    'python3 -c "import json,sys; r=[json.loads(l) for l in sys.argv[1].splitlines()]; assert [(x[\"action\"],x[\"attached\"]) for x in r]==[(\"correct\",True),(\"reject\",True),(\"accept\",False),(\"add\",True)], r" "$log"'
}
reviewed "after --replace"
# the versions of one document: the old one replaced by the new, when and by whom
vers=$("$bin" documents versions nghe_an_q1 --format jsonl)
check "documents versions lists both, oldest first" \
  'python3 -c "import json,sys; r=[json.loads(l) for l in sys.argv[1].splitlines()]; assert [(x[\"id\"],x[\"current\"],x[\"replaced_by\"]) for x in r]==[(1,False,2),(2,True,None)] and r[0][\"at\"] and r[1][\"at\"] is None and len(r[0][\"sha256\"])==64, r" "$vers"'
check "documents versions: the table names the replacing version" \
  '"$bin" documents versions nghe_an_q1 | grep -q "^     1  [0-9a-f]\{12\}  thay bằng 2  " && "$bin" documents versions nghe_an_q1 | grep -q "^     2  [0-9a-f]\{12\}  hiện hành$"'
"$bin" documents versions khong_co 2>"$tmp/err" >/dev/null
check "documents versions of no document" '[[ $? == 65 ]] && grep -q "no document .khong_co." "$tmp/err"'
"$bin" documents versions nghe_an_q1 --format csv 2>/dev/null >/dev/null
check "documents versions: table or jsonl" '[[ $? == 64 ]]'
span=$("$bin" review log --format jsonl | python3 -c "import json,sys; print(json.loads(sys.stdin.readline())['span'][0])")
at=$(python3 -c "import sys; print(open(sys.argv[1], 'rb').read().find('Trong quý I'.encode()))" "$v2")
check "the correction now names its sentence in the new text" '[[ $span == "$at" && $at -gt 100 ]]'
"$bin" ingest --quiet --no-check --reextract 2>/dev/null
reviewed "after --reextract"
"$bin" ingest --replace 1 --no-check "$v2" 2>"$tmp/err"
check "an old version is not replaced again" '[[ $? == 65 ]] && grep -q "is an old version (replaced by 2)" "$tmp/err"'

[[ $fail == 0 ]] && echo "replace: ok"
exit $fail
