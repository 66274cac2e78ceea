#!/usr/bin/env bash
# The same commands on SQLite and on PostgreSQL give the same bytes: the
# shared corpus (or, without ../shared, the sample reports) ingested into
# both, then series (every indicator, csv and jsonl, national and by
# area), check, conflicts, CSV and JSON Lines export, documents and
# targets compared; --reextract and reviews (accept, correct, reject, add)
# keep them equal; db copy both ways gives the same answers again. Then
# on PostgreSQL alone: ingesting again stores
# nothing, two concurrent ingests of one folder store each document once
# and fail none, a newer schema is refused, a server that is not there is
# one line and exit 74.
#
# usage: backends.sh CHITIEU SOURCE_DIR SHARED_DIR
# Exit 77 (skipped) without PostgreSQL server binaries, unless $CI is set.
set -u
bin=$1
src=$2
shared=$3
here=$(dirname "$0")
tmp=$(mktemp -d /tmp/ct_pgb.XXXXXX)
chmod 755 "$tmp" # the server runs as an unprivileged user when we are root
fail=0
url=$("$here/pg-server.sh" start "$tmp/pg")
st=$?
if [[ $st != 0 ]]; then rm -rf "$tmp"; exit $st; fi
trap '"$here/pg-server.sh" stop "$tmp/pg"; rm -rf "$tmp"' EXIT
sock=$tmp/pg/sock
psql() { command psql -X -q -At -h "$sock" -U chitieu "$@"; }
newdb() { # name: a fresh database, its URL on stdout
  psql -d postgres -c "CREATE DATABASE $1" >/dev/null || { echo "FAIL: CREATE DATABASE $1"; exit 1; }
  echo "postgresql:///$1?host=$sock&user=chitieu"
}
lite=$tmp/t.db
pg=$url

same() { # description args... : the command on both backends, byte for byte
  local what=$1; shift
  "$bin" "$@" --db "$lite" >"$tmp/a.out" 2>"$tmp/a.err"; local sa=$?
  "$bin" "$@" --db "$pg" >"$tmp/b.out" 2>"$tmp/b.err"; local sb=$?
  if [[ $sa != "$sb" ]] || ! cmp -s "$tmp/a.out" "$tmp/b.out" || ! cmp -s "$tmp/a.err" "$tmp/b.err"; then
    echo "FAIL: $what: chitieu $*: sqlite exit $sa, postgresql exit $sb"
    diff "$tmp/a.out" "$tmp/b.out" | head -8; diff "$tmp/a.err" "$tmp/b.err" | head -4
    fail=1
  fi
  [[ -n ${quiet:-} || -s $tmp/a.out || -s $tmp/a.err ]] || { echo "FAIL: $what: no output to compare"; fail=1; }
}

if [[ -d $shared/corpus/docs && -f $shared/corpus/docs.tsv ]]; then
  corpus=(--index "$shared/corpus/docs.tsv" "$shared/corpus/docs")
else
  echo "note: $shared/corpus not present: the sample reports stand in"
  corpus=(--published 2025-07-20 "$src/data/samples")
fi

same "ingest" ingest "${corpus[@]}"
n=$(psql -d chitieu -c "select count(*) from documents")
[[ $n -gt 1 ]] || { echo "FAIL: only $n documents in PostgreSQL"; fail=1; }
[[ $(psql -d chitieu -c "select schema_version from chitieu_meta") == 5 ]] || { echo "FAIL: schema version"; fail=1; }
# the text is kept byte for byte, its hash is the file's
f=$(ls "${corpus[-1]}" | head -1)
psql -d chitieu -c "select encode(text, 'base64') from documents where name = '${f%.*}'" | base64 -d >"$tmp/text"
cmp -s "$tmp/text" "${corpus[-1]}/$f" || { echo "FAIL: stored text differs from $f"; fail=1; }

codes=$(sqlite3 "$lite" "select distinct indicator from observations order by 1")
pairs=$(sqlite3 -separator ' ' "$lite" "select distinct indicator, area from observations where area <> '' order by 1, 2")
compare_all() { # label [full]: full adds every (indicator, area) series
  for c in $codes; do
    same "$1 series $c csv" series "$c" --format csv
    [[ -n ${2:-} ]] && same "$1 series $c jsonl" series "$c" --format jsonl
  done
  if [[ -n ${2:-} ]]; then
    while read -r c a; do
      [[ -n $a ]] && same "$1 series $c in $a" series "$c" --area "$a" --format csv
    done <<<"$pairs"
  fi
  same "$1 check" check --format jsonl
  same "$1 conflicts" conflicts
  same "$1 export csv" export --format csv
  same "$1 export jsonl" export --format jsonl
  same "$1 export sdmx-csv" export --format sdmx-csv
  same "$1 documents" documents --format csv
  same "$1 targets" targets --year 2025
  [[ -n ${2:-} ]] && same "$1 review list" review list --below 1 --format jsonl
  # a re-extraction numbers the records anew (SQLite reuses freed row ids,
  # PostgreSQL's sequences do not) and so does a copy: the records must
  # agree, and their order up to ties of confidence (broken by id)
  "$bin" review list --below 1 --format jsonl --db "$lite" | sed 's/^{"id":[0-9]*,//' | sort >"$tmp/a.rl"
  "$bin" review list --below 1 --format jsonl --db "$pg" | sed 's/^{"id":[0-9]*,//' | sort >"$tmp/b.rl"
  cmp -s "$tmp/a.rl" "$tmp/b.rl" && [[ -s $tmp/a.rl ]] || { echo "FAIL: $1 review list differs"; diff "$tmp/a.rl" "$tmp/b.rl" | head -4; fail=1; }
}
compare_all corpus full
[[ $(echo "$codes" | wc -w) -gt 5 ]] || { echo "FAIL: too few indicators compared"; fail=1; }

same "re-ingest stores nothing" ingest "${corpus[@]}"
grep -q "0 documents stored" "$tmp/b.err" || { echo "FAIL: second ingest stored again"; cat "$tmp/b.err"; fail=1; }

# reviews on both (record ids agree: both stored the same rows in order,
# and nothing was re-extracted yet)
ids=$(sqlite3 "$lite" "select id from observations where review_id is null order by id limit 4")
set -- $ids
if [[ $# == 4 ]]; then
  same "accept" review accept "$1" --by tester --note ok
  same "reject" review reject "$2" --by tester
  v=$(sqlite3 "$lite" "select mant * 2 from observations where id = $3 and exp = 0")
  [[ -n $v ]] && same "correct" review correct "$3" --value "$v" --by tester
  doc=$(sqlite3 "$lite" "select doc_id from observations where id = $4")
  same "add" review add --doc "$doc" --indicator infosec.attacks --period 2024-Q1 --value 1234 --by tester
  r1=$(sqlite3 "$lite" "select count(*), sum(attached) from reviews")
  r2=$(psql -d chitieu -F '|' -c "select count(*), sum(attached) from reviews")
  [[ $r1 == "$r2" && ${r1%%|*} -ge 3 ]] || { echo "FAIL: reviews stored: sqlite $r1, postgresql $r2"; fail=1; }
  compare_all reviewed full
else
  echo "FAIL: no records to review"; fail=1
fi
# re-extraction re-attaches the reviews alike
quiet=1 same "reextract" ingest --reextract --quiet
compare_all "reviewed, reextracted"

# db copy: SQLite into an empty PostgreSQL database and PostgreSQL into a
# new SQLite file give the same answers as the originals; the counts are
# checked; a target that is not empty is refused
cpdb=$(newdb copied)
"$bin" db copy "$lite" "$cpdb" 2>"$tmp/err" && grep -q "counts verified" "$tmp/err" ||
  { echo "FAIL: db copy sqlite → postgresql"; cat "$tmp/err"; fail=1; }
"$bin" db copy "$pg" "$tmp/back.db" 2>"$tmp/err" && grep -q "counts verified" "$tmp/err" ||
  { echo "FAIL: db copy postgresql → sqlite"; cat "$tmp/err"; fail=1; }
[[ $(sqlite3 "$tmp/back.db" "select count(*) from reviews") == $(sqlite3 "$lite" "select count(*) from reviews") ]] ||
  { echo "FAIL: reviews not copied"; fail=1; }
keep_pg=$pg
pg=$cpdb
compare_all "copied to postgresql"
pg=$keep_pg
keep_lite=$lite
lite=$tmp/back.db
compare_all "copied back to sqlite"
lite=$keep_lite
"$bin" db copy "$lite" "$cpdb" 2>"$tmp/err"; s=$?
[[ $s == 65 ]] && grep -q "not empty" "$tmp/err" || { echo "FAIL: copy into a full database: exit $s"; cat "$tmp/err"; fail=1; }
"$bin" db copy "$tmp/nope.db" "$tmp/x.db" 2>"$tmp/err"; s=$?
[[ $s == 66 && ! -e $tmp/x.db ]] || { echo "FAIL: copy from a missing file: exit $s"; fail=1; }

# two ingests of one folder at once: every document once, none failed
mkdir -p "$tmp/many"
python3 - "$tmp/many" <<'PY'
import sys, os
for i in range(600):
    with open(os.path.join(sys.argv[1], "bc-%04d.txt" % i), "w") as f:
        f.write("Báo cáo số %d. Trong quý %d/20%02d, doanh thu dịch vụ viễn thông đạt %d.%03d tỷ đồng, "
                "tăng %d,%d%% so với cùng kỳ năm trước. Số thuê bao băng rộng cố định đạt %d,%d triệu.\n"
                % (i, i % 4 + 1, 10 + i % 14, 30 + i % 50, i, i % 9 + 1, i % 10, 20 + i % 7, i % 10))
PY
two=$(newdb two)
"$bin" ingest --db "$two" --published 2025-01-15 "$tmp/many" 2>"$tmp/i1" & p1=$!
"$bin" ingest --db "$two" --published 2025-01-15 "$tmp/many" 2>"$tmp/i2" & p2=$!
wait $p1; s1=$?; wait $p2; s2=$?
[[ $s1 == 0 && $s2 == 0 ]] || { echo "FAIL: concurrent ingests exit $s1, $s2"; cat "$tmp/i1" "$tmp/i2"; fail=1; }
read -r d dd <<<"$(psql -d two -F ' ' -c "select count(*), count(distinct sha256) from documents")"
[[ $d == 600 && $dd == 600 ]] || { echo "FAIL: concurrent ingests stored $d documents ($dd distinct), want 600"; fail=1; }
stored=$(cat "$tmp/i1" "$tmp/i2" | sed -n 's/.*: \([0-9]*\) documents stored, \([0-9]*\) unchanged, \([0-9]*\) failed.*/\1 \2 \3/p')
python3 - "$stored" <<'PY' || fail=1
import sys
rows = [list(map(int, l.split())) for l in sys.argv[1].splitlines()]
ok = len(rows) == 2 and sum(r[0] for r in rows) == 600 and all(r[0] + r[1] == 600 and r[2] == 0 for r in rows)
if not ok:
    print("FAIL: concurrent ingest summaries", rows)
sys.exit(0 if ok else 1)
PY
# the observations match one ingest's (none doubled); points agree with them
o=$(psql -d two -c "select count(*) from observations")
pn=$(psql -d two -c "select sum(nobs) from points")
[[ $o -ge 1200 && $o == "$pn" ]] || { echo "FAIL: $o observations, points count $pn"; fail=1; }

# a newer schema is refused, with the version in one line
psql -d two -c "update chitieu_meta set schema_version = 6"
"$bin" series telecom.revenue --db "$two" >/dev/null 2>"$tmp/err"; s=$?
[[ $s == 65 ]] && grep -q "schema version 6 is newer than this chitieu (5)" "$tmp/err" && [[ $(wc -l <"$tmp/err") == 1 ]] ||
  { echo "FAIL: newer schema: exit $s"; cat "$tmp/err"; fail=1; }

# no server there: one line, exit 74, no password shown
"$bin" series telecom.revenue --db "postgresql://u:hunter2@/x?host=$tmp/none" >/dev/null 2>"$tmp/err"; s=$?
[[ $s == 74 && $(wc -l <"$tmp/err") == 1 ]] && grep -q "cannot connect to PostgreSQL" "$tmp/err" && ! grep -q hunter2 "$tmp/err" ||
  { echo "FAIL: unreachable server: exit $s"; cat "$tmp/err"; fail=1; }
# a read-only role (docs/deploy.md) reads as the owner does and cannot write
psql -d chitieu -c "CREATE ROLE analyst LOGIN; GRANT USAGE ON SCHEMA public TO analyst;
  GRANT SELECT ON ALL TABLES IN SCHEMA public TO analyst; REVOKE SELECT ON tokens FROM analyst;
  ALTER ROLE analyst SET default_transaction_read_only = on"
ro="postgresql:///chitieu?host=$sock&user=analyst"
"$bin" export --format csv --db "$ro" >"$tmp/ro.csv" 2>"$tmp/err" && cmp -s "$tmp/ro.csv" <("$bin" export --format csv --db "$pg") ||
  { echo "FAIL: the read-only role cannot export"; cat "$tmp/err"; fail=1; }
"$bin" ingest --db "$ro" --published 2025-01-15 "$tmp/many/bc-0001.txt" >/dev/null 2>"$tmp/err"; s=$?
[[ $s != 0 ]] && grep -q "read-only transaction" "$tmp/err" || { echo "FAIL: the read-only role wrote (exit $s)"; cat "$tmp/err"; fail=1; }
[[ $(psql -d chitieu -c "select count(*) from documents where name = 'bc-0001'") == 0 ]] || { echo "FAIL: a read-only ingest stored"; fail=1; }

# CHITIEU_DB takes a URL too
CHITIEU_DB=$pg "$bin" documents --format csv >"$tmp/env.out" 2>&1 && cmp -s "$tmp/env.out" <("$bin" documents --format csv --db "$pg") ||
  { echo "FAIL: CHITIEU_DB with a URL"; fail=1; }

exit $fail
