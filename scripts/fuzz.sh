#!/usr/bin/env bash
# Runs each libFuzzer target built in build-fuzz for SECONDS seconds, one after the other (make fuzz SECONDS=N).
#   scripts/fuzz.sh SECONDS TARGET...
# The corpus each run grows is kept in build-fuzz/corpus/<target> (started from tests/fuzz/seeds/<target>), so a
# second run goes on where the first stopped. An input that crashes, leaks, runs out of memory or takes over 10 s is
# written to tests/fuzz/regressions/<target>/: fix the library, keep the file, and `make test` replays it.
# The log of each run is build-fuzz/<target>.log, each line prefixed with the seconds since the start; the summary
# gives each target's last status line (executions, cov: edges, ft: features) and when coverage last grew.
set -uo pipefail
seconds=$1
shift
cd "$(dirname "$0")/.."
status=0
for target in "$@"; do
  mkdir -p "build-fuzz/corpus/$target" "tests/fuzz/regressions/$target"
  echo "== $target: $seconds s" >&2
  start=$SECONDS
  "build-fuzz/fuzz_$target" "build-fuzz/corpus/$target" "tests/fuzz/seeds/$target" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="tests/fuzz/regressions/$target/" 2>&1 |
    while IFS= read -r line; do printf '%5d %s\n' $((SECONDS - start)) "$line"; done >"build-fuzz/$target.log"
  if [ "${PIPESTATUS[0]}" -ne 0 ]; then
    echo "   $target found something: see build-fuzz/$target.log and tests/fuzz/regressions/$target/" >&2
    status=1
  fi
done
echo "== summary" >&2
for target in "$@"; do
  last=$(grep -E '^ *[0-9]+ #[0-9]+' "build-fuzz/$target.log" | tail -1)
  grown=$(grep -E '^ *[0-9]+ #[0-9]+\s+(NEW|REDUCE)' "build-fuzz/$target.log" | tail -1 | awk '{print $1}')
  printf '%-16s last new coverage at %ss; %s\n' "$target" "${grown:-?}" "$last"
done
exit $status
