#!/usr/bin/env python3
"""The data behind the dashboard's views, over a real server (issue 17):
XLSX of a series, of a table of observations and of a report's tables
(Vietnamese sheet names, headers and units, numbers as numbers), a
province's report, and two periods side by side (GET /api/compare) as
JSON, CSV and XLSX, with its filters (sector, area) and refusals. The
workbooks are opened as what they are, ZIP files of XML. Texts written for
this test.

usage: downloads.py CHITIEU"""
import http.client
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import zipfile

BIN = sys.argv[1]
TMP = tempfile.mkdtemp(prefix="ct_dl_")
DB = os.path.join(TMP, "d.db")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
failures = 0


def check(cond, what, detail=""):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what, detail)
    else:
        print("ok:", what)


TEXTS = {
    "bao-cao-quy-1-2025": ("2025-04-12", None, """Doanh thu dịch vụ viễn thông quý 1/2025 đạt 34.600 tỷ đồng.

Số thuê bao băng rộng cố định tính đến hết quý 1/2025 đạt 23,5 triệu thuê bao.

Số cuộc tấn công mạng gây ra sự cố quý 1/2025 là 1.300 cuộc.
"""),
    "bao-cao-quy-1-2026": ("2026-04-10", None, """Doanh thu dịch vụ viễn thông quý 1/2026 đạt 36.330 tỷ đồng, tăng 4,2% so với quý trước.

Số thuê bao băng rộng cố định tính đến hết quý 1/2026 đạt hơn 25,87 triệu thuê bao.

Số cuộc tấn công mạng gây ra sự cố quý 1/2026 là 1.170 cuộc.
"""),
    "da-nang-quy-1-2026": ("2026-04-15", "Đà Nẵng", """Doanh thu dịch vụ viễn thông của thành phố quý 1/2026 đạt 1.250 tỷ đồng.
"""),
}


def run(*args):
    p = subprocess.run([BIN, *args], capture_output=True, text=True)
    check(p.returncode == 0, "chitieu " + " ".join(args[:2]), p.stderr)


for name, (pub, area, text) in TEXTS.items():
    path = os.path.join(TMP, name + ".txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    run("ingest", "--quiet", "--db", DB, "--published", pub, *(["--area", area] if area else []), path)

srv = subprocess.Popen([BIN, "serve", "--db", DB, "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
m = re.search(r"http://127\.0\.0\.1:(\d+)/", srv.stdout.readline())
if not m:
    print("FAIL: server did not start", srv.stderr.read())
    sys.exit(1)
PORT = int(m.group(1))


def get(path):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    c.request("GET", path)
    r = c.getresponse()
    return r.status, r.getheader("Content-Type") or "", r.read()


def workbook(body):
    """sheet names, shared strings, and the numbers of each sheet"""
    z = zipfile.ZipFile(io.BytesIO(body))
    names = re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
    sst = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
    strings = [re.sub(r"<[^>]+>", "", x) for x in re.findall(r"<si>(.*?)</si>", sst, re.S)]
    nums = []
    for k in range(len(names)):
        xml = z.read("xl/worksheets/sheet%d.xml" % (k + 1)).decode()
        nums.append({float(v) for v in re.findall(r'<c r="[A-Z]+\d+"(?: s="\d+")?><v>([^<]+)</v>', xml)})
    return names, strings, nums


try:
    # a series as XLSX
    st, ty, body = get("/api/series/telecom.revenue?format=xlsx")
    check(st == 200 and ty == XLSX, "series as XLSX: 200 " + XLSX, "%d %s" % (st, ty))
    names, strings, nums = workbook(body)
    check(names == ["Chuỗi số liệu"], "series sheet named in Vietnamese", names)
    for w in ("Chỉ tiêu", "Kỳ", "Giá trị", "Đơn vị", "Số liệu như ghi", "đồng", "quý 1/2026",
              "36.330 tỷ đồng", "Doanh thu dịch vụ viễn thông"):
        check(w in strings, "series workbook has '%s'" % w)
    check(36330e9 in nums[0] and 34600e9 in nums[0], "series values are numbers in đồng", sorted(nums[0])[:8])
    check(not any(s in strings for s in ("VND", "subscribers")), "no English unit in the series workbook")
    # the observations table as XLSX, with its areas
    st, ty, body = get("/api/observations?indicator=telecom.revenue&format=xlsx")
    check(st == 200 and ty == XLSX, "observations as XLSX", "%d %s" % (st, ty))
    names, strings, nums = workbook(body)
    check(names == ["Số liệu theo nguồn"], "observations sheet named in Vietnamese", names)
    for w in ("Địa bàn", "Toàn quốc", "Đà Nẵng", "số báo cáo", "Văn bản nguồn", "da-nang-quy-1-2026"):
        check(w in strings, "observations workbook has '%s'" % w)
    check(1250e9 in nums[0], "the province's figure is a number")
    # a report's tables as XLSX; a province's report
    st, ty, body = get("/api/report?period=2026-Q1&format=xlsx")
    check(st == 200 and ty == XLSX, "report as XLSX", "%d %s" % (st, ty))
    names, strings, nums = workbook(body)
    check(names == ["Bảng số liệu", "Nguồn số liệu"], "report sheets", names)
    for w in ("Lĩnh vực", "Viễn thông", "So với cùng kỳ (%)", "hơn 25,8 triệu thuê bao", "cuộc"):
        check(w in strings, "report workbook has '%s'" % w)
    check(4.2 in nums[0] and 1170 in nums[0], "report changes and counts are numbers", sorted(nums[0]))
    st, ty, body = get("/api/report?period=2026-Q1&format=csv")
    text = body.decode("utf-8")
    lines = text.lstrip("\ufeff").splitlines()
    check(st == 200 and ty.startswith("text/csv") and text.startswith("\ufeff") and
          lines[0].startswith("Lĩnh vực,Chỉ tiêu,Mã chỉ tiêu,Kỳ,Mã kỳ,Giá trị,Đơn vị,Số liệu như ghi,"),
          "report's tables as CSV", lines[:1])
    check("Viễn thông,Doanh thu dịch vụ viễn thông,telecom.revenue,quý 1/2026,2026-Q1,36330000000000,đồng,36.330 tỷ đồng,5,4.2,,bao-cao-quy-1-2026,2026-04-10," in lines,
          "a report row as CSV: value in đồng, as written, the changes on the year and the quarter before", lines[1:4])
    st, ty, body = get("/api/report?period=2026-Q1&area=" + urllib.parse.quote("Đà Nẵng"))
    html = body.decode()
    check(st == 200 and "của Đà Nẵng quý 1/2026" in html and "1.250 tỷ đồng" in html and "36.330" not in html,
          "a province's report from its own figures", html[:300])
    st, _, _ = get("/api/report?period=2026-Q1&area=" + urllib.parse.quote("Huế"))
    check(st == 404, "a province without figures: 404", st)
    st, _, body = get("/api/series/telecom.revenue?format=pdf")
    check(st == 400 and b"json, csv or xlsx" in body, "series format=pdf: 400 naming xlsx", body[:200])

    # two periods side by side
    st, ty, body = get("/api/compare?a=2025-Q1&b=2026-Q1&sector=telecom")
    check(st == 200 and ty.startswith("application/json"), "compare: 200 JSON", st)
    c = json.loads(body)
    rows = {r["indicator"]: r for r in c["rows"]}
    check(c["a"] == "2025-Q1" and c["b"] == "2026-Q1" and c["sector"] == "telecom", "compare echoes its periods")
    check(set(rows) == {"telecom.revenue", "telecom.fixed_bb_subs"}, "compare: the sector's indicators only", list(rows))
    rv = rows.get("telecom.revenue", {})
    check(rv.get("a", {}).get("value") == 34600000000000 and rv.get("b", {}).get("value") == 36330000000000,
          "compare: both periods' values", rv)
    check(rv.get("change") == 1730000000000 and rv.get("change_pct") == 5.0, "compare: the change, exact", rv)
    bb = rows.get("telecom.fixed_bb_subs", {})
    check(bb.get("b", {}).get("approx") == "over" and bb.get("measure") == "stock", "compare keeps 'hơn' on a stock", bb)
    check("2026-Q1" in c["periods"] and "2025-Q1" in c["periods"], "compare lists the periods with figures", c["periods"])
    st, _, body = get("/api/compare")
    d = json.loads(body)
    check(d["b"] == "2026-Q1" and d["a"] == "2025-Q1" and len(d["rows"]) == 3,
          "compare without periods: the latest against a year before", (d["a"], d["b"], len(d["rows"])))
    st, _, body = get("/api/compare?a=2025-Q1&b=2026-Q1&area=" + urllib.parse.quote("Đà Nẵng"))
    d = json.loads(body)
    check(d["area"] == "Đà Nẵng" and [r["indicator"] for r in d["rows"]] == ["telecom.revenue"] and
          d["rows"][0]["a"] is None and d["rows"][0]["b"]["value"] == 1250000000000,
          "compare for a province: its own figures, none a year before", d)
    st, ty, body = get("/api/compare?a=2025-Q1&b=2026-Q1&sector=infosec&format=csv")
    text = body.decode("utf-8")
    check(st == 200 and ty.startswith("text/csv") and text.startswith("\ufeff"), "compare as CSV with a BOM", ty)
    lines = text.lstrip("\ufeff").splitlines()
    check(lines[0] == "Lĩnh vực,Chỉ tiêu,Mã chỉ tiêu,Đơn vị,quý 1/2025,quý 1/2026,Thay đổi,Thay đổi (%)",
          "compare CSV headers name the periods", lines[0])
    check(len(lines) == 2 and lines[1].endswith(",cuộc,1.300 cuộc,1.170 cuộc,-130 cuộc,-10"),
          "compare CSV row in Vietnamese", lines[1:])
    st, ty, body = get("/api/compare?a=2025-Q1&b=2026-Q1&format=xlsx")
    names, strings, nums = workbook(body)
    check(st == 200 and ty == XLSX and names == ["So sánh hai kỳ"], "compare as XLSX", names)
    check("quý 1/2025" in strings and "thuê bao" in strings and 1730e9 in nums[0], "compare workbook: periods, units, change")
    st, _, body = get("/api/compare?sector=bogus")
    check(st == 400 and b"bogus" in body, "compare sector=bogus: 400", body[:200])
    st, _, body = get("/api/compare?a=quy-1")
    check(st == 400, "compare a=quy-1: 400", body[:200])
finally:
    srv.terminate()
    srv.wait()
print("downloads: %d failure(s)" % failures if failures else "downloads: all checks passed")
sys.exit(1 if failures else 0)
