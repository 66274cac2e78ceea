#!/usr/bin/env bash
# Crash safety: `chitieu ingest` of 1,000 documents is killed with SIGKILL
# part-way. The database must open, pass PRAGMA integrity_check, and hold
# every document either with all of its records (as many as `extract`
# gives for its file) or not at all; ingesting again completes the rest.
set -u
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHITIEU_DB=$tmp/k.db
mkdir "$tmp/docs"
# 1,000 distinct documents written from the samples: each figure changed
python3 - "$src/data/samples" "$tmp/docs" <<'PY'
import os, re, sys
src, dst = sys.argv[1:]
texts = [open(os.path.join(src, f), encoding="utf-8").read() for f in sorted(os.listdir(src))]
for i in range(1000):
    t = texts[i % len(texts)]
    k = [0]
    def bump(m):
        k[0] += 1
        return str(int(m.group(0)) + (i + k[0]) % 7) if len(m.group(0)) < 4 else m.group(0)
    body = re.sub(r"\d+", bump, t)
    with open(os.path.join(dst, f"doc{i:04d}.txt"), "w", encoding="utf-8") as f:
        f.write(f"Bản tin số {i + 1}\n\n" + (body + "\n\n") * 6)
PY
"$bin" ingest --quiet --no-check --published 2025-07-20 "$tmp/docs" &
pid=$!
killed=0
for _ in $(seq 1 400); do
  n=$(sqlite3 "$CHITIEU_DB" "select count(*) from documents" 2>/dev/null || echo 0)
  if [[ ${n:-0} -ge 100 ]]; then kill -9 $pid 2>/dev/null && killed=1; break; fi
  sleep 0.02
done
wait $pid 2>/dev/null
fail=0
[[ $killed == 1 ]] || { echo "FAIL: ingest was not caught mid-way"; fail=1; }
[[ $(sqlite3 "$CHITIEU_DB" "pragma integrity_check") == ok ]] || { echo "FAIL: integrity_check"; fail=1; }
stored=$(sqlite3 "$CHITIEU_DB" "select count(*) from documents")
echo "killed after $stored of 1000 documents"
[[ $stored -lt 1000 ]] || { echo "FAIL: the kill came after the end"; fail=1; }
# every stored document complete: its record count equals extract's
"$bin" extract --published 2025-07-20 --format jsonl "$tmp"/docs/*.txt >"$tmp/all.jsonl"
sqlite3 -separator ' ' "$CHITIEU_DB" "select d.name, (select count(*) from observations o where o.doc_id=d.id) + (select count(*) from targets t where t.doc_id=d.id) from documents d" >"$tmp/stored.txt"
python3 - "$tmp/all.jsonl" "$tmp/stored.txt" <<'PY' || fail=1
import collections, json, sys
want = collections.Counter(json.loads(l)["doc"] for l in open(sys.argv[1]))
bad = 0
for line in open(sys.argv[2]):
    name, n = line.split()
    if int(n) != want[name]:
        print(f"FAIL: {name} has {n} records stored, extract gives {want[name]}"); bad = 1
sys.exit(bad)
PY
# the database is usable and a second run stores exactly the rest
"$bin" ingest --quiet --no-check --published 2025-07-20 "$tmp/docs" || { echo "FAIL: ingest after the kill"; fail=1; }
[[ $(sqlite3 "$CHITIEU_DB" "select count(*) from documents") == 1000 ]] || { echo "FAIL: not all documents after the second run"; fail=1; }
[[ $(sqlite3 "$CHITIEU_DB" "select count(distinct sha256) from documents") == 1000 ]] || { echo "FAIL: duplicates"; fail=1; }
[[ $(sqlite3 "$CHITIEU_DB" "select count(*) from observations") == $(python3 -c "import json;print(sum(1 for l in open('$tmp/all.jsonl') if json.loads(l)['type']=='observation'))") ]] ||
  { echo "FAIL: observation count after completion"; fail=1; }
exit $fail
