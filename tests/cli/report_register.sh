#!/usr/bin/env bash
# `chitieu report` in the register of the ministry's own reports (issue
# 17): the comparisons a source states besides the year-on-year one ("so
# với quý trước", "đạt X% kế hoạch") kept; approximate figures without
# false precision ("khoảng 6.000.564 triệu đồng" is "khoảng 6.000 tỷ
# đồng"; "hơn" rounds down); severities in Vietnamese; no empty header
# cell; sources as references a reader of the printed page can use (no
# file hash, no local path); a quarter's chart without the quarters after
# it; a province's report from its own figures. Texts written for this test.
set -u
bin=$1
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
export CHITIEU_DB=$tmp/r.db
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
has() { grep -qF -- "$2" "$1" && ok "$3" || bad "$3: no '$2' in $(basename "$1")"; }
hasnt() { grep -qF -- "$2" "$1" && bad "$3: '$2' in $(basename "$1")" || ok "$3"; }

cat >bao-cao-quy-4-2025.txt <<'TXT'
Doanh thu dịch vụ viễn thông quý 4/2025 đạt 34.660 tỷ đồng.

Số cuộc tấn công mạng gây ra sự cố quý 4/2025 là 1.248 cuộc.
TXT
cat >bao-cao-quy-1-2026.txt <<'TXT'
Báo cáo tình hình hoạt động quý 1/2026

Doanh thu dịch vụ viễn thông quý 1/2026 đạt 36.120 tỷ đồng, tăng 4,2% so với quý trước và đạt 24,5% kế hoạch năm 2026.

Doanh thu lĩnh vực an toàn thông tin mạng quý 1/2026 đạt khoảng 6.000.564 triệu đồng.

Số thuê bao băng rộng cố định tính đến hết quý 1/2026 đạt hơn 25,87 triệu thuê bao.

Số cuộc tấn công mạng gây ra sự cố quý 1/2026 là 1.204 cuộc, giảm 3,5% so với quý trước.
TXT
cat >bao-cao-quy-2-2026.txt <<'TXT'
Doanh thu dịch vụ viễn thông quý 2/2026 đạt 37.050 tỷ đồng.
TXT
cat >da-nang-quy-1-2026.txt <<'TXT'
Doanh thu dịch vụ viễn thông của thành phố quý 1/2026 đạt 1.250 tỷ đồng, tăng 6,1% so với quý trước.
TXT
cat >a1b2c3d4e5f60718.txt <<'TXT'
Số cuộc tấn công mạng gây ra sự cố quý 3/2026 là 1.100 cuộc.
TXT
"$bin" ingest --quiet --published 2026-01-12 bao-cao-quy-4-2025.txt || bad "ingest q4"
"$bin" ingest --quiet --published 2026-04-10 bao-cao-quy-1-2026.txt || bad "ingest q1"
"$bin" ingest --quiet --published 2026-07-10 bao-cao-quy-2-2026.txt || bad "ingest q2"
"$bin" ingest --quiet --published 2026-04-15 --area "Đà Nẵng" da-nang-quy-1-2026.txt || bad "ingest Đà Nẵng"
"$bin" ingest --quiet --published 2026-10-05 --source "https://www.example.vn/tin-tuc/an-toan-thong-tin-quy-3" \
  a1b2c3d4e5f60718.txt || bad "ingest q3"

for f in txt md html; do
  "$bin" report --period 2026-Q1 --format $f -o q1.$f || bad "report 2026-Q1 $f"
done
# the comparisons the source made
has q1.txt "Doanh thu dịch vụ viễn thông quý 1/2026 đạt 36.120 tỷ đồng, tăng 4,2% so với quý trước, đạt 24,5% kế hoạch năm 2026." "so với quý trước and đạt X% kế hoạch kept"
has q1.txt "1.204 cuộc, giảm 3,5% so với quý trước." "a fall against the quarter before"
has q1.md "| +4,2% | 24,5% kế hoạch |" "the table has the quarter-before and plan columns"
# a column no figure of the section fills is not drawn
has q1.md "| Chỉ tiêu | Kỳ | Giá trị | So với kỳ trước | Nguồn |" "a table without columns of blanks"
# no false precision; hơn rounds down
has q1.txt "đạt khoảng 6.000 tỷ đồng." "khoảng 6.000.564 triệu đồng is khoảng 6.000 tỷ đồng"
hasnt q1.txt "6.000,564" "no false precision"
has q1.txt "là hơn 25,8 triệu thuê bao." "hơn 25,87 triệu rounds down to hơn 25,8 triệu"
# headers: every cell named
python3 - q1.html q1.md <<'PY' && ok "no empty header cell" || bad "an empty header cell"
import re, sys
h = open(sys.argv[1], encoding="utf-8").read()
if re.search(r"<th>\s*</th>", h) or "<th>" not in h: sys.exit(1)
for line in open(sys.argv[2], encoding="utf-8"):
    if line.startswith("| Chỉ tiêu") and any(not c.strip() for c in line.strip().strip("|").split("|")): sys.exit(1)
PY
# a quarter's chart ends with the quarter
grep -q 'data-period="2026-Q1"' q1.html && ! grep -q 'data-period="2026-Q2"' q1.html &&
  ok "the quarter's chart stops at its quarter" || bad "the 2026-Q1 report charts $(grep -o 'data-period="[^"]*"' q1.html | sort -u | tr '\n' ' ')"
# sources: numbered by letters, by name and date, no path
has q1.md "- [a] «bao-cao-quy-1-2026», công bố ngày 10/4/2026" "a source by its name and date"
hasnt q1.md ".txt" "no file path among the sources"
has q1.html 'href="#src-bao-cao-quy-1-2026">[a]</a>' "the table points to the source by its letter"
"$bin" report --period 2026-Q3 --format md -o q3.md || bad "report 2026-Q3"
has q3.md "- [a] Bài đăng trên example.vn, công bố ngày 5/10/2026, https://www.example.vn/tin-tuc/an-toan-thong-tin-quy-3" "a web source by its site, date and address"
hasnt q3.md "a1b2c3d4e5f60718" "no hash-like file name among the sources"
# a document sent from the dashboard: by the token's name, not "token:NAME"
cat >hue-quy-4-2026.txt <<'TXT'
Doanh thu dịch vụ viễn thông quý 4/2026 đạt 980 tỷ đồng.
TXT
"$bin" ingest --quiet --published 2027-01-08 --area "Huế" --source "token:Sở TT&TT Huế" hue-quy-4-2026.txt || bad "ingest Huế"
"$bin" report --period 2026-Q4 --area "Huế" --format md -o hue.md || bad "report Huế"
has hue.md "- [a] «hue-quy-4-2026», tải lên bởi Sở TT&TT Huế, công bố ngày 8/1/2027" "a dashboard upload by who sent it"
hasnt hue.md "token:" "no token: prefix among the sources"
# severities in Vietnamese (a stated change that disagrees gives a finding)
cat >sai-lech.txt <<'TXT'
Doanh thu dịch vụ viễn thông quý 1/2027 đạt 40.000 tỷ đồng, tăng 50% so với cùng kỳ năm 2026 (36.120 tỷ đồng).
TXT
"$bin" ingest --quiet --published 2027-04-10 sai-lech.txt || bad "ingest sai-lech"
"$bin" report --period 2027-Q1 --format txt -o q27.txt || bad "report 2027-Q1"
grep -q "^- \[\(nghiêm trọng\|nhỏ\|lưu ý\)\]" q27.txt && ok "severity in Vietnamese" || bad "severity: $(grep '^- \[' q27.txt | head -2)"
hasnt q27.txt "[major]" "no English severity"
hasnt q27.txt "[minor]" "no English severity (minor)"
# the report's tables as a workbook: Vietnamese sheets, headers and units
"$bin" report --period 2026-Q1 --format xlsx -o q1.xlsx || bad "report --format xlsx"
python3 - q1.xlsx <<'PY' && ok "report as XLSX: sheets, headers, units, values" || bad "report as XLSX"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheets = re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
strings = [re.sub(r"<[^>]+>", "", x) for x in re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S)]
want_s = ["Bảng số liệu", "Nguồn số liệu"]
want = ["Chỉ tiêu", "Giá trị", "Đơn vị", "So với kỳ trước (%)", "So với kế hoạch (%)", "đồng", "thuê bao",
        "khoảng 6.000 tỷ đồng", "Doanh thu dịch vụ viễn thông", "«bao-cao-quy-1-2026», công bố ngày 10/4/2026"]
miss = [w for w in want if w not in strings]
sheet1 = z.read("xl/worksheets/sheet1.xml").decode()
nums = set(re.findall(r"<v>([^<]+)</v>", sheet1))
if sheets != want_s or miss or "4.2" not in nums or "24.5" not in nums or "36120000000000" not in nums:
    print(sheets, miss, sorted(nums)[:20]); sys.exit(1)
PY
# a province's report: its own figures, not the country's
"$bin" report --period 2026-Q1 --area "Đà Nẵng" --format txt -o dn.txt || bad "report --area"
has dn.txt "Báo cáo số liệu Thông tin và Truyền thông của Đà Nẵng quý 1/2026" "a province report's title"
has dn.txt "đạt 1.250 tỷ đồng, tăng 6,1% so với quý trước." "a province's own figure"
hasnt dn.txt "36.120" "no national figure in a province report"
"$bin" report --period 2026-Q1 --area "Huế" >/dev/null 2>err; [[ $? == 66 ]] && ok "an area without figures: 66" || bad "an area without figures"
exit $fail
