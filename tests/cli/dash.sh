#!/usr/bin/env bash
# The command-line defects of issue 17, each as the run that showed it:
# a read command on a database that does not exist, a report of a period
# with no figures or of an unknown sector, a chart asked for as PNG, the
# option noise of `serve`, columns of Vietnamese text, duplicate aliases,
# a Vietnamese period on the command line, `check` with no findings, and
# one --format vocabulary.
set -u
bin=$1
src=$2
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
unset CHITIEU_DB
ok() { echo "ok: $1"; }
bad() { echo "FAIL: $1"; fail=1; }
expect_rc() { # want name cmd...
  local want=$1 name=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  if [[ $rc == "$want" ]]; then ok "$name"; else bad "$name: exit $rc, want $want: $(head -c 300 "$tmp/err")"; fi
}

# read commands refuse a database that is not there, and do not create it
for c in "series infosec.revenue" "targets" "export --format csv" "documents" "token list" \
         "chart infosec.revenue -o c.svg" "report --period 2025-Q1" "check --db typo.db"; do
  # shellcheck disable=SC2086
  expect_rc 66 "$c on a missing database" "$bin" $c --db typo.db
  [[ -e typo.db ]] && { bad "$c created typo.db"; rm -f typo.db; }
done
grep -q "typo.db" "$tmp/err" || bad "the refusal names the database"

export CHITIEU_DB=$tmp/d.db
"$bin" ingest --quiet --published 2025-07-20 "$src/data/samples" || bad "ingest samples"

expect_rc 66 "report of a period with no figures" "$bin" report --period 2019-Q1
expect_rc 64 "report --sector bogus" "$bin" report --period 2025-Q1 --sector bogus
grep -q "bogus" "$tmp/err" || bad "the sector refusal names it"

# chart -o x.png writes a PNG (or is refused), never SVG under a .png name
"$bin" chart infosec.revenue -o "$tmp/c.png" 2>"$tmp/err"; rc=$?
if [[ $rc == 0 ]]; then
  head -c 8 "$tmp/c.png" | od -An -tx1 | grep -q "89 50 4e 47 0d 0a 1a 0a" && ok "chart -o x.png is a PNG" ||
    bad "chart -o x.png wrote something that is not PNG"
else
  [[ $rc == 64 && ! -s $tmp/c.png ]] && ok "chart -o x.png refused" || bad "chart -o x.png: exit $rc"
fi
# charts in Vietnamese units, with their sources, money in tỷ as the tables
"$bin" chart telecom.fixed_bb_subs -o "$tmp/s.svg" || bad "chart svg"
grep -q "Đơn vị: triệu thuê bao" "$tmp/s.svg" && ! grep -q "subscribers" "$tmp/s.svg" &&
  ok "chart unit in Vietnamese" || bad "chart unit: $(grep -o 'Đơn vị: [^<]*' "$tmp/s.svg")"
grep -q "Nguồn: bao-cao-thang-5-2025" "$tmp/s.svg" && ok "chart has a Nguồn line" || bad "chart without Nguồn"
# a time axis spaced by time: years 2016 and 2020-2022 leave a gap of three slots
cat >"$tmp/years.txt" <<'TXT'
Doanh thu lĩnh vực an toàn thông tin mạng năm 2016 đạt 1.000 tỷ đồng.

Doanh thu lĩnh vực an toàn thông tin mạng năm 2020 đạt 2.000 tỷ đồng.

Doanh thu lĩnh vực an toàn thông tin mạng năm 2021 đạt 2.500 tỷ đồng.

Doanh thu lĩnh vực an toàn thông tin mạng năm 2022 đạt 3.000 tỷ đồng.

Mục tiêu đến quý 1/2022 doanh thu lĩnh vực an toàn thông tin mạng đạt 900 tỷ đồng.

Doanh thu lĩnh vực an toàn thông tin mạng năm 2022 đạt 13.000 nghìn tỷ đồng theo dự báo.
TXT
CHITIEU_DB=$tmp/y.db "$bin" ingest --quiet --published 2023-02-01 "$tmp/years.txt" || bad "ingest years"
CHITIEU_DB=$tmp/y.db "$bin" chart infosec.revenue --months 12 -o "$tmp/y.svg" || bad "chart years"
python3 - "$tmp/y.svg" <<'PY' && ok "time axis spaced by time" || bad "time axis spaced by point"
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
xs = {}
for m in re.finditer(r'<g class="point[^"]*" data-period="(\d{4})".*?<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', s, re.S):
    xs[int(m.group(1))] = float(m.group(2)) + float(m.group(3)) / 2
if not all(y in xs for y in (2016, 2020, 2021)): print(xs); sys.exit(1)
sys.exit(0 if abs((xs[2020] - xs[2016]) - 4 * (xs[2021] - xs[2020])) < 1 else 1)
PY
grep -q "nghìn tỷ" "$tmp/y.svg" && bad "chart axis in nghìn tỷ beside tables in tỷ" || ok "chart axis in tỷ đồng"
grep -q 'class="target"' "$tmp/y.svg" && bad "a quarter's target band drawn over yearly bars" || ok "no band of another period length"
expect_rc 64 "chart -o x.jpg refused" "$bin" chart infosec.revenue -o "$tmp/c.jpg"

# serve: no libmicrohttpd noise about options or port 0
"$bin" serve --listen 127.0.0.1:0 >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
sleep 1
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
if grep -qi "EXTERNAL_LOGGER\|Failed to bind" "$tmp/serve.err" "$tmp/serve.out"; then
  bad "serve prints libmicrohttpd's noise: $(cat "$tmp/serve.err")"
else ok "serve is quiet"; fi

# table columns line up in display width with Vietnamese names
"$bin" token create --name "Sở TT&TT Thừa Thiên Huế" --role editor >/dev/null || bad "token create"
"$bin" token create --name "ab" --role admin >/dev/null || bad "token create 2"
"$bin" token list >"$tmp/tok"
python3 - "$tmp/tok" <<'PY' && ok "token list aligned" || bad "token list columns misaligned: $(cat "$tmp/tok")"
import sys, unicodedata
rows = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
def col(l, word):
    i = l.find(word); return len(unicodedata.normalize("NFC", l[:i]))
cols = {col(l, "editor") if "editor" in l else col(l, "admin") for l in rows if "editor" in l or "admin" in l}
sys.exit(0 if len(cols) == 1 else 1)
PY
"$bin" targets --format table >"$tmp/tg" 2>"$tmp/err" || bad "targets --format table: $(cat "$tmp/err")"
python3 - "$tmp/tg" <<'PY' && ok "targets table aligned" || bad "targets columns misaligned: $(cat "$tmp/tg")"
import sys
rows = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
# every row's second column starts at the same display column as the header's
hdr = rows[0]; import re
starts = [m.start() for m in re.finditer(r"  (?=\S)", hdr)]
if not starts: sys.exit(1)
c = starts[0] + 2
for r in rows[1:]:
    if len(r) > c and (r[c-1] != " " or r[c] == " "): sys.exit(1)
PY

# catalog --aliases: each alias once
"$bin" catalog --aliases | python3 -c "
import sys
bad = 0
for l in sys.stdin:
    f = l.rstrip('\n').split('\t')
    a = f[4].split(' | ') if len(f) > 4 else []
    if len(a) != len(set(a)): print(f[0], 'lists an alias twice'); bad = 1
sys.exit(bad)" && ok "catalog --aliases without duplicates" || bad "catalog --aliases duplicates"

# a period as the reports write it
expect_rc 0 "series --from 'quý 1/2024'" "$bin" series infosec.revenue --from "quý 1/2024" --format csv
expect_rc 0 "series --to '6 tháng đầu năm 2025'" "$bin" series infosec.revenue --to "6 tháng đầu năm 2025" --format csv
expect_rc 64 "series --from 'quý 7/2024' refused" "$bin" series infosec.revenue --from "quý 7/2024"

# check with no findings says so
printf 'Doanh thu thị trường an toàn thông tin mạng quý 1/2031 đạt 2.000 tỷ đồng.\n' >"$tmp/clean.txt"
CHITIEU_DB=$tmp/none.db "$bin" check --format table "$tmp/clean.txt" >"$tmp/chk" 2>&1; rc=$?
[[ $rc == 0 ]] && grep -q "không có phát hiện" "$tmp/chk" && ok "check with no findings says so" ||
  bad "check with no findings: exit $rc, printed: $(cat "$tmp/chk")"

# one --format vocabulary: jsonl everywhere, json accepted as its synonym where records are lines
expect_rc 0 "extract --format json (synonym)" "$bin" extract --published 2025-07 --format json "$src/data/samples/so-ket-6-thang-2025.txt"
CHITIEU_DB=$tmp/none.db expect_rc 0 "check --format json (synonym)" "$bin" check --format json "$tmp/clean.txt"
expect_rc 0 "series --format jsonl" "$bin" series infosec.revenue --format jsonl
expect_rc 0 "targets --format jsonl" "$bin" targets --format jsonl
expect_rc 0 "documents --format table" "$bin" documents --format table
expect_rc 0 "export --format json (synonym)" "$bin" export --format json
exit $fail
