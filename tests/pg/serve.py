#!/usr/bin/env python3
"""Two `chitieu serve` processes on one PostgreSQL database (a throwaway
cluster from pg-server.sh): both answer /healthz; a document POSTed to one
is listed, and its series seen, by the other at once; a token made or
revoked with the CLI while they run is honoured by both (tokens live in
the database, not in a process); after the database server restarts,
both answer again without being restarted.

usage: serve.py CHITIEU SOURCE_DIR
Exit 77 (skipped) without PostgreSQL server binaries, unless $CI is set."""
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile

BIN, SRC = sys.argv[1], sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
TMP = tempfile.mkdtemp(prefix="ct_pgs_")
os.chmod(TMP, 0o755)  # the server runs as an unprivileged user when we are root
failures = 0

p = subprocess.run([os.path.join(HERE, "pg-server.sh"), "start", os.path.join(TMP, "pg")],
                   capture_output=True, text=True)
if p.returncode != 0:
    sys.stderr.write(p.stderr)
    subprocess.run(["rm", "-rf", TMP])
    sys.exit(p.returncode)
URL = p.stdout.strip()


def check(cond, what, detail=""):
    global failures
    if not cond:
        failures += 1
        print("FAIL:", what, detail)


def run(*args, want=0):
    r = subprocess.run([BIN, *args, "--db", URL], capture_output=True, text=True)
    check(r.returncode == want, "chitieu %s: exit %d, want %d" % (" ".join(args), r.returncode, want),
          r.stderr)
    return r


def start():
    s = subprocess.Popen([BIN, "serve", "--db", URL, "--listen", "127.0.0.1:0"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = s.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        print("FAIL: server did not start:", line, s.stderr.read())
        return s, 0
    return s, int(m.group(1))


def jreq(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    c.request(method, path, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read()
    c.close()
    try:
        return r.status, json.loads(data)
    except ValueError:
        return r.status, None


servers = []
try:
    run("ingest", "--quiet", "--published", "2025-07-20", os.path.join(SRC, "data/samples"))
    editor = run("token", "create", "--name", "Sở TT&TT Huế", "--role", "editor").stdout.strip()
    a, pa = start()
    b, pb = start()
    servers = [a, b]
    if not (pa and pb):
        sys.exit(1)
    for port in (pa, pb):
        st, j = jreq(port, "GET", "/healthz")
        check(st == 200 and j and j.get("status") == "ok" and j.get("documents") == 2,
              "healthz on %d" % port, (st, j))
    # warm both caches, then write through a
    series = "/api/series/infosec.attacks?area=" + "Hu%E1%BA%BF"
    st0, s0 = jreq(pb, "GET", series)
    st, j = jreq(pb, "GET", "/api/documents")
    check(st == 200 and len(j["documents"]) == 2, "b lists two documents", j)
    doc = "Trong quý 3/2026, Huế ghi nhận 1.234 cuộc tấn công mạng, tăng 10% so với cùng kỳ năm 2025."
    hdr = {"Authorization": "Bearer " + editor, "Content-Type": "text/plain"}
    st, j = jreq(pa, "POST", "/api/documents?name=hue-q3&published=2026-10-05", doc.encode(), hdr)
    check(st == 201 and j["stored"], "POST to a stores", (st, j))
    new_id = j["document"]["id"] if j and "document" in j else None
    st, j = jreq(pb, "GET", "/api/documents")
    check(st == 200 and any(d["id"] == new_id and d["name"] == "hue-q3" for d in j["documents"]),
          "b lists the document posted to a", j)
    st, j = jreq(pb, "GET", "/api/documents/%s" % new_id)
    check(st == 200 and j["text"] == doc and j["records"][0]["period"] == "2026-Q3", "b reads it, text and records", j)
    st1, s1 = jreq(pb, "GET", series)
    check(st1 == 200 and s1 != s0 and any(r["period"] == "2026-Q3" for r in s1["rows"]),
          "b's series (cached before) shows the new figure", s1)
    st, j = jreq(pb, "GET", "/healthz")
    check(j.get("documents") == 3, "b counts three documents", j)
    # the same text through b: stored once
    st, j = jreq(pb, "POST", "/api/documents?name=again", doc.encode(), hdr)
    check(st == 200 and not j["stored"] and j["document"]["id"] == new_id, "same text via b: not stored twice", (st, j))
    # tokens are the database's: one made now works on both, one revoked on neither
    late = run("token", "create", "--name", "muộn", "--role", "editor").stdout.strip()
    doc2 = "Tháng 9/2026, Huế có 77 cuộc tấn công mạng."
    st, j = jreq(pb, "POST", "/api/documents?name=late&published=2026-10-06", doc2.encode(),
                 {"Authorization": "Bearer " + late, "Content-Type": "text/plain"})
    check(st == 201, "a token made while serving works on b", (st, j))
    run("token", "revoke", "Sở TT&TT Huế")
    for port in (pa, pb):
        st, j = jreq(port, "POST", "/api/documents?name=x", "Năm 2026 có 5 cuộc tấn công mạng.".encode(), hdr)
        check(st == 401, "a revoked token is refused by %d" % port, st)
    st, j = jreq(pa, "GET", "/healthz")
    check(j.get("documents") == 4, "a counts four documents", j)
    # the database server restarts: both processes reconnect on their own
    r = subprocess.run([os.path.join(HERE, "pg-server.sh"), "restart", os.path.join(TMP, "pg")],
                       capture_output=True, text=True)
    check(r.returncode == 0, "restart the database server", r.stderr)
    for port in (pa, pb):
        for k in range(6):  # every worker thread's connection was cut: each answers anyway
            st, j = jreq(port, "GET", "/healthz")
            check(st == 200 and j and j.get("documents") == 4,
                  "healthz %d on %d after a restart" % (k, port), (st, j))
    st, j = jreq(pa, "GET", "/api/documents")
    check(st == 200 and len(j["documents"]) == 4, "a lists after a restart", (st, j))
finally:
    for s in servers:
        s.terminate()
        try:
            s.wait(timeout=10)
        except subprocess.TimeoutExpired:
            s.kill()
    subprocess.run([os.path.join(HERE, "pg-server.sh"), "stop", os.path.join(TMP, "pg")])
    subprocess.run(["rm", "-rf", TMP])
sys.exit(1 if failures else 0)
