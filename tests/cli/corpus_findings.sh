#!/usr/bin/env bash
# After ingesting ../shared/corpus/docs (dates from docs.tsv), `chitieu
# check` reports every finding of corpus/findings.jsonl and of the
# project's tests/data/check/corpus-findings.jsonl (the lines of
# findings-next.jsonl that check reports now), matched on kind, indicator
# and period, and no conflict for the pairs marked "none". It prints the
# findings listed in neither file, each to be looked at.
# Skipped (77) without ../shared.
set -u
bin=$1
shared=$2
src=${3:-$(dirname "$0")/../..}
if [[ ! -f $shared/corpus/findings.jsonl || ! -d $shared/corpus/docs ]]; then
  echo "SKIP: $shared/corpus not present: findings not measured"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHITIEU_DB=$tmp/c.db
"$bin" ingest --index "$shared/corpus/docs.tsv" "$shared/corpus/docs" || { echo "FAIL: ingest"; exit 1; }
"$bin" check --format jsonl >"$tmp/found.jsonl"
st=$?
[[ $st == 1 ]] || { echo "FAIL: check exit $st, want 1 (findings)"; exit 1; }
python3 - "$shared/corpus/findings.jsonl" "$tmp/found.jsonl" "$src/tests/data/check/corpus-findings.jsonl" <<'PY'
import json, sys
want = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
want += [json.loads(l) for l in open(sys.argv[3]) if l.strip()]
got = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
keys = {(g["kind"], g["indicator"], g["period"]) for g in got}
bad = 0
for w in want:
    if w["kind"] == "none":
        if ("conflict", w["indicator"], w["period"]) in keys:
            print("FAIL: false alarm:", w["indicator"], w["period"], w.get("note", "")); bad = 1
        else:
            print("ok   none", w["indicator"], w["period"])
    elif (w["kind"], w["indicator"], w["period"]) in keys:
        print("ok  ", w["kind"], w["indicator"], w["period"])
    else:
        print("FAIL: missed", w["kind"], w["indicator"], w["period"]); bad = 1
listed = {(w["kind"], w["indicator"], w["period"]) for w in want}
extra = [g for g in got if (g["kind"], g["indicator"], g["period"]) not in listed]
print(f"{len(got)} findings, {len(got) - len(extra)} listed, {len(extra)} others:")
for g in extra:
    print("     ", g["kind"], g["severity"], g["indicator"], g["period"], g["docs"])
sys.exit(bad)
PY
