#!/usr/bin/env bash
# Documents in (docs/formats.md): one report of our own (tests/data/formats/
# report.txt) as a saved news page, a PDF printed from it, a DOCX, and in
# VISCII, Windows-1258, TCVN3 and UTF-16 gives the same records (type,
# indicator, period, value) from `extract FILE` as the UTF-8 text, with no
# option but the file; a decoded file's note is one line on stderr; other
# files get a one-line error naming what they look like.
set -u
bin=$1
src=$2
fx=$src/tests/data/formats
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
key() { # records as "type indicator period value", sorted
  python3 -c '
import json, sys
rows = sorted("%s %s %s %s" % (r["type"], r["indicator"], r["period"], r.get("value")) for r in map(json.loads, sys.stdin))
print("\n".join(rows))'
}
"$bin" extract --format jsonl "$fx/report.txt" | key >"$tmp/want"
[[ $(wc -l <"$tmp/want") -ge 6 ]] || { echo "FAIL: the UTF-8 text gives too few records"; cat "$tmp/want"; fail=1; }
# the page, the PDF and the DOCX also hold the provinces' table the text
# lacks: its two rows are the caption's rate for its quarter, per province
{ cat "$tmp/want"; printf '%s\n' "observation telecom.fixed_bb_household_rate 2025-Q1 68.54" \
    "observation telecom.fixed_bb_household_rate 2025-Q1 71.2"; } | LC_ALL=C sort >"$tmp/want_table"
for f in news.html report.pdf columns.pdf report.docx report.viscii.txt report.cp1258.txt report.tcvn3.txt report.utf16.txt; do
  if ! "$bin" extract --format jsonl "$fx/$f" >"$tmp/out" 2>"$tmp/err"; then
    echo "FAIL $f: exit status"; cat "$tmp/err"; fail=1; continue
  fi
  key <"$tmp/out" >"$tmp/got"
  w=$tmp/want
  case $f in news.html | report.pdf | report.docx) w=$tmp/want_table ;; esac
  if ! cmp -s "$w" "$tmp/got"; then echo "FAIL $f: other records"; diff "$w" "$tmp/got"; fail=1; fi
  case $f in
    *.viscii.txt) note="not UTF-8: decoded as VISCII" ;;
    *.cp1258.txt) note="not UTF-8: decoded as CP1258" ;;
    *.tcvn3.txt) note="not UTF-8: decoded as TCVN3" ;;
    *.utf16.txt) note="decoded from UTF-16LE" ;;
    *) note="" ;;
  esac
  if [[ -n $note ]]; then
    [[ $(cat "$tmp/err") == "$fx/$f: $note" ]] || { echo "FAIL $f: note"; cat "$tmp/err"; fail=1; }
  else
    [[ ! -s $tmp/err ]] || { echo "FAIL $f: stderr not empty"; cat "$tmp/err"; fail=1; }
  fi
done
# the page's text: article only (no menu, footer, related links, scripts),
# entities decoded, table rows as lines
"$bin" extract --text "$fx/news.html" >"$tmp/page.txt"
for want in "Hà Nam | 68,54%" "Sở Thông tin và Truyền thông tổng kết quý 1/2025" "127,3 triệu thuê bao"; do
  grep -qxF "$want" "$tmp/page.txt" || grep -qF "$want" "$tmp/page.txt" || { echo "FAIL html: no '$want'"; fail=1; }
done
for junk in "Trang chủ" "Tin liên quan" "Giấy phép" "dataLayer" "99 tỷ" "Quảng cáo" "Đọc nhiều" "Chia sẻ" "&"; do
  grep -qF "$junk" "$tmp/page.txt" && { echo "FAIL html: '$junk' kept"; fail=1; }
done
# a page's own date (its metadata) resolves periods written without a year,
# as --published does; --published still wins
printf '<html><head><meta name="pubdate" content="2025-04-10"></head><body><p>Doanh thu dịch vụ viễn thông tháng 3 ước đạt 28.500 tỷ đồng.</p></body></html>' >"$tmp/dated.html"
"$bin" extract --format jsonl "$tmp/dated.html" | grep -q '"indicator":"telecom.revenue","period":"2025-03"' ||
  { echo "FAIL: the page's date"; "$bin" extract --format jsonl "$tmp/dated.html"; fail=1; }
"$bin" extract --published 2024-04 --format jsonl "$tmp/dated.html" | grep -q '"period":"2024-03"' ||
  { echo "FAIL: --published over the page's date"; fail=1; }
# PDF and DOCX: a paragraph is one line (printed lines joined), rows as lines
for f in report.pdf report.docx; do
  "$bin" extract --text "$fx/$f" >"$tmp/t"
  grep -qxF "Ninh Bình | 71,20%" "$tmp/t" || { echo "FAIL $f: table row"; cat "$tmp/t"; fail=1; }
  grep -qx "Doanh thu lĩnh vực bưu chính .* 21.650 tỷ đồng." "$tmp/t" || { echo "FAIL $f: paragraph not one line"; cat "$tmp/t"; fail=1; }
done
"$bin" extract --text "$fx/columns.pdf" | grep -qF "Số địa chỉ IP nằm trong mạng botnet" ||
  { echo "FAIL columns.pdf: a sentence cut at the column break"; fail=1; }
# the text layer is NFC: CP1258 writes tone marks as combining characters
"$bin" extract --text "$fx/report.cp1258.txt" >"$tmp/t" 2>/dev/null
python3 -c 'import sys, unicodedata; t = open(sys.argv[1], encoding="utf-8").read(); sys.exit(0 if unicodedata.normalize("NFC", t) == t else 1)' "$tmp/t" ||
  { echo "FAIL cp1258: text not NFC"; fail=1; }
# UTF-8 text is read as it is: the text is the file, byte for byte
"$bin" extract --text "$fx/report.txt" | cmp -s - "$fx/report.txt" || { echo "FAIL: text changed"; fail=1; }
# --encoding forces one (aliases too); an unknown one is a usage error
"$bin" extract --encoding windows-1258 --format jsonl "$fx/report.cp1258.txt" 2>"$tmp/err" | key | cmp -s - "$tmp/want" ||
  { echo "FAIL: --encoding windows-1258"; cat "$tmp/err"; fail=1; }
"$bin" extract --encoding bogus-9 "$fx/report.cp1258.txt" >/dev/null 2>"$tmp/err"; st=$?
[[ $st == 64 ]] || { echo "FAIL: unknown encoding exit $st"; fail=1; }
grep -q "unknown encoding 'bogus-9'" "$tmp/err" || { echo "FAIL: unknown encoding message"; cat "$tmp/err"; fail=1; }
# too short to tell the legacy encodings apart: the error names them and --encoding
printf 'B\xe1o c\xe1o\n' >"$tmp/short.txt"
"$bin" extract "$tmp/short.txt" >/dev/null 2>"$tmp/err"; st=$?
[[ $st == 65 && $(wc -l <"$tmp/err") == 1 ]] || { echo "FAIL short: exit $st"; cat "$tmp/err"; fail=1; }
grep -q "give --encoding NAME" "$tmp/err" || { echo "FAIL short: no hint"; cat "$tmp/err"; fail=1; }
"$bin" extract --encoding CP1258 --text "$tmp/short.txt" | grep -qx "Báo cáo" || { echo "FAIL short forced"; fail=1; }
# what other files look like
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' >"$tmp/img.txt"
python3 -c 'import zipfile, sys; z = zipfile.ZipFile(sys.argv[1], "w"); z.writestr("a.txt", "x"); z.close()' "$tmp/a.zip"
python3 -c 'import zipfile, sys; z = zipfile.ZipFile(sys.argv[1], "w"); z.writestr("xl/workbook.xml", "<w/>"); z.close()' "$tmp/b.xlsx"
printf '%%PDF-1.4\nnot really\n' >"$tmp/broken.pdf"
for c in "img.txt:looks like a PNG image" "a.zip:looks like a ZIP archive, not a DOCX" \
         "b.xlsx:looks like an Excel workbook (XLSX): chitieu import reads it" "broken.pdf:the PDF does not open"; do
  f=${c%%:*} want=${c#*:}
  "$bin" extract "$tmp/$f" >/dev/null 2>"$tmp/err"; st=$?
  [[ $st == 65 && $(wc -l <"$tmp/err") == 1 ]] || { echo "FAIL $f: exit $st"; cat "$tmp/err"; fail=1; }
  grep -qF "$tmp/$f: $want" "$tmp/err" || { echo "FAIL $f: message"; cat "$tmp/err"; fail=1; }
done
# import: the spreadsheet a Vietnamese Excel writes (';', CRLF, Vietnamese
# headers, an indicator by its name, "127.300.000", "85.400" with "tỷ đồng",
# "Quý 1/2025"), as CSV UTF-8 with a BOM and in Windows-1258, gives the
# report's figures
vals() { # the (indicator, period, value) of an export CSV or of extract's JSON Lines
  python3 -c '
import csv, json, sys
from decimal import Decimal
rows = []
if sys.argv[1] == "csv":
    rows = [(r["indicator"], r["period"], Decimal(r["value"])) for r in csv.DictReader(sys.stdin) if r["type"] == "observation"]
else:
    rows = [(r["indicator"], r["period"], Decimal(str(r["value"]))) for r in map(json.loads, sys.stdin) if r["type"] == "observation"]
print("\n".join("%s %s %s" % (i, p, v.normalize()) for i, p, v in sorted(rows)))' "$1"
}
"$bin" extract --format jsonl "$fx/report.txt" | vals jsonl >"$tmp/want_vals"
for f in sheet.csv sheet.cp1258.csv; do
  rm -f "$tmp/s.db"
  CHITIEU_DB=$tmp/s.db "$bin" import "$fx/$f" 2>"$tmp/err" || { echo "FAIL import $f"; cat "$tmp/err"; fail=1; continue; }
  CHITIEU_DB=$tmp/s.db "$bin" export --format csv | vals csv >"$tmp/got_vals"
  cmp -s "$tmp/want_vals" "$tmp/got_vals" || { echo "FAIL import $f: other values"; diff "$tmp/want_vals" "$tmp/got_vals"; fail=1; }
  CHITIEU_DB=$tmp/s.db "$bin" export --format csv | grep -q ',telecom.revenue,2025-Q1,85400000000000,9,VND,.*,yoy:5.2:,' ||
    { echo "FAIL import $f: precision, unit or change of 85.400 tỷ đồng"; fail=1; }
done
grep -qx "$fx/sheet.cp1258.csv: not UTF-8: decoded as CP1258" "$tmp/err" || { echo "FAIL import cp1258 note"; cat "$tmp/err"; fail=1; }
# Excel's "Unicode Text": UTF-16LE with a BOM, tab-separated
{ printf '\xff\xfe'; tr ';' '\t' <"$fx/sheet.utf8.csv" | iconv -f UTF-8 -t UTF-16LE; } >"$tmp/sheet16.txt"
rm -f "$tmp/s.db"
CHITIEU_DB=$tmp/s.db "$bin" import --format csv "$tmp/sheet16.txt" 2>"$tmp/err" || { echo "FAIL import utf-16"; cat "$tmp/err"; fail=1; }
CHITIEU_DB=$tmp/s.db "$bin" export --format csv | vals csv | cmp -s - "$tmp/want_vals" || { echo "FAIL import utf-16 values"; fail=1; }
# a workbook as a Vietnamese Excel user keeps one (shared and inline strings,
# number cells scaled by the unit's words, an Excel date, a notes sheet)
rm -f "$tmp/s.db"
CHITIEU_DB=$tmp/s.db "$bin" import "$fx/sheet.xlsx" 2>"$tmp/err" || { echo "FAIL import sheet.xlsx"; cat "$tmp/err"; fail=1; }
CHITIEU_DB=$tmp/s.db "$bin" export --format csv | vals csv >"$tmp/got_vals"
printf '%s\n' "infosec.attacks 2025-Q1 1245" "telecom.fixed_bb_household_rate 2025-Q1 68.54" \
  "telecom.mobile_subs 2025-03 1.273E+8" "telecom.revenue 2025-Q1 8.54E+13" | cmp -s - "$tmp/got_vals" ||
  { echo "FAIL import sheet.xlsx: other values"; cat "$tmp/got_vals"; fail=1; }
[[ $(CHITIEU_DB=$tmp/s.db "$bin" export --format csv | grep -c ',2025-04-03,') == 4 ]] ||
  { echo "FAIL import sheet.xlsx: the date cell"; fail=1; }
# a comma CSV with the contract's header keeps its strict forms
printf 'indicator,period,value\ninfosec.attacks,2025-Q1,1245\ntelecom.fixed_bb_household_rate,2025-Q1,"68,54"\n' >"$tmp/c.csv"
rm -f "$tmp/s.db"
CHITIEU_DB=$tmp/s.db "$bin" import "$tmp/c.csv" 2>"$tmp/err"; st=$?
[[ $st == 65 ]] && grep -qx "$tmp/c.csv:3: value is not a number: 68,54" "$tmp/err" || { echo "FAIL contract csv ($st)"; cat "$tmp/err"; fail=1; }
# a bad Vietnamese row says why, with its line
printf 'Chỉ tiêu;Kỳ;Giá trị\ninfosec.attacks;Quý 1/2025;nhiều\n' >"$tmp/bad.csv"
CHITIEU_DB=$tmp/s.db "$bin" import "$tmp/bad.csv" 2>"$tmp/err"; st=$?
[[ $st == 65 ]] && grep -qx "$tmp/bad.csv:2: not a number: nhiều" "$tmp/err" || { echo "FAIL bad row ($st)"; cat "$tmp/err"; fail=1; }
# XLSX: the export's workbook imports back to the same records
export CHITIEU_DB=$tmp/a.db
"$bin" ingest --quiet --published 2025-07-20 "$src/data/samples" "$src/tests/data/check" 2>/dev/null
"$bin" export --format xlsx -o "$tmp/a.xlsx" || { echo "FAIL export xlsx"; fail=1; }
CHITIEU_DB=$tmp/b.db "$bin" import "$tmp/a.xlsx" 2>"$tmp/err" || { echo "FAIL import xlsx"; cat "$tmp/err"; fail=1; }
rec() { # every record's contract fields but precision and spans
  python3 -c '
import csv, sys
keep = ("type doc indicator period value unit approx role area min max growth_min growth_max published source").split()
for r in sorted(tuple(r[k] for k in keep) for r in csv.DictReader(sys.stdin)): print(",".join(r))'
}
"$bin" export --format csv | rec >"$tmp/a.rec"
CHITIEU_DB=$tmp/b.db "$bin" export --format csv | rec >"$tmp/b.rec"
[[ $(wc -l <"$tmp/a.rec") -gt 20 ]] || { echo "FAIL xlsx: too few records"; fail=1; }
cmp -s "$tmp/a.rec" "$tmp/b.rec" || { echo "FAIL xlsx round trip"; diff "$tmp/a.rec" "$tmp/b.rec" | head; fail=1; }
unset CHITIEU_DB
# URLs: a page fetched over http (redirects followed) reads as the file does;
# a missing page, a redirect loop, another scheme and an oversized body are
# one-line errors. The server is ours, on 127.0.0.1.
cat >"$tmp/srv.py" <<'PY'
import http.server, os, sys
root = sys.argv[1]
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        moves = {"/moved": "/tin/news.html", "/loop": "/loop", "/ftp": "ftp://127.0.0.1/x"}
        if self.path in moves:
            self.send_response(302); self.send_header("Location", moves[self.path]); self.end_headers(); return
        if self.path == "/big":
            self.send_response(200); self.send_header("Content-Length", str(80 << 20)); self.end_headers(); return
        name = os.path.join(root, os.path.basename(self.path))
        if not self.path.startswith("/tin/") or not os.path.isfile(name):
            self.send_response(404); self.end_headers(); return
        data = open(name, "rb").read()
        self.send_response(200); self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
python3 "$tmp/srv.py" "$fx" >"$tmp/port" &
srv=$!
for _ in $(seq 50); do [[ -s $tmp/port ]] && break; sleep 0.1; done
base=http://127.0.0.1:$(cat "$tmp/port")
for u in tin/news.html moved; do
  "$bin" extract --format jsonl "$base/$u" 2>"$tmp/err" | key >"$tmp/got" || { echo "FAIL url $u"; cat "$tmp/err"; fail=1; }
  cmp -s "$tmp/want_table" "$tmp/got" || { echo "FAIL url $u: other records"; diff "$tmp/want_table" "$tmp/got"; fail=1; }
done
"$bin" extract --format jsonl "$base/tin/news.html" | grep -q '"doc":"news"' || { echo "FAIL url: doc id"; fail=1; }
for c in "tin/nope.html:66:HTTP 404" "loop:66:more than 5 redirects" "ftp:66:redirected to a scheme other than http" "big:66:larger than 64 MB"; do
  u=${c%%:*} rest=${c#*:} want_st=${rest%%:*} want=${rest#*:}
  "$bin" extract "$base/$u" >/dev/null 2>"$tmp/err"; st=$?
  [[ $st == "$want_st" && $(wc -l <"$tmp/err") == 1 ]] && grep -qF "$base/$u: $want" "$tmp/err" ||
    { echo "FAIL url $u: exit $st"; cat "$tmp/err"; fail=1; }
done
kill $srv 2>/dev/null; wait $srv 2>/dev/null
# stdin takes documents too
"$bin" extract --format jsonl - <"$fx/report.docx" | key | cmp -s - "$tmp/want_table" || { echo "FAIL: DOCX on stdin"; fail=1; }
exit $fail
