#!/usr/bin/env bash
# chitieu eval against ../shared/tools/eval-extract on the shared corpus:
# the same per-document and total figures, with and without
# --min-confidence, in text and in JSON. Skipped (77) without ../shared.
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
tail -4 "$tmp/c.txt"
grep -q '"obs_f1"' "$tmp/c.txt" || { echo "FAIL: no JSON totals"; fail=1; }
[[ $fail == 0 ]] && echo "corpus_eval: ok"
exit $fail
