#!/usr/bin/env bash
# Imports and writers side by side (issue 13 item 6): rows grouped into
# documents whatever their order in the file; a dry-run import on the
# server takes no write lock (a concurrent `chitieu ingest` and any other
# writer go on while it is checked); a writer waits for another's
# transaction longer than 10 s instead of failing with "database is
# locked".
set -u
bin=$1
src=$2
fail=0
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"' EXIT
export CHITIEU_CATALOG=$src/data/catalog.tsv
db=$tmp/t.db
bad() { echo "FAIL: $*"; fail=1; }

# rows of 300 documents, 4 each, shuffled (and a second file of other
# values for the same keys, so that its dry run has conflicts to find)
python3 - "$tmp" <<'PY'
import random, sys
d = sys.argv[1]
random.seed(7)
inds = ["telecom.revenue", "postal.revenue", "infosec.revenue", "sector.revenue"]
for name, n, shift in (("a", 1200, 0), ("b", 16000, 1)):
    rows = []
    for i in range(n):
        doc = i // 4
        rows.append("observation,%s%d,%s,%d-%02d,%d000000000,VND,,reported,,"
                    % (name, doc, inds[i % 4], 2001 + doc // 12 % 20, doc % 12 + 1,
                       1000 + (doc * 7 + i % 4 + shift * 500) % 9000))
    random.shuffle(rows)
    with open("%s/%s.csv" % (d, name), "w") as f:
        f.write("type,doc,indicator,period,value,unit,approx,role,area,changes\n")
        f.write("\n".join(rows) + "\n")
PY

# grouping: one document per doc, in the order of its first row; its
# text its rows in file order; every row stored once
"$bin" import --db "$db" "$tmp/a.csv" 2>"$tmp/err" || bad "import a.csv: $(cat "$tmp/err")"
python3 - "$db" "$tmp/a.csv" <<'PY' || fail=1
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
lines = open(sys.argv[2]).read().splitlines()[1:]
first, text = [], {}
for l in lines:
    doc = l.split(",")[1]
    if doc not in text:
        first.append(doc)
        text[doc] = ""  # the stored text is the rows as read (their first fields compared)
    text[doc] += ",".join(l.split(",")[:6]) + "\n"
got = con.execute("select name, text from documents order by id").fetchall()
if [g[0] for g in got] != first:
    sys.exit("FAIL: documents not in the order of their first rows")
if any("".join(",".join(r.split(",")[:6]) + "\n" for r in t.splitlines()) != text[n] for n, t in got):
    sys.exit("FAIL: a document's text is not its rows in file order")
n = con.execute("select count(*) from observations").fetchone()[0]
if n != len(lines):
    sys.exit("FAIL: %d observations stored for %d rows" % (n, len(lines)))
PY
"$bin" import --db "$db" "$tmp/a.csv" 2>"$tmp/err"
grep -q "0 documents stored, 300 unchanged" "$tmp/err" || bad "import again: $(cat "$tmp/err")"

# a dry-run import of 16,000 rows while another writer takes the lock
# again and again (no wait: a lock held by the dry run is a failure) and
# a `chitieu ingest` runs
token=$("$bin" token create --name t --role editor --db "$db")
"$bin" serve --db "$db" --listen 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pids+=($!)
for _ in $(seq 100); do grep -q http "$tmp/serve.out" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*/' "$tmp/serve.out")
[[ -n $url ]] || { bad "serve did not start: $(cat "$tmp/serve.err")"; exit 1; }
docs0=$(sqlite3 "$db" "select count(*) from documents")
python3 - "$db" "$tmp/locked" <<'PY' &
import sqlite3, sys, time, os
con = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
locked, tries = [], 0
end = time.time() + 60
first = True
# at least one try, and the script waits for it before the dry run starts
while first or (time.time() < end and not os.path.exists(sys.argv[2] + ".stop")):
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute("ROLLBACK")
    except sqlite3.OperationalError as e:
        if "locked" not in str(e) and "busy" not in str(e):
            raise
        locked.append(time.time())
    tries += 1
    if first:
        open(sys.argv[2] + ".ready", "w").close()
        first = False
    time.sleep(0.005)
open(sys.argv[2], "w").write("%d\n%s\n" % (tries, " ".join("%.3f" % t for t in locked)))
PY
probe=$!
pids+=($probe)
for _ in $(seq 300); do [[ -e $tmp/locked.ready ]] && break; sleep 0.05; done
curl -s -o "$tmp/dry.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
  -H 'Content-Type: text/csv' --data-binary @"$tmp/b.csv" "${url}api/import?dry_run=1" >"$tmp/dry.code" &
dry=$!
t0=$(date +%s.%N)
"$bin" ingest --quiet --published 2025-07-20 --db "$db" "$src/data/samples" 2>"$tmp/ingest.err" ||
  bad "ingest beside a dry run: $(cat "$tmp/ingest.err")"
t1=$(date +%s.%N)
wait $dry
touch "$tmp/locked.stop"
wait $probe
[[ $(cat "$tmp/dry.code") == 200 ]] || bad "dry run answered $(cat "$tmp/dry.code"): $(head -c 300 "$tmp/dry.json")"
python3 -c "
import json, sys
j = json.load(open('$tmp/dry.json'))
sys.exit(0 if j['dry_run'] and j['documents'] == 4000 and j['records'] == 16000 and
         any(f['kind'] == 'conflict' for f in j['findings']) else 1)" ||
  bad "dry run answer: $(head -c 300 "$tmp/dry.json")"
# the ingest's own transactions lock the probe out, and nothing else may
python3 - "$tmp/locked" "$t0" "$t1" <<'PY' || fail=1
import sys
lines = open(sys.argv[1]).read().split("\n")
tries, locked = int(lines[0]), [float(t) for t in lines[1].split()]
t0, t1 = float(sys.argv[2]), float(sys.argv[3]) + 0.05
out = [t for t in locked if not t0 <= t <= t1]
if not tries or out:
    sys.exit("FAIL: a writer found the database locked %d times in %d tries during a dry run"
             % (len(out), tries))
PY
ndocs=$(ls "$src/data/samples" | wc -l)
[[ $(sqlite3 "$db" "select count(*) from documents where name glob 'b[0-9]*'") == 0 ]] || bad "the dry run stored documents"
(($(sqlite3 "$db" "select count(*) from documents") == docs0 + ndocs)) || bad "ingest did not store the samples"

# a writer holding its transaction for 11 s: ingest waits for it
rm -f "$tmp/w.db"*
"$bin" ingest --quiet --published 2025-07-20 --db "$tmp/w.db" "$src/data/samples/$(ls "$src/data/samples" | head -1)"
python3 - "$tmp/w.db" <<'PY' &
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("UPDATE documents SET source = source")
time.sleep(11)
con.execute("COMMIT")
PY
holder=$!
pids+=($holder)
sleep 0.5
"$bin" ingest --quiet --published 2025-07-20 --db "$tmp/w.db" "$src/data/samples" 2>"$tmp/wait.err" ||
  bad "ingest behind an 11 s transaction: $(cat "$tmp/wait.err")"
wait $holder
exit $fail
