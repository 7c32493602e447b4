#!/bin/bash
# Two kansrijk builds and the lean prototype side by side on generated corpora (docs/performance.md):
#
#   tests/bench/compare_speed.sh BEFORE_KANSRIJK AFTER_KANSRIJK OUT_DIR
#
# Rounds (ROUNDS, default 3) on the 20 MB corpus interleave `ingest` and `code` of the two builds, the prototype's
# `e2e --threads 2` and the Python loop, so each round sees the same load; then one round of ingest, code and the
# prototype per build at 5, 20 and 60 MB (LINEAR_SIZES) for the linearity. Prints one line per command:
#   label size_MB wall_s user_s sys_s peak_RSS_KB [database_bytes]
# The corpora are those of docs/performance.md: /tmp/genN (gen_corpus.py) and /tmp/kN (laid out by year).
# PAUSE_FUZZERS=1: a libFuzzer running in the background (make fuzz) is stopped during each round and always resumed.
# Off by default: libFuzzer counts the pause as running time, so the input it was running is reported as a timeout
# and a long pause looks like flat coverage to `make fuzz UNTIL_FLAT=M` (docs/fuzzing.md).
set -euo pipefail
before=$1 after=$2 out=$3
perf=${PERF:-$(dirname "$0")/../../../shared/perf}
prototype=${PROTOTYPE:-/tmp/perfbench/perfbench}
codebook=${CODEBOOK:-$(dirname "$0")/../../codebook/kansrijke-start.yaml}
rounds=${ROUNDS:-3}
mkdir -p "$out"

resume() { [ "${PAUSE_FUZZERS:-0}" = 1 ] && pkill -CONT -f build-fuzz/fuzz_ || true; }
trap resume EXIT INT TERM
pause() { [ "${PAUSE_FUZZERS:-0}" = 1 ] && pkill -STOP -f build-fuzz/fuzz_ || true; }

# timed LABEL SIZE COMMAND...: one result line; the command's own output goes to $out/LABEL.log
timed() {
  local label=$1 size=$2; shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$out/time.tmp" "$@" >>"$out/$label.log" 2>&1
  echo "$label $size $(cat "$out/time.tmp")"
}

# A build whose ingest takes --codebook codes while it ingests (as `make run` does); its `code` then has nothing left
# to code, and `code --all` (LABEL-recode) is the whole coding again, as after an edit of the codebook.
kansrijk_round() {  # name binary size
  local name=$1 bin=$2 size=$3 db="$out/$1-$3.db"
  rm -f "$db" "$db-wal" "$db-shm"
  local ingest code recode="" coding=()
  if "$bin" ingest --help 2>&1 | grep -q -- --codebook; then coding=(--codebook "$codebook"); fi
  ingest=$(timed "$name-ingest" "$size" "$bin" ingest "/tmp/k$size" --db "$db" --quiet "${coding[@]}")
  code=$(timed "$name-code" "$size" "$bin" code --db "$db" --codebook "$codebook" --quiet)
  if [ ${#coding[@]} -gt 0 ]; then
    recode=$(timed "$name-recode" "$size" "$bin" code --db "$db" --codebook "$codebook" --quiet --all)
  fi
  local bytes
  bytes=$(stat -c %s "$db")
  echo "$ingest $bytes"
  echo "$code $bytes"
  if [ -n "$recode" ]; then echo "$recode $bytes"; fi
}

for round in $(seq "$rounds"); do
  pause
  echo "# round $round, load $(cut -d' ' -f1-3 /proc/loadavg)"
  kansrijk_round before "$before" 20
  kansrijk_round after "$after" 20
  rm -f "$out/prototype.db"*
  timed prototype 20 "$prototype" e2e --dir /tmp/gen20 --threads 2 --reps 1 --patterns "$perf/patterns.txt" \
    --db "$out/prototype.db"
  timed python-loop 20 python3 "$perf/tag_baseline.py" /tmp/gen20 "$perf/patterns.txt" loop
  resume
done

for size in ${LINEAR_SIZES:-5 60}; do
  pause
  echo "# linearity $size MB, load $(cut -d' ' -f1-3 /proc/loadavg)"
  kansrijk_round before "$before" "$size"
  kansrijk_round after "$after" "$size"
  rm -f "$out/prototype.db"*
  timed prototype "$size" "$prototype" e2e --dir "/tmp/gen$size" --threads 2 --reps 1 \
    --patterns "$perf/patterns.txt" --db "$out/prototype.db"
  resume
done
