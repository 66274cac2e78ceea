#!/usr/bin/env bash
# `chitieu export`: CSV and JSON Lines import back losslessly (export,
# import into a new database, export again: the same rows), the XLSX
# workbook has a sheet per sector (named in Vietnamese) with frozen headers,
# number formats, Vietnamese units and qualifiers, a sources sheet, and
# imports back to the same records; SDMX-CSV uses SDMX periods and OBS_STATUS E.
set -u
bin=$1
src=$2
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHITIEU_DB=$tmp/a.db
"$bin" ingest --quiet --published 2025-07-20 "$src/data/samples" "$src/tests/data/check" || { echo "FAIL: ingest"; exit 1; }
for f in csv jsonl; do
  "$bin" export --format $f -o "$tmp/a.$f" || { echo "FAIL: export $f"; fail=1; }
  CHITIEU_DB=$tmp/b_$f.db "$bin" import "$tmp/a.$f" 2>"$tmp/err" || { echo "FAIL: import $f"; cat "$tmp/err"; fail=1; }
  CHITIEU_DB=$tmp/b_$f.db "$bin" export --format $f >"$tmp/b.$f" || { echo "FAIL: export again $f"; fail=1; }
  if ! cmp -s <(sort "$tmp/a.$f") <(sort "$tmp/b.$f"); then
    echo "FAIL: $f round trip differs"; diff <(sort "$tmp/a.$f") <(sort "$tmp/b.$f") | head -6; fail=1
  fi
  [[ $(wc -l <"$tmp/a.$f") -gt 20 ]] || { echo "FAIL: $f export too short"; fail=1; }
done
head -1 "$tmp/a.csv" | grep -q '^type,doc,indicator,period,value,precision,unit' || { echo "FAIL: csv header"; fail=1; }
# the series of the copy are the series of the original
cmp -s <("$bin" series infosec.attacks --format csv) <(CHITIEU_DB=$tmp/b_csv.db "$bin" series infosec.attacks --format csv) ||
  { echo "FAIL: series differ after the round trip"; fail=1; }
"$bin" export --format xlsx -o "$tmp/a.xlsx" || { echo "FAIL: export xlsx"; fail=1; }
python3 - "$tmp/a.xlsx" <<'PY' || fail=1
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
ok = True
for want in ("An toàn thông tin mạng", "Viễn thông", "nguồn"):
    if want not in names: print("FAIL: no sheet", want, names); ok = False
sheet1 = z.read("xl/worksheets/sheet1.xml").decode()
if 'state="frozen"' not in sheet1: print("FAIL: header not frozen"); ok = False
if "#,##0" not in z.read("xl/styles.xml").decode(): print("FAIL: no number format"); ok = False
shared = z.read("xl/sharedStrings.xml").decode()
if "bao-cao-thang-5-2025" not in shared or "Chỉ tiêu" not in shared: print("FAIL: sources or headers missing"); ok = False
# units and qualifiers in Vietnamese (issue 17), not the contract's codes
strings = set(re.findall(r"<t[^>]*>([^<]*)</t>", shared))
for vi in ("đồng", "cuộc", "ước"):
    if vi not in strings: print("FAIL: no Vietnamese", vi, "in the workbook"); ok = False
for en in ("VND", "incidents", "subscribers", "estimate", "infosec"):
    if en in strings: print("FAIL: English", en, "in the workbook"); ok = False
sys.exit(0 if ok else 1)
PY
# and it imports back: the same records (value, unit, qualifier, role)
CHITIEU_DB=$tmp/b_xlsx.db "$bin" import "$tmp/a.xlsx" 2>"$tmp/err" || { echo "FAIL: import xlsx"; cat "$tmp/err"; fail=1; }
cmp -s <("$bin" export --format csv | cut -d, -f1-5,7-10 | sort) \
  <(CHITIEU_DB=$tmp/b_xlsx.db "$bin" export --format csv | cut -d, -f1-5,7-10 | sort) ||
  { echo "FAIL: the XLSX does not import back to the same records"; fail=1; }
"$bin" export --format sdmx-csv >"$tmp/a.sdmx" || { echo "FAIL: export sdmx"; fail=1; }
head -1 "$tmp/a.sdmx" | grep -q '^DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS' || { echo "FAIL: sdmx header"; fail=1; }
grep -q ',infosec.revenue,2025-Q2,600000000000,VND,E,' "$tmp/a.sdmx" || { echo "FAIL: sdmx estimate row"; grep infosec.revenue "$tmp/a.sdmx"; fail=1; }
grep -q ',sector.revenue,2025-01/P5M,' "$tmp/a.sdmx" || { echo "FAIL: sdmx range period"; grep sector.revenue "$tmp/a.sdmx"; fail=1; }
"$bin" export --format xlsx >/dev/null 2>&1; [[ $? == 64 ]] || { echo "FAIL: xlsx without -o"; fail=1; }
"$bin" export --format pdf >/dev/null 2>&1; [[ $? == 64 ]] || { echo "FAIL: bad format"; fail=1; }
"$bin" export -o /nonexistent/dir/x.csv >/dev/null 2>&1; [[ $? == 74 ]] || { echo "FAIL: unwritable output"; fail=1; }
exit $fail
