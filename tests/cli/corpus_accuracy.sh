#!/usr/bin/env bash
# Extraction accuracy on ../shared/corpus, scored by the shared
# eval-extract; fails under the floor in tests/data/accuracy-floor.tsv
# (raised with every gain, never lowered). Skipped (77) without ../shared.
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
# calibration (docs/confidence.md): records at confidence >= 0.9 are right at
# least 95% of the time
conf=$("$shared/tools/eval-extract" --gold "$shared/corpus/gold" --pred "$pred" --min-confidence 0.9)
rm -f "$pred"
cp=$(echo "$conf" | grep "^TOTAL.*observations" | sed -E 's/.*P=([0-9.]+).*/\1/' | head -1)
cn=$(echo "$conf" | grep "^TOTAL.*observations" | sed -E 's/.*tp=([0-9]+) fp=([0-9]+).*/\1+\2/' | head -1)
echo "confidence >= 0.9: $((cn)) observations, precision $cp"
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= 0.95 else 1)" "$cp" ||
  { echo "FAIL: records at confidence >= 0.9 are right only $cp of the time (< 0.95)"; exit 1; }
echo "$out" | tail -4
f1() { echo "$out" | grep "^TOTAL$1" | sed -E 's/.*F1=([0-9.]+).*/\1/' | head -1; }
obs=$(f1 " 20 docs *observations"); [[ -n $obs ]] || obs=$(f1 ".*observations")
chg=$(f1 " changes"); tgt=$(f1 " targets")
echo "observation F1 $obs, change F1 $chg, target F1 $tgt"
floor=$(grep -v '^#' "$(dirname "$0")/../data/accuracy-floor.tsv" | head -1)
read -r fo fc ft <<<"$floor"
python3 -c "import sys; o,c,t,a,b,d=map(float,sys.argv[1:]); sys.exit(0 if o>=a and c>=b and t>=d else 1)" \
  "$obs" "$chg" "$tgt" "$fo" "$fc" "$ft" || { echo "FAIL: below the floor ($fo / $fc / $ft)"; exit 1; }
echo "floor $fo / $fc / $ft: ok"
