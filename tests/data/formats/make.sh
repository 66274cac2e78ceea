#!/usr/bin/env bash
# Build the format fixtures from report.txt (our own text, UTF-8),
# sheet.utf8.csv (its figures as a spreadsheet) and
# news.html (the same article as a saved news page). Run once after editing
# either; the outputs are committed so that tests need none of these tools:
# iconv (glibc), python3 (zipfile: the DOCX) and chromium (the PDF).
set -euo pipefail
cd "$(dirname "$0")"
iconv -f UTF-8 -t VISCII report.txt >report.viscii.txt
iconv -f UTF-8 -t CP1258 report.txt >report.cp1258.txt
# TCVN3 is TCVN5712-1 for text without capital toned letters (docs/formats.md)
iconv -f UTF-8 -t TCVN5712-1 report.txt >report.tcvn3.txt
if LC_ALL=C grep -q $'[\x01-\x08\x11-\x17\x80-\x9f]' report.tcvn3.txt; then
  echo "make.sh: report.txt has a capital toned letter, not in TCVN3" >&2; exit 1
fi
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE report.txt; } >report.utf16.txt
python3 make_docx.py report.txt report.docx
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --print-to-pdf="$PWD/report.pdf" "file://$PWD/print.html" 2>/dev/null
# the spreadsheet as a Vietnamese Excel saves it: "CSV UTF-8" (with a BOM)
# and "CSV" in the Windows code page (1258), ';'-separated, CRLF
{ printf '\xef\xbb\xbf'; cat sheet.utf8.csv; } >sheet.csv
iconv -f UTF-8 -t CP1258 sheet.utf8.csv >sheet.cp1258.csv
# words broken at the margin (soft hyphens) and a paragraph over a page break
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --print-to-pdf="$PWD/hyphen.pdf" "file://$PWD/hyphen.html" 2>/dev/null
# the report in two columns: lines continue into the next column
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --print-to-pdf="$PWD/columns.pdf" "file://$PWD/columns.html" 2>/dev/null
# a workbook as a Vietnamese Excel user keeps one
python3 make_xlsx.py sheet.xlsx
