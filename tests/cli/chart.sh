#!/usr/bin/env bash
# `chitieu chart`: the SVG is well-formed XML with a title, one point per
# period of the series, Vietnamese number format on the value axis, the
# year-on-year change, a target band, and a conflict ring where sources
# disagree. Rendered to PNG when rsvg-convert is present.
set -u
bin=$1
src=$2
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CHITIEU_DB=$tmp/c.db
d=$src/tests/data
"$bin" ingest --quiet --published 2025-07-15 "$d/check/conflict_a.txt" "$d/check/conflict_b.txt" \
  "$d/check/arithmetic.txt" "$d/targets/so-ket-2025.txt" || fail=1
"$bin" ingest --quiet --published 2025-01-10 "$d/targets/thang-12-2024.txt" || fail=1
"$bin" import "$d/targets/muc-tieu.csv" 2>/dev/null || fail=1
"$bin" chart infosec.revenue --months 3 -o "$tmp/rev.svg" || { echo "FAIL: chart"; fail=1; }
"$bin" chart telecom.fixed_bb_subs -o "$tmp/bb.svg" || { echo "FAIL: chart stock"; fail=1; }
python3 - "$tmp/rev.svg" "$tmp/bb.svg" <<'PY' || fail=1
import sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
ok = True
def check(cond, what):
    global ok
    if not cond: print("FAIL:", what); ok = False
rev = ET.parse(sys.argv[1]).getroot()
check(rev.tag.endswith("svg"), "root is svg")
check("an toàn thông tin" in (rev.find("s:title", ns).text or ""), "title names the indicator")
points = rev.findall(".//s:g[@class='point']", ns) + rev.findall(".//s:g[@class='point conflict']", ns)
check(len(points) == 3, f"three quarters drawn, got {len(points)}")
check(len(rev.findall(".//s:circle[@class='conflict-mark']", ns)) == 1, "one conflict ring (2025-Q1)")
texts = [t.text or "" for t in rev.iter("{http://www.w3.org/2000/svg}text")]
check(any(t == "+50%" or t == "+50,0%" for t in texts), "year-on-year change shown: " + str(texts))
check(any("Q1/2025" == t for t in texts), "period labels")
check(any("tỷ đồng" in t for t in texts), "unit on the axis")
bb = ET.parse(sys.argv[2]).getroot()
check(bb.find(".//s:g[@class='target']", ns) is not None, "target band for the 2024 target")
check(any("21 triệu" in (t.text or "") for t in bb.iter("{http://www.w3.org/2000/svg}text")), "band label in Vietnamese format")
sys.exit(0 if ok else 1)
PY
if command -v rsvg-convert >/dev/null; then
  rsvg-convert -o "$tmp/rev.png" "$tmp/rev.svg" && [[ -s $tmp/rev.png ]] || { echo "FAIL: SVG does not render"; fail=1; }
fi
"$bin" chart no.such -o "$tmp/x.svg" 2>/dev/null; [[ $? == 66 ]] || { echo "FAIL: unknown indicator"; fail=1; }
"$bin" chart infosec.revenue 2>/dev/null; [[ $? == 64 ]] || { echo "FAIL: no -o"; fail=1; }
exit $fail
