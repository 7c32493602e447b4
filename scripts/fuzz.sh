#!/usr/bin/env bash
# Runs each libFuzzer target built in build-fuzz, one after the other (make fuzz SECONDS=N [UNTIL_FLAT=M]).
#   scripts/fuzz.sh SECONDS TARGET...             each target for SECONDS seconds
#   UNTIL_FLAT=M scripts/fuzz.sh SECONDS TARGET...  each target until its edge coverage (cov:) has not grown for
#                                                   M seconds, at most SECONDS seconds
# The corpus each run grows is kept in build-fuzz/corpus/<target> (started from tests/fuzz/seeds/<target>), so a
# second run goes on where the first stopped. An input that crashes, leaks, runs out of memory or takes over 10 s is
# written to tests/fuzz/regressions/<target>/: fix the library, keep the file, and `make test` replays it.
# The log of each run is build-fuzz/<target>.log, each line prefixed with the seconds since the start; the summary
# gives each target's last status line (executions, cov: edges, ft: features), when cov last grew and why it stopped.
set -uo pipefail
seconds=$1
shift
flat=${UNTIL_FLAT:-0}
cd "$(dirname "$0")/.."

# "SECOND COV" of the last line in a log that raised cov, the edge count (nothing before the first status line).
last_cov_growth() {
  awk '{ for (i = 2; i < NF; i++) if ($i == "cov:") { c = $(i + 1) + 0; if (c > max) { max = c; t = $1 } } }
       END { if (t != "") print t, max }' "$1"
}

status=0
fifo=$(mktemp -u)
trap 'rm -f "$fifo"' EXIT
for target in "$@"; do
  mkdir -p "build-fuzz/corpus/$target" "tests/fuzz/regressions/$target"
  log="build-fuzz/$target.log"
  if [ "$flat" -gt 0 ]; then
    echo "== $target: until cov is flat for $flat s, at most $seconds s" >&2
  else
    echo "== $target: $seconds s" >&2
  fi
  mkfifo "$fifo"
  start=$SECONDS
  while IFS= read -r line; do printf '%5d %s\n' $((SECONDS - start)) "$line"; done <"$fifo" >"$log" &
  stamper=$!
  "build-fuzz/fuzz_$target" "build-fuzz/corpus/$target" "tests/fuzz/seeds/$target" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="tests/fuzz/regressions/$target/" >"$fifo" 2>&1 &
  fuzzer=$!
  stopped=""
  # libFuzzer has no stopping rule of its own for "no new edges for a while": watch the log and interrupt it
  # (SIGINT: it prints its final stats and exits with 72; every input it kept is already in the corpus).
  while [ "$flat" -gt 0 ] && kill -0 "$fuzzer" 2>/dev/null; do
    sleep 1
    read -r grew _ <<<"$(last_cov_growth "$log")"
    if [ -n "${grew:-}" ] && [ $((SECONDS - start - grew)) -ge "$flat" ]; then
      stopped="cov flat for $flat s"
      kill -INT "$fuzzer" 2>/dev/null
      break
    fi
  done
  wait "$fuzzer"
  rc=$?
  wait "$stamper"
  rm -f "$fifo"
  [ -n "$stopped" ] && [ "$rc" -eq 72 ] && rc=0
  printf "%5d == stopped: %s, exit %s\n" $((SECONDS - start)) "${stopped:-time cap of $seconds s or the fuzzer ended}" "$rc" >>"$log"
  if [ "$rc" -ne 0 ]; then
    echo "   $target found something: see $log and tests/fuzz/regressions/$target/" >&2
    status=1
  fi
done
echo "== summary" >&2
for target in "$@"; do
  log="build-fuzz/$target.log"
  last=$(grep -E '^ *[0-9]+ #[0-9]+' "$log" | tail -1)
  read -r grew cov <<<"$(last_cov_growth "$log")"
  ran=$(tail -1 "$log" | awk '{print $1}')
  printf '%-16s ran %ss, cov last grew at %ss (to %s); %s\n' "$target" "$ran" "${grew:-?}" "${cov:-?}" \
    "$(echo "$last" | sed -E 's/^ *[0-9]+ //')" >&2
  grep -E '^ *[0-9]+ == stopped' "$log" | sed -E 's/^ *[0-9]+ == /                 /' >&2
done
exit $status
