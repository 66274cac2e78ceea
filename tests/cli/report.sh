#!/usr/bin/env bash
# `chitieu report`: for every period of the database, the text of the
# report (txt, md, and html without its charts), fed back to extract,
# yields exactly the records the report states (--records): same
# indicator, period, value and role, no more, no fewer. The database is the
# shared corpus when ../shared is there, else the texts of this repository.
# The HTML is rendered to PDF and PNG by headless Chromium when present.
set -u
bin=$1
src=$2
shared=$3
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHITIEU_DB=$tmp/r.db
if [[ -d $shared/corpus/docs ]]; then
  "$bin" ingest --quiet --index "$shared/corpus/docs.tsv" "$shared/corpus/docs" || fail=1
  sector_period=2024-Q1
else
  "$bin" ingest --quiet --published 2025-07-20 "$src/data/samples" "$src/tests/data/check" || fail=1
  sector_period=2025-Q1
fi
"$bin" export --format csv | python3 -c "
import csv, sys
ps = sorted({r['period'] for r in csv.DictReader(sys.stdin) if r['type'] == 'observation'})
print('\n'.join(ps))" >"$tmp/periods"
n=0
while read -r P; do
  for f in txt md html; do
    "$bin" report --period "$P" --format $f --as-of 2026-01 --records "$tmp/want.jsonl" -o "$tmp/rep.$f" ||
      { echo "FAIL: report $P $f"; fail=1; continue; }
    if [[ $f == html ]]; then
      python3 - "$tmp/rep.html" >"$tmp/rep.html.txt" <<'PY'
import html.parser, sys
class T(html.parser.HTMLParser):
    skip = 0; out = []
    def handle_starttag(self, tag, a):
        if tag in ("svg", "style", "title"): self.skip += 1
        if tag in ("p", "li", "tr", "h1", "h2", "h3", "section", "table"): self.out.append("\n")
        if tag == "td": self.out.append(" | ")
    def handle_endtag(self, tag):
        if tag in ("svg", "style", "title"): self.skip -= 1
    def handle_data(self, d):
        if not self.skip: self.out.append(d)
t = T(); t.feed(open(sys.argv[1], encoding="utf-8").read()); print("".join(t.out))
PY
      in=$tmp/rep.html.txt
    else
      in=$tmp/rep.$f
    fi
    "$bin" extract --published 2026-01-15 --doc report --format jsonl "$in" >"$tmp/got.jsonl" || { echo "FAIL: extract $P $f"; fail=1; }
    python3 - "$tmp/want.jsonl" "$tmp/got.jsonl" "$P" "$f" <<'PY' || fail=1
import json, sys
def key(r):
    return (r["indicator"], r["period"], r.get("value"), r.get("role"))
want = {key(json.loads(l)) for l in open(sys.argv[1]) if l.strip() and json.loads(l)["type"] == "observation"}
got = {key(json.loads(l)) for l in open(sys.argv[2]) if l.strip() and json.loads(l)["type"] == "observation"}
if want != got:
    print(f"FAIL: {sys.argv[3]} {sys.argv[4]}: round trip differs")
    for k in sorted(want - got, key=str): print("   stated, not read back:", k)
    for k in sorted(got - want, key=str): print("   read back, not stated:", k)
    sys.exit(1)
PY
  done
  n=$((n + 1))
done <"$tmp/periods"
echo "round trip: $n periods x 3 formats"
[[ $n -gt 0 ]] || { echo "FAIL: no periods"; fail=1; }
# latest, a sector, errors
"$bin" report --period latest --format md -o "$tmp/latest.md" || { echo "FAIL: latest"; fail=1; }
grep -q '^# Báo cáo số liệu ngành Thông tin và Truyền thông' "$tmp/latest.md" || { echo "FAIL: title"; fail=1; }
"$bin" report --period "$sector_period" --sector infosec --format txt >"$tmp/s.txt" || fail=1
grep -q "^An toàn thông tin mạng" "$tmp/s.txt" && ! grep -q "^Viễn thông$" "$tmp/s.txt" || { echo "FAIL: --sector"; fail=1; }
"$bin" report --period 2024-X1 >/dev/null 2>&1; [[ $? == 64 ]] || { echo "FAIL: bad period"; fail=1; }
"$bin" report --period 1999 >/dev/null 2>&1 || true
# the HTML in a real browser: A4 PDF and a screenshot
if command -v chromium >/dev/null; then
  "$bin" report --period latest --format html -o "$tmp/r.html" || fail=1
  timeout 120 chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$tmp/r.pdf" "file://$tmp/r.html" >/dev/null 2>&1
  timeout 120 chromium --headless --no-sandbox --disable-gpu --window-size=900,1300 \
    --screenshot="$tmp/r.png" "file://$tmp/r.html" >/dev/null 2>&1
  head -c 5 "$tmp/r.pdf" 2>/dev/null | grep -q '%PDF-' || { echo "FAIL: Chromium made no PDF"; fail=1; }
  python3 - "$tmp/r.pdf" "$tmp/r.png" <<'PY' || fail=1
import re, sys, struct
pdf = open(sys.argv[1], "rb").read()
# A4 is 595 x 842 points
boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
if not boxes or any(abs(float(w) - 595) > 2 or abs(float(h) - 842) > 2 for w, h in boxes):
    print("FAIL: PDF pages are not A4:", boxes[:3]); sys.exit(1)
png = open(sys.argv[2], "rb").read()
if png[:8] != b"\x89PNG\r\n\x1a\n": print("FAIL: no PNG"); sys.exit(1)
w, h = struct.unpack(">II", png[16:24])
if (w, h) != (900, 1300): print("FAIL: PNG size", w, h); sys.exit(1)
print(f"chromium: {len(boxes)} A4 page(s), screenshot {w}x{h}")
PY
  [[ -n ${CHITIEU_KEEP_SHOTS:-} ]] && cp "$tmp/r.png" "$tmp/r.pdf" "$CHITIEU_KEEP_SHOTS/" 2>/dev/null
else
  echo "note: chromium absent, the browser rendering was not checked (scripts/deps.sh installs it)"
fi
exit $fail
