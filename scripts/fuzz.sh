#!/usr/bin/env bash
# Run every fuzz target in BUILD_DIR for SECONDS on a scratch copy of its
# seed corpus (fuzz/seeds/NAME); a crash fails the run and leaves the
# reproducer in fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build-fuzz}
secs=${2:-20}
status=0
for t in "$dir"/fuzz/fuzz_*; do
  [[ -x $t ]] || continue
  name=$(basename "$t")
  seeds=fuzz/seeds/${name#fuzz_}
  work=$(mktemp -d)
  cp -r "$seeds"/. "$work"/ 2>/dev/null || true
  echo "-- $name (${secs}s, seeds: $seeds)"
  extra=()
  # the extractor's inputs reach past its 64 KiB inner blocks (it also
  # repeats its input, see fuzz_extract.c)
  [[ $name == fuzz_extract ]] && extra=(-max_len=70000)
  # poppler reserves a corrupt file's declared cross-reference size in one
  # allocation before it fails: a single large malloc is poppler's, not a leak
  [[ $name == fuzz_pdf ]] && extra=(-malloc_limit_mb=16384)
  if ! ASAN_OPTIONS=detect_leaks=1 "$t" "${extra[@]}" -max_total_time="$secs" -rss_limit_mb=1024 \
      -timeout=10 -artifact_prefix=fuzz/ -print_final_stats=0 "$work" 2>"$work.log"; then
    tail -30 "$work.log"
    status=1
  else
    grep -E "^#[0-9]+.*DONE" "$work.log" | tail -1 || true
  fi
  rm -rf "$work" "$work.log"
done
exit $status
