#!/usr/bin/env bash
# chitieu eval against ../shared/tools/eval-extract on the shared corpus:
# the same per-document and total figures, with and without
# --min-confidence, in text and in JSON; and the rule table of the unit
# test agrees with the tool. Skipped (77) without ../shared.
set -u
bin=$1
shared=$2
if [[ ! -x $shared/tools/eval-extract || ! -d $shared/corpus/gold ]]; then
  echo "SKIP: $shared/corpus not present"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
tail -n +2 "$shared/corpus/docs.tsv" | while IFS=$'\t' read -r doc published _; do
  "$bin" extract --published "$published" --doc "$doc" --format jsonl \
    "$shared/corpus/docs/$doc.txt" >>"$tmp/pred.jsonl" || echo "extract failed on $doc"
done
for args in "" "--min-confidence 0.9" "--json"; do
  # shellcheck disable=SC2086
  "$shared/tools/eval-extract" --gold "$shared/corpus/gold" --pred "$tmp/pred.jsonl" $args >"$tmp/py.txt"
  # shellcheck disable=SC2086
  "$bin" eval --gold "$shared/corpus/gold" --index "$shared/corpus/docs.tsv" ${args/--json/--format json} \
    "$shared/corpus/docs/"*.txt >"$tmp/c.txt" || { echo "FAIL: eval $args exited $?"; fail=1; }
  if ! diff "$tmp/py.txt" "$tmp/c.txt"; then echo "FAIL: eval $args differs from eval-extract"; fail=1; fi
done
# the rule table of the unit test (tests/data/eval.tsv) says what the tool says
python3 - "$shared/tools/eval-extract" "$(dirname "$0")/../data/eval.tsv" "$tmp" <<'PY' || fail=1
import os, re, subprocess, sys
tool, table, tmp = sys.argv[1:]
bad = 0
for n, line in enumerate(open(table, encoding="utf-8"), 1):
    if not line.strip() or line.startswith("#"):
        continue
    name, gold, pred, want = line.rstrip("\n").split("\t")
    os.makedirs(tmp + "/g", exist_ok=True)
    for side, path in ((gold, tmp + "/g/d.jsonl"), (pred, tmp + "/p.jsonl")):
        open(path, "w", encoding="utf-8").write("".join(x.strip() + "\n" for x in side.split(" ;; ") if x.strip()))
    out = subprocess.run([tool, "--gold", tmp + "/g", "--pred", tmp + "/p.jsonl"], capture_output=True, text=True).stdout
    got = " | ".join(" ".join(t) for t in re.findall(r"tp=(\d+) fp=(\d+) fn=(\d+)", out)[1:4])
    if got != want:
        bad += 1
        print("FAIL: eval.tsv:%d: %s: eval-extract gives %s, the table %s" % (n, name, got, want))
sys.exit(1 if bad else 0)
PY
tail -4 "$tmp/c.txt"
grep -q '"obs_f1"' "$tmp/c.txt" || { echo "FAIL: no JSON totals"; fail=1; }
[[ $fail == 0 ]] && echo "corpus_eval: ok"
exit $fail
