#!/usr/bin/env bash
# bench/serve.sh — load on `chitieu serve`, measured with wrk (Debian), and
# nginx (Debian) serving the identical JSON as a static file in the same
# session as the ceiling. Prints figures; asserts nothing about speed.
#
#   1. GET /api/series/CODE: 64 connections for $SECONDS_ s (default 30),
#      requests/s, p99 latency, errors; the same against nginx; the ratio.
#   2. The same reads while 8 clients post documents for the whole run
#      (distinct texts, every other one posted twice): errors, and every
#      posted document stored exactly once.
#
# usage: bench/serve.sh [BUILD_DIR]   (installs wrk and nginx when missing)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
secs=${SECONDS_:-30}
code=${CODE:-infosec.attacks}
bin=$build/chitieu
[[ -x $bin ]] || { echo "build first: cmake --build $build"; exit 1; }
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
if ((${#need[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill $p 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$tmp"' EXIT

db=$tmp/bench.db
"$bin" ingest --quiet --published 2025-07-20 --db "$db" data/samples
if [[ -d ../shared/corpus/docs ]]; then
  "$bin" ingest --quiet --index ../shared/corpus/docs.tsv --db "$db" ../shared/corpus/docs || true
fi
token=$("$bin" token create --name bench --role editor --db "$db")
"$bin" serve --db "$db" --listen 127.0.0.1:0 --access-log "$tmp/access.log" >"$tmp/serve.out" 2>"$tmp/serve.err" &
pids+=($!)
for _ in $(seq 50); do grep -q http "$tmp/serve.out" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*/' "$tmp/serve.out")
path=api/series/$code
mkdir -p "$tmp/www/api/series"
curl -sf "$url$path" -o "$tmp/www/$path"
bytes=$(stat -c %s "$tmp/www/$path")
chmod 711 "$tmp"; chmod -R a+rX "$tmp/www" # nginx workers run as another user
cat >"$tmp/nginx.conf" <<NGX
worker_processes $(nproc);
pid $tmp/nginx.pid;
error_log $tmp/nginx.err;
events { worker_connections 1024; }
http {
  access_log $tmp/nginx.access.log;
  default_type application/json;
  sendfile on; tcp_nopush on; keepalive_requests 1000000;
  client_body_temp_path $tmp/nb; proxy_temp_path $tmp/np; fastcgi_temp_path $tmp/nf;
  uwsgi_temp_path $tmp/nu; scgi_temp_path $tmp/ns;
  server { listen 127.0.0.1:18089; root $tmp/www; etag on; }
}
NGX
"$NGINX" -c "$tmp/nginx.conf" -g 'daemon off;' 2>"$tmp/nginx.stderr" &
pids+=($!)
sleep 0.5
cmp -s <(curl -sf "http://127.0.0.1:18089/$path") "$tmp/www/$path" || { echo "nginx does not serve the file"; cat "$tmp/nginx.stderr" "$tmp/nginx.err"; exit 1; }

figures() { # wrk output → "rps p99 errors"
  awk '/Requests\/sec/ {r=$2} /^ +99%/ {p=$2} /Non-2xx/ {e+=$NF} /Socket errors/ {gsub(",","");e+=$4+$6+$8+$10} END {printf "%s %s %d\n", r, p, e}'
}
echo "GET /$path ($bytes bytes of JSON), 64 connections, 2 wrk threads, ${secs}s each; both servers log every request"
wrk -t2 -c64 -d"${secs}s" --latency "$url$path" >"$tmp/wrk.chitieu"
read -r c_rps c_p99 c_err < <(figures <"$tmp/wrk.chitieu")
wrk -t2 -c64 -d"${secs}s" --latency "http://127.0.0.1:18089/$path" >"$tmp/wrk.nginx"
read -r n_rps n_p99 n_err < <(figures <"$tmp/wrk.nginx")
printf "  chitieu serve  %10s req/s  p99 %8s  errors %s\n" "$c_rps" "$c_p99" "$c_err"
printf "  nginx static   %10s req/s  p99 %8s  errors %s\n" "$n_rps" "$n_p99" "$n_err"
awk -v a="$c_rps" -v b="$n_rps" 'BEGIN {printf "  ratio chitieu/nginx: %.2f (goal >= 0.50)\n", a / b}'

# 2. reads while documents are posted
before=$(sqlite3 "$db" "select count(*) from documents")
cat >"$tmp/poster.py" <<'PY'
import http.client, sys, threading, json, time
host, port, token, secs = sys.argv[1], int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
res = {"201": 0, "200": 0, "other": 0, "distinct": 0}
lock = threading.Lock()
def post(i):
    text = ("Báo cáo số %d: trong tháng %d/2026, số thuê bao băng rộng cố định đạt %s thuê bao, "
            "tăng %d,%d%% so với cùng kỳ năm 2025." % (i, i % 12 + 1, "{:,}".format(20000000 + i * 1000).replace(",", "."), i % 30, i % 10))
    c = http.client.HTTPConnection(host, port, timeout=60)
    c.request("POST", "/api/documents?name=bench-%d&published=2026-11-01" % i, body=text.encode(),
              headers={"Content-Type": "text/plain", "Authorization": "Bearer " + token})
    r = c.getresponse(); r.read(); c.close()
    with lock:
        res[str(r.status) if r.status in (200, 201) else "other"] += 1
end = time.time() + secs
def worker(k):
    i = k
    while time.time() < end:
        post(i)
        with lock: res["distinct"] += 1
        if i % 2 == 0: post(i)  # every other document is posted twice
        i += 8
threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps(res))
PY
port=${url##*:}; port=${port%/}
wrk -t2 -c64 -d"${secs}s" --latency "$url$path" >"$tmp/wrk.mixed" &
wpid=$!
t0=$(date +%s.%N)
posted=$(python3 "$tmp/poster.py" 127.0.0.1 "$port" "$token" "$((secs - 1))")
n_posts=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['distinct'])" "$posted")
t1=$(date +%s.%N)
wait $wpid
read -r m_rps m_p99 m_err < <(figures <"$tmp/wrk.mixed")
after=$(sqlite3 "$db" "select count(*) from documents")
dups=$(sqlite3 "$db" "select count(*) from (select sha256 from documents group by sha256 having count(*) > 1)")
echo "reads while 8 clients post documents for the whole run (every other one twice):"
printf "  reads          %10s req/s  p99 %8s  errors %s\n" "$m_rps" "$m_p99" "$m_err"
awk -v a="$m_rps" -v b="$c_rps" 'BEGIN {printf "  ratio reads while posting / read-only (same run): %.2f (goal >= 0.50)\n", a / b}'
echo "  posts: $posted in $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", b - a}') s"
echo "  documents stored: $((after - before)) (want $n_posts), duplicated: $dups"
