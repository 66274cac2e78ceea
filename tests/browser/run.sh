#!/usr/bin/env bash
# The dashboard in a real browser (Debian's chromium, driven by
# playwright-core from npm): a database with the sample reports, a server
# on a free port, then dashboard.mjs. Screenshots go to
# $CT_SHOTS (default build/browser-shots). Exit 77 (skipped) only when
# chromium or node is absent; scripts/deps.sh installs both.
set -u
bin=$1
src=$2
here=$(cd "$(dirname "$0")" && pwd)
command -v chromium >/dev/null && command -v node >/dev/null || { echo "SKIP: no chromium or node"; exit 77; }
if [[ ! -d $here/node_modules/playwright-core ]]; then
  (cd "$here" && npm ci --no-audit --no-fund >/dev/null) || { echo "FAIL: npm ci in tests/browser"; exit 1; }
fi
tmp=$(mktemp -d)
srv=
trap '[[ -n $srv ]] && kill $srv 2>/dev/null; rm -rf "$tmp"' EXIT
db=$tmp/b.db
"$bin" ingest --quiet --published 2025-07-20 --db "$db" "$src/data/samples" || exit 1
token=$("$bin" token create --name "Sở TT&TT Đà Nẵng" --role editor --db "$db") || exit 1
"$bin" serve --db "$db" --listen 127.0.0.1:0 --access-log "$tmp/access.log" >"$tmp/out" 2>"$tmp/err" &
srv=$!
for _ in $(seq 50); do grep -q http "$tmp/out" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*/' "$tmp/out") || { echo "FAIL: server did not start"; cat "$tmp/err"; exit 1; }
shots=${CT_SHOTS:-$(pwd)/browser-shots}
mkdir -p "$shots"
CT_URL=$url CT_TOKEN=$token CT_SHOTS=$shots CT_DB=$db node "$here/dashboard.mjs"
rc=$?
kill -TERM $srv; wait $srv; src_rc=$?
srv=
# every page on the shared corpus, when it is there (../shared beside the repository)
corpus=$src/../shared/corpus
if [[ $rc == 0 && -d $corpus/docs ]]; then
  cdb=$tmp/c.db
  "$bin" ingest --quiet --index "$corpus/docs.tsv" --db "$cdb" "$corpus/docs" || rc=1
  "$bin" serve --db "$cdb" --listen 127.0.0.1:0 >"$tmp/cout" 2>"$tmp/cerr" &
  srv=$!
  for _ in $(seq 50); do grep -q http "$tmp/cout" && break; sleep 0.1; done
  curl_url=$(grep -o 'http://[0-9.:]*/' "$tmp/cout") || { echo "FAIL: corpus server did not start"; rc=1; }
  [[ -n ${curl_url:-} ]] && { CT_URL=$curl_url CT_SHOTS=$shots node "$here/corpus.mjs" || rc=1; }
  kill -TERM $srv; wait $srv
  srv=
fi
[[ $src_rc == 0 ]] || { echo "FAIL: server exit $src_rc"; cat "$tmp/err"; rc=1; }
exit $rc
