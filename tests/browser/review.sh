#!/usr/bin/env bash
# The review loop in a real browser (issue 16): the sample reports and a
# ministry report written for this test (tests/data/review/bo_q3_2026.txt)
# in a database, a server on a free port, an editor token, then review.mjs.
# Screenshots go to $CT_SHOTS (default ./browser-shots), named review-*.png.
# Exit 77 (skipped) only when chromium or node is absent.
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
db=$tmp/r.db
"$bin" ingest --quiet --no-check --published 2025-07-20 --db "$db" "$src/data/samples" || exit 1
"$bin" ingest --quiet --no-check --published 2026-10-10 --db "$db" "$src/tests/data/review/bo_q3_2026.txt" || exit 1
token=$("$bin" token create --name "Vụ Kế hoạch - Tài chính" --role editor --db "$db") || exit 1
"$bin" serve --db "$db" --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/err" &
srv=$!
for _ in $(seq 50); do grep -q http "$tmp/out" && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*/' "$tmp/out") || { echo "FAIL: server did not start"; cat "$tmp/err"; exit 1; }
shots=${CT_SHOTS:-$(pwd)/browser-shots}
mkdir -p "$shots"
CT_URL=$url CT_TOKEN=$token CT_SHOTS=$shots node "$here/review.mjs"
rc=$?
kill -TERM $srv; wait $srv; src_rc=$?
srv=
# what the browser did is in the database: three reviews by the token's name
n=$("$bin" review log --db "$db" --format jsonl | grep -c '"by":"Vụ Kế hoạch - Tài chính"')
[[ $n == 3 ]] || { echo "FAIL: $n reviews under the token's name in the database (expected 3)"; rc=1; }
[[ $src_rc == 0 ]] || { echo "FAIL: server exit $src_rc"; cat "$tmp/err"; rc=1; }
exit $rc
