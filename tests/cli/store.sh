#!/usr/bin/env bash
# The database commands end to end: ingest (idempotent, per-file errors,
# --reextract, --index), documents, series in each format, import (bad rows
# commit nothing, --skip-bad, CSV and JSON Lines, round trip of extract
# output), schema migration and refusal of a newer schema.
set -u
bin=$1
src=$2
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
expect() { # description python-expression-on-out
  if ! python3 -c "import json,sys; out=open('$tmp/out').read(); err=open('$tmp/err').read(); sys.exit(0 if ($2) else 1)"; then
    echo "FAIL: $1"; echo "--- out"; head -20 "$tmp/out"; echo "--- err"; cat "$tmp/err"; fail=1
  fi
}
samples=$src/data/samples
data=$src/tests/data/check
sql() { sqlite3 "$CHITIEU_DB" "$1"; }

# ingest: a directory, then the same again (nothing new)
run 0 ingest --published 2025-07-20 "$samples"
expect "summary names documents stored" "'2 documents stored' in err"
n1=$(sql "select count(*) from observations")
[[ $n1 -gt 10 ]] || { echo "FAIL: only $n1 observations stored"; fail=1; }
run 0 ingest --published 2025-07-20 "$samples"
expect "second ingest adds nothing" "'0 documents stored, 2 unchanged' in err"
[[ $(sql "select count(*) from documents") == 2 ]] || { echo "FAIL: documents duplicated"; fail=1; }
[[ $(sql "select count(*) from observations") == "$n1" ]] || { echo "FAIL: observations duplicated"; fail=1; }
[[ $(sql "pragma journal_mode") == wal ]] || { echo "FAIL: not WAL"; fail=1; }
[[ $(sql "pragma user_version") == 6 ]] || { echo "FAIL: schema version"; fail=1; }
# the full text and its hash are kept for provenance
sql "select text from documents where name='bao-cao-thang-5-2025'" >"$tmp/text"
cmp -s <(head -c 200 "$tmp/text") <(head -c 200 "$samples/bao-cao-thang-5-2025.txt") ||
  { echo "FAIL: stored text differs"; fail=1; }
[[ $(sql "select sha256 from documents where name='bao-cao-thang-5-2025'") == $(sha256sum "$samples/bao-cao-thang-5-2025.txt" | cut -c1-64) ]] ||
  { echo "FAIL: content hash is not the SHA-256 of the file"; fail=1; }

# per-file errors do not stop the others; the status is the worst seen
printf 'Doanh thu \xff\n' >"$tmp/bad.txt"
run 66 ingest --published 2025-07-20 "$tmp/bad.txt" "$data/parts.txt" "$tmp/nope.txt"
expect "bad file named with its offset" "'bad.txt:10: invalid UTF-8' in err"
expect "missing file named" "'nope.txt' in err"
[[ $(sql "select count(*) from documents where name='parts'") == 1 ]] || { echo "FAIL: good file not stored"; fail=1; }
[[ $(sql "select count(*) from documents where name='bad'") == 0 ]] || { echo "FAIL: bad file stored"; fail=1; }

# documents
run 0 documents --format csv
expect "documents lists three" "len(out.strip().splitlines()) == 4 and 'parts' in out"

# --reextract gives the same records (the grammar did not change)
before=$(sql "select indicator, p_first, p_last, mant, exp from observations order by 1,2,3,4" | md5sum)
pts=$(sql "select count(*), sum(nobs) from points")
run 0 ingest --reextract --quiet
after=$(sql "select indicator, p_first, p_last, mant, exp from observations order by 1,2,3,4" | md5sum)
[[ $before == "$after" ]] || { echo "FAIL: --reextract changed the records"; fail=1; }
[[ $pts == $(sql "select count(*), sum(nobs) from points") ]] || { echo "FAIL: points out of step after --reextract"; fail=1; }

# --index: per-document publication dates
printf 'doc\tpublished\tsource\nconflict_a\t2025-04-20\tnews site A\nconflict_b\t2025-05-02\thttps://example.vn/b\n' >"$tmp/idx.tsv"
run 0 ingest --index "$tmp/idx.tsv" "$data/conflict_a.txt" "$data/conflict_b.txt"
expect "index dates used and the conflict counted" "'1 finding' in err"
[[ $(sql "select published||' '||source from documents where name='conflict_b'") == "2025-05-02 https://example.vn/b" ]] ||
  { echo "FAIL: --index not applied"; fail=1; }

# series: the latest publication is chosen, the other value kept, conflict marked
run 0 series infosec.revenue --format json
expect "series json" "(lambda d: d['rows'][0]['period']=='2025-Q1' and d['rows'][0]['chosen']['value']==640000000000 and d['rows'][0]['conflict'] and d['rows'][0]['why']=='latest' and d['rows'][0]['others'][0]['doc']=='conflict_a')(json.loads(out))"
run 0 series infosec.revenue --format csv --from 2025-Q1 --to 2025-Q1
expect "series csv" "out.splitlines()[0].startswith('period,value') and out.splitlines()[1].startswith('2025-Q1,640000000000,VND')"
run 0 series infosec.revenue --format table
expect "series table in Vietnamese format" "'640 tỷ đồng' in out and '700 tỷ đồng' in out and 'quý 1/2025' in out"
run 66 series no.such.code
run 64 series infosec.revenue --from 2025-X9

# import: a bad row stores nothing; --skip-bad stores the rest
cat >"$tmp/in.csv" <<'CSV'
type,doc,indicator,period,value,unit,approx,role,area,changes
observation,sheet1,telecom.revenue,2025-Q1,90000000000000,VND,estimate,reported,,yoy:5.5:2024-Q1
observation,sheet1,telecom.nothing,2025-Q1,1,VND,,reported,,
observation,sheet1,telecom.revenue,2025-Q9,1,VND,,reported,,
observation,sheet1,postal.revenue,2025-Q1,"12,5",VND,,reported,,
observation,sheet1,telecom.revenue,2024-Q1,85000000000000,VND,,baseline,,
CSV
docs0=$(sql "select count(*) from documents")
run 65 import "$tmp/in.csv"
expect "bad rows named by line" "'in.csv:3: unknown indicator' in err and 'in.csv:4: bad or missing period' in err and 'in.csv:5: value is not a number' in err and 'nothing stored' in err"
[[ $(sql "select count(*) from documents") == "$docs0" ]] || { echo "FAIL: a file with bad rows committed"; fail=1; }
run 65 import --skip-bad "$tmp/in.csv"
[[ $(sql "select count(*) from observations o join documents d on d.id=o.doc_id where d.name='sheet1'") == 2 ]] ||
  { echo "FAIL: --skip-bad did not store the good rows"; fail=1; }
run 65 import --skip-bad "$tmp/in.csv"
expect "import is idempotent" "'0 documents stored, 1 unchanged' in err"
run 0 series telecom.revenue --format json
expect "imported precision kept (90 nghìn tỷ written as 9e13)" "json.loads(out)['rows'][-1]['chosen']['value']==90000000000000 and json.loads(out)['rows'][-1]['stated_yoy']==5.5"

# round trip: extract's JSON Lines import back to the same records
"$bin" extract --published 2025-07-20 --format jsonl "$samples/so-ket-6-thang-2025.txt" >"$tmp/x.jsonl"
rm -f "$tmp/r.db"*
CHITIEU_DB=$tmp/r.db run 0 import "$tmp/x.jsonl"
n=$(wc -l <"$tmp/x.jsonl")
[[ $(sqlite3 "$tmp/r.db" "select (select count(*) from observations)+(select count(*) from targets)") == "$n" ]] ||
  { echo "FAIL: JSONL round trip lost records"; fail=1; }
printf '{"indicator": "infosec.revenue", "period": "2025"\n' >"$tmp/bad.jsonl"
CHITIEU_DB=$tmp/r.db run 65 import "$tmp/bad.jsonl"
expect "bad JSON named by line" "'bad.jsonl:1: not a JSON object' in err"

# a record's confidence is imported and stored; out of [0,1] is refused
printf '{"indicator":"infosec.revenue","period":"2025","value":1,"unit":"VND","confidence":0.5,"doc":"conf"}\n' >"$tmp/conf.jsonl"
CHITIEU_DB=$tmp/c.db run 0 import "$tmp/conf.jsonl"
[[ $(sqlite3 "$tmp/c.db" "select confidence from observations") == 0.5 ]] || { echo "FAIL: confidence not stored"; fail=1; }
printf 'indicator,period,value,unit,confidence\ninfosec.revenue,2025,1,VND,1.5\n' >"$tmp/conf.csv"
CHITIEU_DB=$tmp/c.db run 65 import "$tmp/conf.csv"
expect "confidence out of range refused" "'confidence must be a number from 0 to 1' in err"

# migration: a version-1 file opens, migrates and gets its points
rm -f "$tmp/m.db"*
CHITIEU_SCHEMA_MAX=1 CHITIEU_DB=$tmp/m.db run 0 ingest --quiet --no-check --published 2025-07-20 "$samples"
[[ $(sqlite3 "$tmp/m.db" "pragma user_version") == 1 ]] || { echo "FAIL: could not make a v1 file"; fail=1; }
CHITIEU_DB=$tmp/m.db run 0 series infosec.attacks --format csv
[[ $(sqlite3 "$tmp/m.db" "pragma user_version") == 6 ]] && [[ $(sqlite3 "$tmp/m.db" "select count(*) from tokens") == 0 ]] || { echo "FAIL: not migrated"; fail=1; }
expect "migrated points serve the series" "len(out.splitlines()) >= 2"
# migration 3 → 4: the records stay, each gets a confidence of 0, and the
# export lists it
rm -f "$tmp/m3.db"*
CHITIEU_SCHEMA_MAX=3 CHITIEU_DB=$tmp/m3.db run 0 ingest --quiet --no-check --published 2025-07-20 "$samples"
[[ $(sqlite3 "$tmp/m3.db" "pragma user_version") == 3 ]] || { echo "FAIL: could not make a v3 file"; fail=1; }
n3=$(sqlite3 "$tmp/m3.db" "select (select count(*) from observations)+(select count(*) from targets)")
sqlite3 "$tmp/m3.db" "select confidence from observations" 2>/dev/null && { echo "FAIL: v3 has confidence"; fail=1; }
CHITIEU_DB=$tmp/m3.db run 0 export --format jsonl
[[ $(sqlite3 "$tmp/m3.db" "pragma user_version") == 6 ]] || { echo "FAIL: 3 not migrated to 4"; fail=1; }
[[ $(sqlite3 "$tmp/m3.db" "select (select count(*) from observations where confidence = 0)+(select count(*) from targets where confidence = 0)") == "$n3" ]] ||
  { echo "FAIL: records lost or confidence not 0 after migrating 3 to 4"; fail=1; }
expect "export lists the confidence" "all(json.loads(l)['confidence'] == 0 for l in out.splitlines()) and len(out.splitlines()) == $n3"
# migration 4 → 5: the records stay, none hidden or made by a review, and
# the reviews table answers
rm -f "$tmp/m4.db"*
CHITIEU_SCHEMA_MAX=4 CHITIEU_DB=$tmp/m4.db run 0 ingest --quiet --no-check --published 2025-07-20 "$samples"
[[ $(sqlite3 "$tmp/m4.db" "pragma user_version") == 4 ]] || { echo "FAIL: could not make a v4 file"; fail=1; }
n4=$(sqlite3 "$tmp/m4.db" "select count(*) from observations")
CHITIEU_DB=$tmp/m4.db run 0 review log
[[ $(sqlite3 "$tmp/m4.db" "pragma user_version") == 6 ]] || { echo "FAIL: 4 not migrated to 5"; fail=1; }
[[ $(sqlite3 "$tmp/m4.db" "select count(*) from observations where hidden = 0 and review_id is null") == "$n4" ]] ||
  { echo "FAIL: records lost or changed after migrating 4 to 5"; fail=1; }
# migration 5 → 6: finding marks and document versions, none yet
rm -f "$tmp/m5.db"*
CHITIEU_SCHEMA_MAX=5 CHITIEU_DB=$tmp/m5.db run 0 ingest --quiet --no-check --published 2025-07-20 "$samples"
[[ $(sqlite3 "$tmp/m5.db" "pragma user_version") == 5 ]] || { echo "FAIL: could not make a v5 file"; fail=1; }
CHITIEU_DB=$tmp/m5.db run 0 findings log
[[ $(sqlite3 "$tmp/m5.db" "pragma user_version") == 6 && $(sqlite3 "$tmp/m5.db" "select count(*) from finding_marks; select count(*) from doc_versions") == $'0\n0' ]] ||
  { echo "FAIL: 5 not migrated to 6"; fail=1; }
# a newer file is refused, clearly
sqlite3 "$tmp/m.db" "pragma user_version = 9"
CHITIEU_DB=$tmp/m.db run 65 documents
expect "newer schema refused" "'schema version 9 is newer than this chitieu (6)' in err"
# not a database

# --area: a text whose area the user knows; its figures stay out of the
# national series, and a sentence about the whole country stays national
printf 'Tháng 9/2025, số thuê bao băng rộng cố định đạt 1,32 triệu thuê bao. Cả nước có 24 triệu thuê bao băng rộng cố định.\n' >"$tmp/tinh.txt"
run 0 ingest --published 2025-10-10 --area "tỉnh Nghệ An" --no-check "$tmp/tinh.txt"
run 0 series telecom.fixed_bb_subs --area "Nghệ An" --format json
expect "the province's series holds its figure" "any(r['period'] == '2025-09' and r['chosen']['value'] == 1320000 for r in json.loads(out)['rows'])"
run 0 series telecom.fixed_bb_subs --format json
expect "the national series holds the country's figure, not the province's" "[r['chosen']['value'] for r in json.loads(out)['rows'] if r['period'] == '2025-09'] == [24000000]"
run 64 ingest --area "Atlantis" "$tmp/tinh.txt"
expect "an unknown area named" "'Atlantis' in err and 'not an area' in err"
run 0 check --area "Nghệ An" --format jsonl "$tmp/tinh.txt"
run 2 check --area "Atlantis" "$tmp/tinh.txt"
expect "check: an unknown area named" "'not an area' in err"
echo "hello" >"$tmp/not.db"
CHITIEU_DB=$tmp/not.db run 65 documents
expect "not a database" "'not.db' in err"
[[ $(sql "pragma integrity_check") == ok ]] || { echo "FAIL: integrity_check"; fail=1; }
# issue 13 item 10: DIR/ stores DIR/FILE as the source, not DIR//FILE
mkdir -p "$tmp/slash"
printf 'Tháng 3/2026 có 17 cuộc tấn công mạng.\n' >"$tmp/slash/one.txt"
CHITIEU_DB=$tmp/slash.db run 0 ingest --quiet "$tmp/slash/"
got=$(sqlite3 "$tmp/slash.db" "select source from documents")
[[ $got == "$tmp/slash/one.txt" ]] || { echo "FAIL: DIR/ source is '$got'"; fail=1; }

# issue 13 item 10: two ingests of one folder at once both succeed and store
# each document once (the lookup of a text's hash is the truth at commit)
mkdir -p "$tmp/race"
for i in $(seq 1 30); do
  printf 'Tháng %d/2026 có %d cuộc tấn công mạng vào hệ thống số %d.\n' $(( i % 12 + 1 )) $(( 100 + i )) "$i" >"$tmp/race/r$i.txt"
done
for round in 1 2 3; do
  rm -f "$tmp/race.db"*
  CHITIEU_DB=$tmp/race.db "$bin" ingest --quiet --no-check --published 2026-12-01 "$tmp/race" 2>"$tmp/race1.err" &
  p1=$!
  CHITIEU_DB=$tmp/race.db "$bin" ingest --quiet --no-check --published 2026-12-01 "$tmp/race" 2>"$tmp/race2.err" &
  p2=$!
  wait $p1; s1=$?
  wait $p2; s2=$?
  if [[ $s1 != 0 || $s2 != 0 ]]; then
    echo "FAIL: concurrent ingests (round $round) exit $s1 and $s2"; cat "$tmp/race1.err" "$tmp/race2.err"; fail=1; break
  fi
  got=$(sqlite3 "$tmp/race.db" "select count(*), count(distinct sha256) from documents")
  [[ $got == "30|30" ]] || { echo "FAIL: concurrent ingests stored $got documents"; fail=1; break; }
done

# issue 13 item 11: a malformed CSV row is one bad row; the rows after it
# are stored and the counts say so (a stray quote inside a cell, a quote
# opened and never closed; a quoted cell over two lines keeps the lines right)
python3 - "$tmp" <<'PY'
import sys
rows = ["doc,indicator,period,value,unit,ghi chú"]
for i in range(1000):
    rows.append("stray,infosec.attacks,%d-%02d,%d,incidents," % (1940 + i // 12, i % 12 + 1, 100 + i))
rows[1] += '"hai\ndòng"'
rows[3] = rows[3].replace(",1", ',1"', 1)
rows[500] = rows[500].replace("stray,", 'stray,"', 1)
open(sys.argv[1] + "/stray.csv", "w").write("\n".join(rows) + "\n")
PY
CHITIEU_DB=$tmp/stray.db run 65 import --skip-bad "$tmp/stray.csv"
expect "stray quotes: two bad rows named by their lines, 998 stored" "'stray.csv:5: malformed CSV' in err and 'stray.csv:502: malformed CSV' in err and '998 records, 2 bad rows' in err"
[[ $(sqlite3 "$tmp/stray.db" "select count(*) from observations") == 998 ]] ||
  { echo "FAIL: stray quotes: $(sqlite3 "$tmp/stray.db" "select count(*) from observations") rows stored, want 998"; fail=1; }

# issue 13 item 12: what becomes a name in an import row (doc, source, area)
# is checked at the edge: control bytes, escapes, paths, ids, 5,000 bytes
python3 - "$tmp" <<'PY'
import json, sys
good = {"indicator": "infosec.attacks", "period": "2026-01", "value": 5, "unit": "incidents"}
bad = [{"doc": "a\x1b[31mred"}, {"doc": "../../etc/passwd"}, {"doc": "x" * 5000}, {"doc": "12"},
       {"doc": "..", "source": "s"}, {"source": "s\x07"}, {"doc": "c1\x85"}, {"area": "H\x1b[0m"},
       {"area": "a" * 64}, {"source": "y" * 256}]
rows = [dict(good, doc="nhan-tot")] + [dict(good, **b) for b in bad] + [dict(good, doc="nhan-tot-2", source="Sở TT&TT Huế")]
open(sys.argv[1] + "/names.jsonl", "w").write("".join(json.dumps(r) + "\n" for r in rows))
PY
CHITIEU_DB=$tmp/names.db run 65 import "$tmp/names.jsonl"
expect "bad names in import rows named by line" "all('names.jsonl:%d: %s' % (l, w) in err for l, w in ((2, 'doc: no control'), (3, 'doc: no \\'/\\''), (4, 'doc: at most 100 bytes'), (5, 'doc: all digits'), (6, 'doc: \\'.\\''), (7, 'source: no control'), (8, 'doc: no control'), (9, 'area: no control'), (10, 'area: at most 63'), (11, 'source: at most 255'))) and '\\x1b' not in repr(err) and 'nothing stored' in err"
CHITIEU_DB=$tmp/names.db run 65 import --skip-bad "$tmp/names.jsonl"
[[ $(sqlite3 "$tmp/names.db" "select group_concat(name, ' ') from (select name from documents order by name)") == "nhan-tot nhan-tot-2" ]] ||
  { echo "FAIL: import names: stored $(sqlite3 "$tmp/names.db" "select group_concat(quote(name)) from documents" | head -c 300)"; fail=1; }

# issue 13 item 17: lax values refused, each a bad row named by its line
cat >"$tmp/lax.csv" <<'CSV'
doc,indicator,period,value,unit,published,min,max,span_start,span_end,value_span_start,value_span_end
lax,infosec.attacks,2026-01,.,incidents,,,,,,,
lax,infosec.attacks,2026-02,5,incidents,2026-02-31,,,,,,
lax,infosec.attacks,2026-03,1e,incidents,,,,,,,
lax,infosec.attacks,2026-04,-,incidents,,,,,,,
lax,infosec.attacks,2026,,incidents,,900,100,,,,
lax,infosec.attacks,2026-05,6,incidents,,,,50,10,,
lax,infosec.attacks,2026-06,7,incidents,,,,10,50,5,20
lax,infosec.attacks,2026-07,8,incidents,2024-02-29,,,10,50,12,20
CSV
CHITIEU_DB=$tmp/lax.db run 65 import --skip-bad "$tmp/lax.csv"
expect "lax values named by line" "all('lax.csv:%d: %s' % (l, w) in err for l, w in ((2, 'value is not a number'), (3, 'published must be a date'), (4, 'value is not a number'), (5, 'value is not a number'), (6, 'min is above max'), (7, 'span_start/span_end'), (8, 'span_start/span_end'))) and '1 records, 7 bad rows' in err"
run 64 ingest --published 2026-02-31 "$data/parts.txt"
expect "--published 2026-02-31 refused" "'2026-02-31' in err"
printf '\xef\xbb\xbf{"doc":"bom","indicator":"infosec.attacks","period":"2026-08","value":3,"unit":"incidents"}\n' >"$tmp/bom.jsonl"
printf '\xef\xbb\xbfdoc,indicator,period,value,unit\nbom-csv,infosec.attacks,2026-09,4,incidents\n' >"$tmp/bom.csv"
CHITIEU_DB=$tmp/lax.db run 0 import "$tmp/bom.jsonl" "$tmp/bom.csv"
[[ $(sqlite3 "$tmp/lax.db" "select count(*) from documents where name in ('bom', 'bom-csv')") == 2 ]] ||
  { echo "FAIL: a BOM before the first line of an import"; fail=1; }
{ printf 'indicator\tx.whole\tcount\tflow\t-\tTổng\n'
  for i in 1 2 3 4 5 6 7 8; do printf 'indicator\tx.p%d\tcount\tflow\t-\tPhần %d\n' $i $i; done
  printf 'parts\tx.whole\tx.p1|x.p2|x.p3|x.p4|x.p5|x.p6|x.p7|x.p8\n'; } >"$tmp/parts8.tsv"
run 78 catalog --catalog "$tmp/parts8.tsv"
expect "eight parts: an error naming the line" "'parts8.tsv:10: at most 7 parts' in err"

exit $fail
