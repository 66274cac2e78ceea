#!/usr/bin/env bash
# Extraction accuracy on ../shared/corpus, scored by the shared
# eval-extract; fails under the bars of issue 2 (observation F1 >= 0.95,
# change F1 >= 0.90, target F1 >= 0.90). Skipped (77) without ../shared.
set -u
bin=$1
shared=$2
if [[ ! -x $shared/tools/eval-extract || ! -f $shared/corpus/docs.tsv ]]; then
  echo "SKIP: $shared/corpus not present: accuracy not measured"
  exit 77
fi
pred=$(mktemp)
tail -n +2 "$shared/corpus/docs.tsv" | while IFS=$'\t' read -r doc published _; do
  [[ $published =~ ^[0-9]{4}-[0-9]{2}$ ]] && published="$published-15"
  "$bin" extract --published "$published" --doc "$doc" --format jsonl \
    "$shared/corpus/docs/$doc.txt" >>"$pred" || echo "extract failed on $doc"
done
out=$("$shared/tools/eval-extract" --gold "$shared/corpus/gold" --pred "$pred")
rm -f "$pred"
echo "$out" | tail -4
f1() { echo "$out" | grep "^TOTAL$1" | sed -E 's/.*F1=([0-9.]+).*/\1/' | head -1; }
obs=$(f1 " 20 docs *observations"); [[ -n $obs ]] || obs=$(f1 ".*observations")
chg=$(f1 " changes"); tgt=$(f1 " targets")
echo "observation F1 $obs, change F1 $chg, target F1 $tgt"
python3 -c "import sys; o,c,t=map(float,sys.argv[1:]); sys.exit(0 if o>=0.95 and c>=0.90 and t>=0.90 else 1)" \
  "$obs" "$chg" "$tgt" || { echo "FAIL: below the bar (0.95 / 0.90 / 0.90)"; exit 1; }
