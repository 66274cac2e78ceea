#!/usr/bin/env bash
# Bad input: a one-line error naming the file and byte offset, a documented
# exit status, no crash or hang, and the other files of the run processed.
set -u
bin=$1
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fail=0
good=$d/good.txt
printf 'Tháng 5/2025, doanh thu toàn ngành đạt 325.410 tỷ đồng.\n' > "$good"
run() { timeout 120 "$bin" extract --published 2025-06 --format jsonl "$@" >"$d/out" 2>"$d/err"; echo $?; }
expect() { # name want got
  if [[ $3 != "$2" ]]; then echo "FAIL $1: exit $3, want $2"; cat "$d/err"; fail=1; fi
}
lines() { wc -l <"$d/$1" | tr -d ' '; }

# invalid UTF-8 at byte 8, the good file after it still processed
printf 'abc def \xff ghi\n' > "$d/bad.txt"
st=$(run "$d/bad.txt" "$good"); expect invalid_utf8 65 "$st"
# read whole (its first chunk is not UTF-8), tried against the legacy encodings
grep -q "^$d/bad.txt: invalid UTF-8 at byte 8; .*give --encoding NAME$" "$d/err" || { echo "FAIL invalid_utf8 message:"; cat "$d/err"; fail=1; }
[[ $(lines err) == 1 ]] || { echo "FAIL invalid_utf8: more than one line"; fail=1; }
grep -q '"doc":"good"' "$d/out" || { echo "FAIL invalid_utf8: good file not processed"; fail=1; }
# --lossy reads it anyway
st=$(run --lossy "$d/bad.txt"); expect lossy 0 "$st"
# a truncated sequence at the end of the file
printf 'Doanh thu \xe1\xbb' > "$d/cut.txt"
st=$(run "$d/cut.txt"); expect truncated 65 "$st"
grep -qx "$d/cut.txt:10: invalid UTF-8" "$d/err" || { echo "FAIL truncated message:"; cat "$d/err"; fail=1; }
# NUL bytes: a binary file
printf 'Doanh thu\000\001\002' > "$d/bin.dat"
st=$(run "$d/bin.dat" "$good"); expect binary 65 "$st"
grep -qx "$d/bin.dat:9: binary file (NUL byte), not text" "$d/err" || { echo "FAIL binary message:"; cat "$d/err"; fail=1; }
grep -q '"doc":"good"' "$d/out" || { echo "FAIL binary: good file not processed"; fail=1; }
head -c 100000 /bin/ls > "$d/ls.bin"
st=$(run "$d/ls.bin"); [[ $st == 65 ]] || { echo "FAIL elf: $st"; fail=1; }
# missing path, directory: 66, others processed
st=$(run "$d/nope.txt" "$good"); expect missing 66 "$st"
grep -q "nope.txt: No such file or directory" "$d/err" || { echo "FAIL missing message"; cat "$d/err"; fail=1; }
grep -q '"doc":"good"' "$d/out" || { echo "FAIL missing: good file not processed"; fail=1; }
st=$(run "$d" "$good"); expect directory 66 "$st"
grep -q "is a directory" "$d/err" || { echo "FAIL directory message"; fail=1; }
# empty file: nothing, success
: > "$d/empty.txt"
st=$(run "$d/empty.txt"); expect empty 0 "$st"
[[ $(lines out) == 0 ]] || { echo "FAIL empty: output"; fail=1; }
# a number with 400 digits, % storms, lone punctuation
{ printf 'Doanh thu toàn ngành tháng 5/2025 đạt '; head -c 400 /dev/zero | tr '\0' '9'; printf ' tỷ đồng.\n';
  printf 'Doanh thu toàn ngành tháng 5/2025 tăng 5%%%%%%%% %% %% so với cùng kỳ, đạt 100 tỷ đồng.\n';
  printf '%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%% ,,,, ;;;; (((( )))) 1.2.3.4.5 ,5 5, -- //\n'; } > "$d/weird.txt"
st=$(run "$d/weird.txt"); expect weird 0 "$st"
grep -q '"value":100000000000' "$d/out" || { echo "FAIL weird: figure after storm lost"; cat "$d/out"; fail=1; }
# one 100 MB line without a break: bounded memory, no hang
python3 -c "
import sys
chunk = ('doanh thu toàn ngành tháng 5/2025 đạt 325.410 tỷ đồng, tăng 4,2% so với tháng trước; ' * 1000).encode()
with open(sys.argv[1], 'wb') as f:
    n = 0
    while n < 100 * 1024 * 1024:
        f.write(chunk); n += len(chunk)
" "$d/long.txt"
st=$(run "$d/long.txt"); expect long_line 0 "$st"
[[ $(lines out) -gt 1000 ]] || { echo "FAIL long_line: too few records"; fail=1; }
rm -f "$d/long.txt"
exit $fail
