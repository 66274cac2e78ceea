#!/usr/bin/env python3
"""`chitieu serve` end to end, over real sockets: the API's answers and
status codes, tokens (none, wrong, revoked, editor against admin), limits
(oversized bodies declared and streamed, oversized headers, too many
arguments, slow clients that trickle headers or a body), path traversal
against the static files, caching (ETag, 304, a write seen at once), the
access log (a line per request, no token in it), idempotent posts, dry runs
that store nothing, and a graceful SIGTERM that finishes a POST in flight.

usage: serve.py CHITIEU SOURCE_DIR"""
import http.client
import json
import urllib.parse
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

BIN, SRC = sys.argv[1], sys.argv[2]
TMP = tempfile.mkdtemp(prefix="ct_serve_")
DB = os.path.join(TMP, "t.db")
LOG = os.path.join(TMP, "access.log")
failures = 0


def check(cond, what, detail=""):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what, detail)


def run(*args, want=0):
    p = subprocess.run([BIN, *args], capture_output=True, text=True)
    check(p.returncode == want, "chitieu %s: exit %d, want %d" % (" ".join(args), p.returncode, want),
          p.stderr)
    return p


def start(*extra, env=None):
    p = subprocess.Popen([BIN, "serve", "--db", DB, "--listen", "127.0.0.1:0", "--access-log", LOG,
                          *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    line = p.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        print("FAIL: server did not start:", line, p.stderr.read())
        sys.exit(1)
    return p, int(m.group(1))


def req(port, method, path, body=None, headers=None, timeout=20):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, dict((k.lower(), v) for k, v in r.getheaders()), data


def jreq(port, method, path, body=None, headers=None):
    st, h, data = req(port, method, path, body, headers)
    try:
        j = json.loads(data)
    except ValueError:
        j = None
    return st, h, j


def docs_count():
    with sqlite3.connect(DB) as c:
        return c.execute("select count(*) from documents").fetchone()[0]


# a database with the sample reports and two tokens
run("ingest", "--quiet", "--published", "2025-07-20", "--db", DB, os.path.join(SRC, "data/samples"))
editor = run("token", "create", "--name", "Sở TT&TT Huế", "--role", "editor", "--db", DB).stdout.strip()
admin = run("token", "create", "--name", "quản trị", "--role", "admin", "--db", DB).stdout.strip()
gone = run("token", "create", "--name", "cũ", "--role", "editor", "--db", DB).stdout.strip()
run("token", "revoke", "cũ", "--db", DB)
run("token", "create", "--name", "Sở TT&TT Huế", "--role", "editor", "--db", DB, want=65)
run("token", "create", "--name", "x", "--role", "owner", "--db", DB, want=64)
lst = run("token", "list", "--db", DB).stdout
check("cũ" in lst and "live" in lst and editor not in lst, "token list shows names, not tokens", lst)
with sqlite3.connect(DB) as c:
    stored = [r[0] for r in c.execute("select hash from tokens")]
check(editor not in stored and len(stored) == 3 and all(len(h) == 64 for h in stored),
      "only token hashes are stored")

srv, port = start("--max-body", "200000", "--timeout", "2", "--request-time", "3", "--max-header",
                  "8192")
E = {"Authorization": "Bearer " + editor}
A = {"Authorization": "Bearer " + admin}

# ---- reads
st, h, j = jreq(port, "GET", "/healthz")
check(st == 200 and j["status"] == "ok" and j["documents"] == 2, "healthz", j)
st, h, j = jreq(port, "GET", "/api/indicators")
check(st == 200 and len(j["indicators"]) > 40, "indicators", st)
fb = [i for i in j["indicators"] if i["code"] == "telecom.fixed_bb_subs"][0]
check(fb["latest"] and fb["latest"]["period"] == "2025-05" and fb["latest"]["value"] == 23900000,
      "latest value of a series", fb)
st, h, j = jreq(port, "GET", "/api/series/telecom.fixed_bb_subs")
check(st == 200 and j["indicator"] == "telecom.fixed_bb_subs" and j["rows"], "series", j)
check(h.get("etag") and "no-cache" in h.get("cache-control", ""), "series has ETag and Cache-Control", h)
st2, h2, _ = req(port, "GET", "/api/series/telecom.fixed_bb_subs", headers={"If-None-Match": h["etag"]})
check(st2 == 304, "If-None-Match gives 304", st2)
st, h, j = jreq(port, "GET", "/api/series/telecom.fixed_bb_subs?from=2025-13")
check(st == 400 and "from=" in j["error"]["message"], "bad period is 400 with a message", j)
st, h, j = jreq(port, "GET", "/api/series/no.such")
check(st == 404 and j["error"]["status"] == 404, "unknown indicator is 404 JSON", j)
# a series for a spreadsheet: CSV with a BOM, Vietnamese headers, the value as written
st, h, body = req(port, "GET", "/api/series/telecom.fixed_bb_subs?format=csv")
check(st == 200 and h.get("content-type", "").startswith("text/csv"), "series CSV is text/csv", (st, h))
check(body.startswith(b"\xef\xbb\xbf") and "Kỳ,Mã kỳ,Giá trị,Đơn vị".encode() in body,
      "series CSV has a BOM and Vietnamese headers", body[:200])
check("2025-05,23900000,thuê bao,23,9 triệu thuê bao".encode() in body.replace(b'"', b""),
      "series CSV keeps the figure as written", body[:600])
st, h, body = req(port, "GET", "/api/observations?indicator=infosec.attacks&format=csv")
check(st == 200 and body.startswith(b"\xef\xbb\xbf") and "Địa bàn,Giá trị,Đơn vị".encode() in body
      and "612 cuộc".encode() in body, "observations table as CSV", body[:400])
st, h, j = jreq(port, "GET", "/api/series/telecom.fixed_bb_subs?format=pdf")
check(st == 400 and "format=" in j["error"]["message"], "unknown series format is 400", j)
# a report of a period with no figures is 404, not an empty report
st, h, body = req(port, "GET", "/api/report?period=2019-Q1")
check(st == 404, "report of a period with no figures is 404", (st, body[:200]))
st, h, j = jreq(port, "GET", "/api/observations?indicator=infosec.attacks&period=2025-05")
check(st == 200 and j["count"] == 1 and j["observations"][0]["value"] == 612, "observations filter", j)
st, h, j = jreq(port, "GET", "/api/documents")
check(st == 200 and len(j["documents"]) == 2, "documents", j)
did = j["documents"][0]["id"]
st, h, j = jreq(port, "GET", "/api/documents/%d" % did)
text = j["text"].encode()
recs = j["records"]
check(st == 200 and recs, "document with records", st)
bad_spans = [r for r in recs if not (0 <= r["value_span"][0] < r["value_span"][1] <= len(text))]
check(not bad_spans, "every span lies in the text")
r0 = [r for r in recs if r.get("type") == "observation"][0]
vs = text[r0["value_span"][0]:r0["value_span"][1]].decode()
check(any(ch.isdigit() for ch in vs), "a value span covers the written figure", vs)
st, h, j = jreq(port, "GET", "/api/findings")
check(st == 200 and isinstance(j["findings"], list) and j["count"] == len(j["findings"]), "findings", j)
st, h, j = jreq(port, "GET", "/api/targets")
check(st == 200 and "targets" in j, "targets", j)
st, h, d = req(port, "GET", "/api/report?period=2025-05&format=md")
check(st == 200 and h["content-type"].startswith("text/markdown") and "2025" in d.decode(), "report md", st)
st, h, d = req(port, "GET", "/api/report?format=pdf")
check(st == 400, "report format refused", st)
st, h, d = req(port, "GET", "/api/chart/telecom.fixed_bb_subs.svg")
check(st == 200 and h["content-type"] == "image/svg+xml" and d.startswith(b"<svg"), "chart svg", d[:40])
st, h, j = jreq(port, "GET", "/api/areas")
check(st == 200 and any(a["name"] == "Huế" for a in j["areas"]) and len(j["areas"]) >= 34, "areas", j)
st, h, d = req(port, "GET", "/")
check(st == 200 and b"app.js" in d and "default-src 'self'" in h.get("content-security-policy", ""),
      "dashboard index with a CSP", h)
st, h, d = req(port, "GET", "/app.js")
check(st == 200 and h["content-type"].startswith("text/javascript"), "app.js", h)
st, h, j = jreq(port, "PUT", "/api/documents")
check(st == 405, "PUT is 405", st)
# issue 13 item 16: every 405 says what is allowed; static paths refuse writes with 405
for m, p, allow in (("PUT", "/api/documents", "GET, HEAD, POST"), ("PATCH", "/api/documents/1", "GET, HEAD, DELETE"),
                    ("OPTIONS", "/api/series/telecom.fixed_bb_subs", "GET, HEAD"), ("PUT", "/healthz", "GET, HEAD"),
                    ("DELETE", "/", "GET, HEAD"), ("POST", "/app.js", "GET, HEAD")):
    st, h, j = jreq(port, m, p, headers=E)
    check(st == 405 and h.get("allow") == allow, "%s %s: 405 with Allow: %s" % (m, p, allow), (st, h.get("allow")))
st, h, j = jreq(port, "POST", "/api/series/telecom.fixed_bb_subs", body=b"x", headers=E)
check(st == 405 and "allow" in h, "POST on a read is 405 with Allow", h)
st, h, j = jreq(port, "GET", "/api/observations?" + "&".join("a%d=1" % i for i in range(40)))
check(st == 400, "too many arguments is 400", st)

# ---- path traversal: nothing outside the compiled-in files
for p in ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/web/../CMakeLists.txt",
          "//etc/passwd", "/..%2f..%2fetc%2fpasswd", "/index.html/../../README.md", "/.%00./x",
          "/api/documents/..%2f..%2fetc%2fpasswd", "/api/chart/..%2f..%2fetc%2fpasswd.svg"]:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % p).encode())
    resp = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        resp += chunk
    s.close()
    status = int(resp.split(b" ", 2)[1]) if resp.startswith(b"HTTP/") else 0
    check(status in (400, 404) and b"root:" not in resp and b"cmake_minimum" not in resp,
          "traversal %s refused" % p, resp[:80])

# ---- writes need a token
doc = "Trong quý 3/2026, Huế ghi nhận 1.234 cuộc tấn công mạng, tăng 10% so với cùng kỳ năm 2025."
st, h, j = jreq(port, "POST", "/api/documents", doc.encode(), {"Content-Type": "text/plain"})
check(st == 401 and h.get("www-authenticate") == "Bearer", "no token: 401", (st, h))
st, h, j = jreq(port, "POST", "/api/documents", doc.encode(),
                {"Content-Type": "text/plain", "Authorization": "Bearer ct_wrong"})
check(st == 401, "wrong token: 401", st)
st, h, j = jreq(port, "POST", "/api/documents", doc.encode(),
                {"Content-Type": "text/plain", "Authorization": "Bearer " + gone})
check(st == 401, "revoked token: 401", st)
st, h, j = jreq(port, "POST", "/api/documents", doc.encode(),
                {"Content-Type": "text/plain", "Authorization": "Basic abc"})
check(st == 401, "another scheme: 401", st)
check(docs_count() == 2, "refused writes stored nothing")

# ---- a document in; the series sees it at once (cache follows writes)
# the text is Huế's: its figure joins Huế's series, not the national one
hue = "/api/series/infosec.attacks?area=" + urllib.parse.quote("Huế")
st0, h0, s0 = jreq(port, "GET", hue)
hdr = dict(E, **{"Content-Type": "text/plain"})
st, h, j = jreq(port, "POST", "/api/documents?name=hue-q3&published=2026-10-05&dry_run=1", doc.encode(), hdr)
check(st == 200 and j["dry_run"] and not j["stored"] and j["document"]["records"], "dry run", j)
check(docs_count() == 2, "a dry run stores nothing")
st, h, j = jreq(port, "POST", "/api/documents?name=hue-q3&published=2026-10-05", doc.encode(), hdr)
check(st == 201 and j["stored"] and j["document"]["source"] == "token:Sở TT&TT Huế", "stored, 201", j)
new_id = j["document"]["id"]
check(j["document"]["records"][0]["period"] == "2026-Q3", "records of the posted text", j)
st, h, j = jreq(port, "POST", "/api/documents?name=again", doc.encode(), hdr)
check(st == 200 and not j["stored"] and j["document"]["id"] == new_id, "same text again: not stored twice", j)
check(docs_count() == 3, "three documents")
st1, h1, s1 = jreq(port, "GET", hue)
check(h1["etag"] != h0["etag"] and any(r["period"] == "2026-Q3" for r in s1["rows"]),
      "the series shows the new document at once")
st2, h2, s2 = jreq(port, "GET", "/api/series/infosec.attacks")
check(not any(r["period"] == "2026-Q3" for r in s2["rows"]), "a province's figure is not national")
# area=: the text's area when the sender knows it
st, h, j = jreq(port, "POST", "/api/documents?name=na-q3&published=2026-10-05&area=" + urllib.parse.quote("tỉnh Nghệ An"),
                "Trong quý 3/2026 ghi nhận 77 cuộc tấn công mạng.".encode(), hdr)
check(st == 201 and j["document"]["records"][0]["area"] == "Nghệ An", "area= gives the records their area", j)
st, h, j = jreq(port, "POST", "/api/documents?name=x&area=Atlantis", "Tháng 9/2026 có 5 cuộc tấn công mạng.".encode(), hdr)
check(st == 400 and "area" in j["error"]["message"], "an unknown area= is refused", (st, j))
st, h, j = jreq(port, "POST", "/api/documents", json.dumps({"text": "Năm 2026 doanh thu viễn thông đạt 350.000 tỷ đồng.", "name": "json-doc", "published": "2026-11-01"}).encode(),
                dict(E, **{"Content-Type": "application/json"}))
check(st == 201 and j["document"]["name"] == "json-doc", "JSON body", j)
st, h, j = jreq(port, "POST", "/api/documents", b'{"text": "x", ', dict(E, **{"Content-Type": "application/json"}))
check(st == 400 and j["error"]["message"].startswith("body:1:"), "malformed JSON: 400 with line:col", j)
st, h, j = jreq(port, "POST", "/api/documents", b"abc \xff\xfe def", hdr)
check(st == 422 and "body:4" in j["error"]["message"], "invalid UTF-8: 422 with offset", j)
# a file's bytes as they are: a TCVN3 report is decoded by the server, not stored garbled
tcvn = open(os.path.join(sys.argv[2], "tests/data/formats/report.tcvn3.txt"), "rb").read()
st, h, j = jreq(port, "POST", "/api/documents?name=tcvn3-upload&published=2024-04-01", tcvn,
                dict(E, **{"Content-Type": "application/octet-stream"}))
check(st == 201 and j["document"]["records"], "octet-stream TCVN3 upload stored with records", j)
st, h, j = jreq(port, "GET", "/api/documents/tcvn3-upload")
check(st == 200 and "thông tin" in j.get("text", ""), "TCVN3 upload stored as Vietnamese text", str(j)[:300])
# one name, one document: other text under a stored name is refused, the same text is the stored one
st, h, j = jreq(port, "POST", "/api/documents?name=dup-name&published=2026-11-02",
                "Năm 2026 doanh thu viễn thông đạt 351.000 tỷ đồng.".encode(), hdr)
check(st == 201, "first document of a name stored", j)
st, h, j = jreq(port, "POST", "/api/documents?name=dup-name&published=2026-11-02",
                "Năm 2026 doanh thu viễn thông đạt 352.000 tỷ đồng.".encode(), hdr)
check(st == 409 and "dup-name" in j["error"]["message"], "other text under a stored name is 409", j)
st, h, j = jreq(port, "POST", "/api/documents?name=dup-name&published=2026-11-02",
                "Năm 2026 doanh thu viễn thông đạt 351.000 tỷ đồng.".encode(), hdr)
check(st == 200 and j["stored"] is False, "the same text again is the stored document", j)
st, h, j = jreq(port, "POST", "/api/documents", b"abc", dict(E, **{"Content-Type": "image/png"}))
check(st == 415, "wrong type: 415", st)
st, h, j = jreq(port, "POST", "/api/documents?name=../../etc/x", doc.encode(), hdr)
check(st == 400, "a name with a path is refused", st)

# ---- import, with bad rows and a dry run
rows = ('{"type":"observation","doc":"nhap-hue","indicator":"telecom.fixed_bb_subs","period":"2026-Q3",'
        '"value":410000,"unit":"subscribers","area":"Huế","published":"2026-10-10"}\n')
st, h, j = jreq(port, "POST", "/api/import?dry_run=1", rows.encode(), dict(E, **{"Content-Type": "application/x-ndjson"}))
check(st == 200 and j["dry_run"] and j["records"] == 1, "import dry run", j)
check(docs_count() == 7, "import dry run stored nothing (two more: the TCVN3 and the named uploads)")
st, h, j = jreq(port, "POST", "/api/import", (rows + '{"indicator":"no.such","period":"2026","value":1}\n').encode(),
                dict(E, **{"Content-Type": "application/x-ndjson"}))
check(st == 422 and j["error"]["rows"][0]["line"] == 2, "bad import row named by line", j)
st, h, j = jreq(port, "POST", "/api/import", rows.encode(), dict(E, **{"Content-Type": "application/x-ndjson"}))
check(st == 201 and j["documents"] == 1 and j["records"] == 1, "import stored", j)
st, h, j = jreq(port, "GET", "/api/observations?indicator=telecom.fixed_bb_subs&area=Huế".replace("ế", "%E1%BA%BF"))
check(st == 200 and j["count"] == 1 and j["observations"][0]["area"] == "Huế", "area filter", j)
with sqlite3.connect(DB) as c:
    src = c.execute("select source from documents where name = 'nhap-hue'").fetchone()[0]
check(src == "token:Sở TT&TT Huế", "entered figures carry the token's name as source", src)

# ---- roles
st, h, j = jreq(port, "DELETE", "/api/documents/%d" % new_id, headers=E)
check(st == 403, "an editor cannot delete", st)
st, h, j = jreq(port, "DELETE", "/api/documents/%d" % new_id, headers=A)
check(st == 200 and j["deleted"] == new_id, "an admin deletes", j)
st, h, j = jreq(port, "GET", "/api/documents/%d" % new_id)
check(st == 404, "deleted document is gone", st)
st, h, s2 = jreq(port, "GET", "/api/series/infosec.attacks")
check(not any(r["period"] == "2026-Q3" for r in s2["rows"]), "and gone from the series")

# ---- issue 13: ids and names are two namespaces (item 2)
st, h, j = jreq(port, "GET", "/api/documents")
ids = [d["id"] for d in j["documents"]]
first, last = ids[0], ids[-1]
with sqlite3.connect(DB) as c:  # a name of digits, as an older server stored it
    c.execute("update documents set name = ? where id = ?", (str(last), first))
st, h, j = jreq(port, "GET", "/api/documents/%d" % last)
check(st == 200 and j["id"] == last, "digits are an id, never another document's name", (st, j and j.get("id")))
st, h, j = jreq(port, "GET", "/api/documents/id:%d" % first)
check(st == 200 and j["id"] == first, "id:N names a document by id", st)
st, h, j = jreq(port, "GET", "/api/observations?doc=%d&limit=1" % last)
check(st == 200 and all(o["doc_id"] == last for o in j["observations"]), "?doc= digits are an id", j)
with sqlite3.connect(DB) as c:
    names = dict(c.execute("select id, name from documents"))
    c.execute("update documents set name = ? where id = ?", (names[ids[1]], first))
st, h, j = jreq(port, "GET", "/api/documents/" + urllib.parse.quote(names[ids[1]]))
check(st == 200 and j["id"] == ids[1], "a name two documents share gives the latest", (st, j and j.get("id")))
with sqlite3.connect(DB) as c:
    c.execute("update documents set name = ? where id = ?", (names[first], first))
for bad in ["6", "id:7", "..", "a%1Bb", "a%C2%85b", "a%FFb", "x" * 101]:
    st, h, j = jreq(port, "POST", "/api/documents?name=" + bad, "Năm 2026 có 3 cuộc tấn công mạng.".encode(), hdr)
    check(st == 400 and "name" in j["error"]["message"], "name %r refused" % bad[:10], (st, j))
st, h, j = jreq(port, "POST", "/api/documents?source=a%1B%5B31mb", "Năm 2026 có 3 cuộc tấn công mạng.".encode(), hdr)
check(st == 400 and "source" in j["error"]["message"], "a source with ESC refused", (st, j))
st, h, j = jreq(port, "POST", "/api/import?doc=12", rows.encode(), dict(E, **{"Content-Type": "application/x-ndjson"}))
check(st == 400, "import doc= of digits refused", (st, j))

# ---- issue 13: the cache key (item 3), unknown arguments (item 4), strict flags (item 9)
st, h, j = jreq(port, "GET", "/api/observations?limit=5%26indicator%3Dinfosec.attacks")
st, h, j = jreq(port, "GET", "/api/observations?limit=5&indicator=infosec.attacks")
check(st == 200 and j["observations"] and all(o["indicator"] == "infosec.attacks" for o in j["observations"]),
      "an escaped '&' is not another argument in the cache", j and j["observations"][:1])
st, h, j = jreq(port, "GET", "/api/observations?nocache=1")
check(st == 400 and "nocache" in j["error"]["message"], "an unknown argument is 400", (st, j))
st, h, j = jreq(port, "GET", "/api/observations?limit=1&limit=2")
check(st == 400 and "twice" in j["error"]["message"], "an argument given twice is 400", (st, j))
st, h, j = jreq(port, "GET", "/healthz?x=1")
check(st == 400, "healthz takes no arguments", st)
st, h, j = jreq(port, "GET", "/api/series/telecom.fixed_bb_subs?format=xml")
check(st == 400, "format of a data read is json or csv", st)
for v in ["True", "TRUE", "on", "y", "2"]:
    st, h, j = jreq(port, "POST", "/api/documents?name=flag&dry_run=" + v, "Năm 2026 có 4 cuộc tấn công mạng.".encode(), hdr)
    check(st == 400 and "dry_run" in j["error"]["message"], "dry_run=%s refused" % v, (st, j))
    st, h, j = jreq(port, "POST", "/api/import?skip_bad=" + v, rows.encode(), dict(E, **{"Content-Type": "application/x-ndjson"}))
    check(st == 400 and "skip_bad" in j["error"]["message"], "skip_bad=%s refused" % v, (st, j))
n0 = docs_count()
st, h, j = jreq(port, "POST", "/api/documents?name=flag0&dry_run=0", "Năm 2026 có 4 cuộc tấn công mạng.".encode(), hdr)
check(st == 201 and docs_count() == n0 + 1, "dry_run=0 stores", (st, j))
st, h, j = jreq(port, "DELETE", "/api/documents/%d" % j["document"]["id"], headers=A)
check(st == 200, "and it is deleted", st)

# ---- issue 13 item 17: numbers and dates in arguments are what they say
for path, arg in (("/api/observations?limit=1e5", "limit"), ("/api/observations?limit=+5", "limit"),
                  ("/api/targets?year=2025abc", "year"), ("/api/chart/infosec.attacks.svg?months=1e1", "months")):
    st, h, j = jreq(port, "GET", path)
    check(st == 400 and arg + "=" in j["error"]["message"], "%s refused" % path, (st, j))
st, h, j = jreq(port, "GET", "/api/observations?limit=2")
check(st == 200 and j["count"] == 2 and j["truncated"], "limit=2 is 2", j)
st, h, j = jreq(port, "GET", "/api/targets?as_of=2026-02-31")
check(st == 400 and "as_of" in j["error"]["message"], "as_of=2026-02-31 refused", (st, j))
st, h, j = jreq(port, "POST", "/api/documents?name=feb31&published=2026-02-31", "Năm 2026 có 4 cuộc tấn công mạng.".encode(), hdr)
check(st == 400 and "published" in j["error"]["message"], "published=2026-02-31 refused", (st, j))
# items 11 and 12 over the API: a stray quote is one bad row; names in rows are checked
csv = ["doc,indicator,period,value,unit"] + ["api-stray,infosec.attacks,%d-%02d,%d,incidents" % (1950 + i // 12, i % 12 + 1, i)
                                            for i in range(1000)]
csv[2] = csv[2].replace(",1", ',1"', 1)
st, h, j = jreq(port, "POST", "/api/import?skip_bad=1&dry_run=1", ("\n".join(csv) + "\n").encode(),
                dict(E, **{"Content-Type": "text/csv"}))
check(st == 200 and j["records"] == 999 and j["bad"] == 1 and j["bad_rows"][0]["line"] == 3,
      "API import: a stray quote is one bad row of 1,000", j and {k: j.get(k) for k in ("records", "bad", "bad_rows")})
st, h, j = jreq(port, "POST", "/api/import", (rows.replace('"nhap-hue"', '"../../etc/passwd"')).encode(),
                dict(E, **{"Content-Type": "application/x-ndjson"}))
check(st == 422 and "doc: no '/'" in j["error"]["rows"][0]["why"], "API import: a row's doc with a path refused", j)

# ---- issue 13 item 19: "token:NAME" as a source is the server's record of the writer, never the user's claim
for q in ("source=token:" + urllib.parse.quote("quản trị"), "source=TOKEN:x"):
    st, h, j = jreq(port, "POST", "/api/documents?name=spoof&" + q, "Năm 2026 có 6 cuộc tấn công mạng.".encode(), hdr)
    check(st == 400 and "token" in j["error"]["message"], "%s refused from another token" % q, (st, j))
st, h, j = jreq(port, "POST", "/api/documents", json.dumps({"text": "Năm 2026 có 6 cuộc tấn công mạng.", "name": "spoof",
                "source": "token:quản trị"}).encode(), dict(E, **{"Content-Type": "application/json"}))
check(st == 400, "a JSON body's forged source refused", (st, j))
spoof = rows.replace('"area":"Huế"', '"area":"Huế","source":"token:quản trị"')
for q in ("", "?skip_bad=1"):
    st, h, j = jreq(port, "POST", "/api/import" + q, spoof.encode(), dict(E, **{"Content-Type": "application/x-ndjson"}))
    check(st == 422 and j["error"]["rows"][0]["line"] == 1 and "token" in j["error"]["rows"][0]["why"],
          "an import row naming another token as source refused%s" % (" under skip_bad" if q else ""), (st, j))
st, h, j = jreq(port, "POST", "/api/documents?name=own-mark&dry_run=1&source=token:" + urllib.parse.quote("Sở TT&TT Huế"),
                "Năm 2026 có 6 cuộc tấn công mạng.".encode(), hdr)
check(st == 200 and j["dry_run"], "a source naming the writing token itself is taken", (st, j))

# ---- limits
big = b"a" * 300000
st, h, j = jreq(port, "POST", "/api/documents", big, hdr)
check(st == 413, "declared oversized body: 413", st)
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(b"POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nAuthorization: Bearer "
          + editor.encode() + b"\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
try:
    for _ in range(40):
        s.sendall(b"2000\r\n" + b"b" * 0x2000 + b"\r\n")
    s.sendall(b"0\r\n\r\n")
except OSError:
    pass
resp = b""
try:
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        resp += chunk
except OSError:
    pass
s.close()
check(resp.startswith(b"HTTP/1.1 413"), "streamed oversized body: 413", resp[:40])
# issue 13 item 13: an endless chunked body is answered 413 at the limit, not read to its end
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(b"POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nAuthorization: Bearer "
          + editor.encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\n")
sent, resp = 0, b""
s.settimeout(0.005)
try:
    while sent < 20000000 and not resp:
        try:
            s.sendall(b"2000\r\n" + b"b" * 0x2000 + b"\r\n")
            sent += 0x2000
        except socket.timeout:
            pass
        try:
            resp = s.recv(65536) or b"closed"
        except socket.timeout:
            pass
except OSError:
    pass
s.settimeout(2)
try:
    resp += s.recv(65536)
except OSError:
    pass
s.close()
check(resp.startswith(b"HTTP/1.1 413") and b'"status":413' in resp and sent < 2000000,
      "an endless chunked body: 413 at --max-body", (sent, resp[:40]))
# issue 13 item 14: 400 arguments in a short URL get their 400 at once
t0 = time.time()
st, h, j = jreq(port, "GET", "/api/observations?" + "&".join("a%d=1" % i for i in range(400)))
check(st == 400 and time.time() - t0 < 2, "400 arguments: 400 at once", (st, time.time() - t0))
st, h, d = req(port, "GET", "/api/indicators", headers={"X-Big": "z" * 20000})
check(st in (413, 431), "oversized header refused", st)
# a client that trickles its headers is cut after the idle timeout; others are served meanwhile
slow = socket.create_connection(("127.0.0.1", port), timeout=10)
slow.sendall(b"GET /api/indicators HTTP/1.1\r\nHost: x\r\n")
t0 = time.time()
st, h, j = jreq(port, "GET", "/healthz")
check(st == 200, "served while a slow client waits", st)
got = slow.recv(100)
check(got == b"" and 1.5 < time.time() - t0 < 8, "idle client closed after --timeout", (got, time.time() - t0))
slow.close()
# a body trickled slower than --request-time is cut
slow = socket.create_connection(("127.0.0.1", port), timeout=15)
slow.sendall(b"POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nAuthorization: Bearer "
             + editor.encode() + b"\r\nContent-Length: 100\r\n\r\n")
t0 = time.time()
closed = False
for _ in range(12):
    try:
        slow.sendall(b"x")
        time.sleep(1)
    except OSError:
        closed = True
        break
    slow.settimeout(0.01)
    try:
        if slow.recv(100) == b"":
            closed = True
            break
    except socket.timeout:
        pass
    except OSError:
        closed = True
        break
    slow.settimeout(15)
check(closed and time.time() - t0 < 8, "trickled body cut after --request-time", time.time() - t0)
slow.close()
check(docs_count() == 7, "nothing stored by refused or cut requests", docs_count())


# ---- access log
time.sleep(0.2)
log = open(LOG, encoding="utf-8").read()
check(editor not in log and admin not in log and gone not in log, "no token in the access log")
check(re.search(r'POST "/api/documents" 201 \d+ [\d.]+ms Sở TT&TT Huế', log), "log line names the token's name", log[-500:])
check(re.search(r'GET "/api/series/telecom.fixed_bb_subs" 304', log), "log line of a 304")

# ---- graceful stop: a POST in flight when SIGTERM arrives is finished and answered
body = ("Tháng 10/2026, số thuê bao băng rộng cố định đạt 24.500.000 thuê bao. " * 2000).encode()
s = socket.create_connection(("127.0.0.1", port), timeout=20)
s.sendall(b"POST /api/documents?name=in-flight HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nAuthorization: Bearer "
          + editor.encode() + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n")
s.sendall(body[:1000])
time.sleep(0.3)
srv.send_signal(signal.SIGTERM)
time.sleep(0.3)
s.sendall(body[1000:])
resp = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    resp += chunk
s.close()
check(resp.startswith(b"HTTP/1.1 201"), "POST in flight at SIGTERM answered 201", resp[:60])
rc = srv.wait(timeout=20)
err = srv.stderr.read()
check(rc == 0 and "stopped" in err, "exit 0 after SIGTERM", (rc, err[-300:]))
with sqlite3.connect(DB) as c:
    n = c.execute("select count(*) from documents where name = 'in-flight'").fetchone()[0]
check(n == 1, "the document in flight is stored", n)
try:
    socket.create_connection(("127.0.0.1", port), timeout=2).close()
    check(False, "no longer listening")
except OSError:
    pass

# ---- --read-token: reads need a token too
srv, port = start("--read-token")
st, h, j = jreq(port, "GET", "/api/indicators")
check(st == 401, "--read-token: anonymous read 401", st)
st, h, j = jreq(port, "GET", "/api/indicators", headers=E)
check(st == 200 and "private" in h.get("cache-control", ""), "--read-token: read with a token", h)
# issue 13 item 18: without a token /healthz says the server is up, not what it holds
st, h, j = jreq(port, "GET", "/healthz")
check(st == 200 and j == {"status": "ok"}, "--read-token: anonymous /healthz shows no counts", j)
st, h, j = jreq(port, "GET", "/healthz", headers=E)
check(st == 200 and j.get("documents", 0) > 0, "--read-token: /healthz with a token shows the counts", j)
srv.send_signal(signal.SIGINT)
check(srv.wait(timeout=20) == 0, "exit 0 after SIGINT")

# ---- issue 13 item 5: a worker that first sees the database after another process's commit
# (under ASan, freed memory waits in a quarantine: none here, so that RSS measures what is held)
asan_env = dict(os.environ, ASAN_OPTIONS=os.environ.get("ASAN_OPTIONS", "") + ":quarantine_size_mb=0:thread_local_quarantine_size_kb=0")
# Which worker takes a connection is the kernel's choice: three servers, so that
# some request lands on a worker that had not looked yet (one round alone let
# the old code pass at times)
stale = 0
for rnd in range(3):
    if rnd:
        srv.send_signal(signal.SIGTERM)
        srv.wait(timeout=20)
    srv, port = start("--threads", "4", env=asan_env)
    conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=20) for _ in range(12)]
    for c in conns:  # held open: MHD spreads them over its workers
        c.connect()
    conns[0].request("GET", "/api/documents")
    n0 = len(json.loads(conns[0].getresponse().read())["documents"])
    outside = os.path.join(SRC, "tests/data/serve_outside.txt")
    if rnd:
        outside = os.path.join(TMP, "outside%d.txt" % rnd)
        with open(outside, "w") as f:
            f.write("Tháng 11/2026 ghi nhận %d cuộc tấn công mạng.\n" % (300 + rnd))
    run("ingest", "--quiet", "--db", DB, "--published", "2026-11-20", outside)
    for c in conns[1:] + conns[:1]:  # the worker that cached it last: it would notice the commit itself
        c.request("GET", "/api/documents")
        stale += len(json.loads(c.getresponse().read())["documents"]) != n0 + 1
        c.close()
check(stale == 0, "no worker answers from before another process's commit", stale)

# ---- issue 13 item 4: distinct reads of large answers do not grow the server without bound
def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))
said = ["số thuê bao băng rộng cố định đạt %d.500.000 thuê bao", "số thuê bao di động đạt %d.000.000 thuê bao",
        "ghi nhận %d.234 cuộc tấn công mạng", "doanh thu viễn thông đạt %d.000 tỷ đồng"]
big = " ".join("Tháng %d/%d, %s." % (m, y, t % (y - 1900 + m)) for y in range(1950, 2030)
               for m in range(1, 13) for t in said).encode()
st, h, j = jreq(port, "POST", "/api/documents?name=big-doc&published=2026-11-21", big, hdr)
check(st == 201, "a large document in", st)
big_id = j["document"]["id"]
st, h, d = req(port, "GET", "/api/observations?doc=%d" % big_id)
size = len(d)
r0 = rss_kb(srv.pid)
for i in range(100):
    st, h, d = req(port, "GET", "/api/observations?doc=%d&limit=%d" % (big_id, 90000 - i))
grew = rss_kb(srv.pid) - r0
check(size > 1100000 and grew < 60 * 1024, "100 large distinct answers keep RSS bounded", (size, grew))
srv.send_signal(signal.SIGTERM)
check(srv.wait(timeout=20) == 0, "exit 0 after SIGTERM")

# ---- issue 13 item 8: --grace bounds the stop, a second signal ends it at once
for grace, signals, limit in (("1", 1, 4), ("30", 2, 4)):
    srv, port = start("--grace", grace)
    slow = socket.create_connection(("127.0.0.1", port), timeout=10)
    slow.sendall(b"POST /api/documents HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nAuthorization: Bearer "
                 + editor.encode() + b"\r\nContent-Length: 100\r\n\r\nabc")
    time.sleep(0.3)
    t0 = time.time()
    for _ in range(signals):
        srv.send_signal(signal.SIGTERM)
        time.sleep(0.3)
    try:
        rc = srv.wait(timeout=limit + 5)
    except subprocess.TimeoutExpired:
        srv.kill()
        rc = srv.wait()
    took = time.time() - t0
    err = srv.stderr.read()
    check(rc == 0 and took < limit and "cut" in err, "--grace %s, %d signal(s): stopped in %.1f s" % (grace, signals, took),
          err[-200:])
    slow.close()

# ---- issue 13 item 7: headers trickled a byte at a time hold no connection past
# --timeout from its opening; one address holds at most --max-per-ip
def trickle_open(port, n, src="127.0.0.1"):
    out = []
    for _ in range(n):
        try:
            t = socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(src, 0))
            t.sendall(b"GET /api/indicators HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            out.append(t)
        except OSError:
            pass
    return out


def healthz_within(port, limit):
    t0 = time.time()
    while time.time() - t0 < limit:
        try:
            st, h, j = jreq(port, "GET", "/healthz")
            if st == 200:
                return time.time() - t0
        except (OSError, http.client.HTTPException):
            time.sleep(0.1)
    return None


srv, port = start("--max-connections", "20", "--timeout", "2")
tricklers = trickle_open(port, 20)
alive = [True]


def trickle_on():
    while alive[0]:
        for t in tricklers:
            try:
                t.send(b"a")
            except OSError:
                pass
        time.sleep(0.5)


th = threading.Thread(target=trickle_on)
th.start()
time.sleep(0.5)
took = healthz_within(port, 10)
alive[0] = False
th.join()
check(len(tricklers) == 20 and took is not None and took < 5,
      "20 tricklers under --max-connections 20 do not starve /healthz", (len(tricklers), took))
cut = 0
for t in tricklers:
    t.settimeout(1)
    try:
        cut += t.recv(100) == b""
    except OSError:
        cut += 1
    t.close()
check(cut == 20, "every trickler is cut", cut)
# a kept-alive connection gets the same deadline for its next request's headers
ka = socket.create_connection(("127.0.0.1", port), timeout=10)
ka.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
first = ka.recv(65536)
t0 = time.time()
ka.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
got = b"x"
ka.settimeout(0.5)
while got and time.time() - t0 < 8:
    try:
        ka.send(b"a")
        got = ka.recv(100)
    except socket.timeout:
        pass
    except OSError:
        got = b""
check(first.startswith(b"HTTP/1.1 200") and not got and 1.5 < time.time() - t0 < 4,
      "the next request's headers on a kept-alive connection are cut at --timeout", time.time() - t0)
ka.close()
srv.send_signal(signal.SIGTERM)
srv.wait(timeout=20)
srv, port = start("--max-connections", "20", "--max-per-ip", "5")
tricklers = trickle_open(port, 20, "127.0.0.2")
time.sleep(0.3)
held = 0
for t in tricklers:
    t.settimeout(0.3)
    try:
        held += t.recv(100) != b""
    except socket.timeout:
        held += 1
    except OSError:
        pass
took = healthz_within(port, 3)
check(held == 5 and took is not None and took < 1, "--max-per-ip 5: one address holds 5, another is served at once",
      (held, took))
for t in tricklers:
    t.close()
srv.send_signal(signal.SIGTERM)
srv.wait(timeout=20)

# ---- issue 13 item 15: framing a proxy could read otherwise is refused
srv, port = start("--timeout", "5")


def raw(data, wait=4):
    t = socket.create_connection(("127.0.0.1", port), timeout=wait)
    t.sendall(data)
    got = b""
    try:
        while True:
            chunk = t.recv(65536)
            if not chunk:
                break
            got += chunk
    except socket.timeout:
        got += b"<timeout>"
    t.close()
    return got


n0 = docs_count()
post = ("POST /api/documents?name=framing HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
        "Authorization: Bearer " + editor + "\r\n").encode()
body = "Năm 2026 có 9 cuộc tấn công mạng.".encode()
smuggled = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
for what, head, data, want in (
        ("conflicting Content-Length", b"Content-Length: 10\r\nContent-Length: %d\r\n" % len(body), body, 400),
        ("repeated Content-Length", b"Content-Length: %d\r\nContent-Length: %d\r\n" % (len(body), len(body)), body, 400),
        ("Content-Length with chunked", b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
         b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body), 400),
        ("Transfer-Encoding: gzip, chunked", b"Transfer-Encoding: gzip, chunked\r\n",
         b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body), 501),
        ("Transfer-Encoding: gzip", b"Transfer-Encoding: gzip\r\n", body, 501)):
    t0 = time.time()
    got = raw(post + head + b"\r\n" + data + smuggled)
    check(got.startswith(b"HTTP/1.1 %d" % want) and got.count(b"HTTP/1.1") == 1 and time.time() - t0 < 2,
          "%s: %d at once, the rest of the stream never read as a request" % (what, want), got[:200])
got = raw(post + b"Content-Length: abc\r\n\r\n" + body)
check(got.startswith(b"HTTP/1.1 400"), "Content-Length: abc is 400", got[:100])
check(docs_count() == n0, "no framing refused stored a document", docs_count() - n0)
srv.send_signal(signal.SIGTERM)
srv.wait(timeout=20)

# ---- issue 13 item 18: a database that is not one is exit 65 naming it; one damaged
# while served is 503 with the store's message once
junk = os.path.join(TMP, "junk.db")
with open(junk, "wb") as f:
    f.write(b"this is not a database" * 100)
p = run("serve", "--db", junk, "--listen", "127.0.0.1:0", want=65)
check("junk.db" in p.stderr and len(p.stderr.strip().splitlines()) == 1, "serve on a non-database names it", p.stderr)
ruin = os.path.join(TMP, "ruin.db")
subprocess.run(["cp", DB, ruin], check=True)
srv = subprocess.Popen([BIN, "serve", "--db", ruin, "--listen", "127.0.0.1:0", "--threads", "2", "--access-log", "off"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
port = int(re.search(r":(\d+)/", srv.stdout.readline()).group(1))
conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(4)]
for c in conns:
    c.request("GET", "/healthz")
    c.getresponse().read()
with open(ruin, "r+b") as f:
    f.write(b"garbage!" * 512)
if os.path.exists(ruin + "-shm"):
    with open(ruin + "-shm", "r+b") as f:  # the readers' index: they read the file again
        f.write(b"\0" * 32768)
answers = []
for c in conns + [http.client.HTTPConnection("127.0.0.1", port, timeout=10)]:
    c.request("GET", "/healthz")
    r = c.getresponse()
    answers.append((r.status, json.loads(r.read()).get("error", {}).get("message", "")))
    c.close()
# (a worker whose pages SQLite still trusts may answer from them: 200)
check(all(st in (200, 503) and "database: database" not in m for st, m in answers)
      and any(st == 503 and m.startswith("database: counting") for st, m in answers), "/healthz on a damaged database", answers)
srv.send_signal(signal.SIGTERM)
srv.wait(timeout=20)

run("serve", "--listen", "nowhere", "--db", DB, want=64)
run("serve", "--max-body", "0", "--db", DB, want=64)

subprocess.run(["rm", "-rf", TMP])
if failures:
    print("%d failure(s)" % failures)
    sys.exit(1)
print("serve: all checks passed")
