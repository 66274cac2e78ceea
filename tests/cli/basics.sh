#!/usr/bin/env bash
# End-to-end runs of `chitieu extract` and `chitieu catalog`: options,
# formats, stdin, doc ids, exit statuses for usage errors.
set -u
bin=$1
src=$2
fail=0
t() { # name expected-status command...
  local name=$1 want=$2; shift 2
  "$@" >/tmp/ct_out.$$ 2>/tmp/ct_err.$$
  local got=$?
  if [[ $got != "$want" ]]; then
    echo "FAIL $name: exit $got, want $want"; cat /tmp/ct_err.$$; fail=1
  fi
}
has() { # name pattern file
  if ! grep -q -- "$2" "$3"; then echo "FAIL $1: no '$2' in output"; head -5 "$3"; fail=1; fi
}
sample=$src/data/samples/bao-cao-thang-5-2025.txt
t help 0 "$bin" --help
t extract_help 0 "$bin" extract --help
has extract_help "--published" /tmp/ct_out.$$
t catalog_help 0 "$bin" catalog --help
t no_command 64 "$bin"
t bad_command 64 "$bin" frobnicate
t no_files 64 "$bin" extract
t bad_option 64 "$bin" extract --nope "$sample"
t bad_date 64 "$bin" extract --published 2025-13-01 "$sample"
t bad_format 64 "$bin" extract --format xml "$sample"
t doc_two_files 64 "$bin" extract --doc x "$sample" "$sample"
# --explain: every record's evidence, confidence in [0, 1]; --area
t explain 0 "$bin" extract --explain --published 2025-06-10 --format jsonl "$sample"
python3 - /tmp/ct_out.$$ <<'PY' || fail=1
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
assert recs, "no records"
for r in recs:
    assert 0 <= r["confidence"] <= 1, r
    ev = r["evidence"]
    assert ev["indicator"] and ev["period"] and ev["area"], r
    baseline = r["type"] == "observation" and r["role"] == "baseline"
    if not baseline:
        assert ev["candidates"] and ev["candidates"][0]["indicator"] == r["indicator"], r
PY
t explain_table 0 "$bin" extract --explain --published 2025-06-10 --format table "$sample"
has explain_table "độ tin cậy" /tmp/ct_out.$$
printf 'Tháng 9/2025, số thuê bao băng rộng cố định đạt 1,32 triệu thuê bao. Cả nước có 24 triệu thuê bao băng rộng cố định.\n' >/tmp/ct_area.$$
t area 0 "$bin" extract --area "tỉnh Nghệ An" --published 2025-10-10 --format jsonl /tmp/ct_area.$$
has area '"value":1320000,"unit":"subscribers","approx":null,"role":"reported","changes":\[\],"area":"Nghệ An"' /tmp/ct_out.$$
has area '"value":24000000,"unit":"subscribers","approx":null,"role":"reported","changes":\[\],"area":null' /tmp/ct_out.$$
t bad_area 64 "$bin" extract --area "Atlantis" /tmp/ct_area.$$
has bad_area "not an area" /tmp/ct_err.$$
rm -f /tmp/ct_area.$$
t jsonl 0 "$bin" extract --published 2025-06-10 --format jsonl "$sample"
has jsonl '"doc":"bao-cao-thang-5-2025"' /tmp/ct_out.$$
has jsonl '"indicator":"sector.revenue","period":"2025-05","value":325410000000000,"unit":"VND"' /tmp/ct_out.$$
has jsonl '"changes":\[{"basis":"prev","pct":4.2,"ref_period":"2025-04"},{"basis":"yoy","pct":7.5,"ref_period":"2024-05"}\]' /tmp/ct_out.$$
has jsonl '"type":"target","doc":"bao-cao-thang-5-2025","indicator":"telecom.fixed_bb_per100","period":"2025-12","min":28,"max":28' /tmp/ct_out.$$
python3 - /tmp/ct_out.$$ "$sample" <<'PY' || fail=1
import json, sys
data = open(sys.argv[2], 'rb').read()
n = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    a, b = r["span"]
    va, vb = r["value_span"]
    assert 0 <= a <= va < vb <= b <= len(data), r
    assert data[va:va+1].isdigit(), (r, data[va:vb])
    n += 1
assert n >= 8, n
PY
t stdin 0 sh -c "\"$bin\" extract --published 2025-06 --format jsonl - < \"$sample\""
has stdin '"doc":"stdin"' /tmp/ct_out.$$
t doc_id 0 "$bin" extract --published 2025-06 --doc bc5 --format jsonl "$sample"
has doc_id '"doc":"bc5"' /tmp/ct_out.$$
t table 0 "$bin" extract --published 2025-06 --format table "$sample"
has table "325.410 tỷ đồng" /tmp/ct_out.$$
has table "+4,2% so với 2025-04" /tmp/ct_out.$$
t catalog 0 "$bin" catalog
has catalog "infosec.botnet_ips" /tmp/ct_out.$$
t catalog_aliases 0 "$bin" catalog --aliases
has catalog_aliases "ip botnet" /tmp/ct_out.$$
# an extra catalogue file adds aliases
printf 'alias\tpostal.revenue\tthu nhập bưu điện\n' > /tmp/ct_cat.$$
printf 'Tháng 5/2025, thu nhập bưu điện đạt 3.000 tỷ đồng.\n' > /tmp/ct_in.$$.txt
t catalog_extra 0 "$bin" extract --catalog /tmp/ct_cat.$$ --published 2025-06 --format jsonl /tmp/ct_in.$$.txt
has catalog_extra '"indicator":"postal.revenue","period":"2025-05","value":3000000000000' /tmp/ct_out.$$
printf 'alias\tno.such\tx\n' > /tmp/ct_cat.$$
t catalog_bad 78 "$bin" extract --catalog /tmp/ct_cat.$$ /tmp/ct_in.$$.txt
has catalog_bad "ct_cat.$$:1: alias of unknown indicator" /tmp/ct_err.$$
# "(ước)", "(sơ bộ)" right after a figure mark it an estimate, in prose and in a table's cell
printf 'Doanh thu bưu chính quý 1/2025 đạt 9.900 tỷ đồng (ước), tăng 2%%.\n' > /tmp/ct_in.$$.txt
t estimate_note 0 "$bin" extract --published 2025-04 --format jsonl /tmp/ct_in.$$.txt
has estimate_note '"value":9900000000000,"unit":"VND","approx":"estimate"' /tmp/ct_out.$$
printf 'Doanh thu bưu chính quý 1/2025 của một số tỉnh:\nĐà Nẵng | 120 tỷ đồng ( sơ bộ )\n' > /tmp/ct_in.$$.txt
t estimate_cell 0 "$bin" extract --published 2025-04 --format jsonl /tmp/ct_in.$$.txt
has estimate_cell '"value":120000000000,"unit":"VND","approx":"estimate"' /tmp/ct_out.$$
rm -f /tmp/ct_out.$$ /tmp/ct_err.$$ /tmp/ct_cat.$$ /tmp/ct_in.$$.txt
exit $fail
