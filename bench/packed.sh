#!/usr/bin/env bash
# Extraction on figure-packed sentences (issue 15): 1 MB of text cut into
# sentences of 4, 16 and 64 KB, each clause a figure with its period,
# change, share of plan or target. Prints the seconds per size and the
# growth exponent of time in sentence length at equal total size: 0 means
# linear in the figures per sentence (the goal), 1 quadratic.
#
#   bench/packed.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
bin=$build/chitieu
[[ -x $bin ]] || { echo "build first: cmake --build $build"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import random, sys
clauses = [
    "doanh thu an toàn thông tin quý {q}/2024 đạt {a},{b} tỷ đồng, tăng {c},{d}% so với cùng kỳ",
    "số cuộc tấn công mạng tháng {m}/2024 là {n}.{k} cuộc, giảm {c}% so với tháng trước",
    "doanh thu viễn thông năm 2024 đạt {a}.{k} tỷ đồng, đạt {c}% kế hoạch",
    "mục tiêu năm 2025 doanh thu công nghiệp ICT đạt {a} tỷ USD",
    "số thuê bao băng rộng cố định đến hết tháng {m}/2024 đạt {a},{b} triệu thuê bao",
]
rnd = random.Random(7)
def clause():
    return rnd.choice(clauses).format(q=rnd.randint(1, 4), m=rnd.randint(1, 12),
        a=rnd.randint(1, 999), b=rnd.randint(0, 9), c=rnd.randint(1, 60), d=rnd.randint(0, 9),
        n=rnd.randint(1, 99), k=rnd.randint(100, 999))
for size in (4, 16, 64):
    out, total = [], 0
    while total < 1_000_000:
        s, n = [], 0
        while n < size * 1000 - 200:
            c = clause() + "; "
            s.append(c); n += len(c.encode())
        line = "Trong năm 2024, " + "".join(s) + "và các chỉ tiêu khác.\n\n"
        out.append(line); total += len(line.encode())
    open(f"{sys.argv[1]}/packed{size}.txt", "w").write("".join(out))
PY
declare -A secs
for size in 4 16 64; do
  f=$tmp/packed$size.txt
  best=999
  for i in 1 2 3; do
    t0=$(date +%s.%N)
    "$bin" extract --published 2025-01 --format jsonl "$f" > "$tmp/out$size.jsonl"
    t1=$(date +%s.%N)
    best=$(python3 -c "print(min($best, $t1 - $t0))")
  done
  secs[$size]=$best
  printf 'sentences of %2d KB: %6.3f s for %.2f MB, %d records\n' "$size" "$best" \
    "$(python3 -c "import os; print(os.path.getsize('$f')/1e6)")" "$(wc -l < "$tmp/out$size.jsonl")"
done
python3 -c "
import math
a, b = ${secs[4]}, ${secs[64]}
print('growth exponent in sentence length (4 -> 64 KB): %.2f' % (math.log(b / a) / math.log(16)))
print('1 MB of 64 KB sentences under 2 s: %s' % ('yes' if b < 2 else 'NO'))"
