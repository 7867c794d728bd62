#!/usr/bin/env bash
# The calls e2e files N times in a row while `npm run test:unit` runs beside them in a loop (the CPU
# load issue 15 asks for). Run after `npm run build`; prints each run's outcome and the count passed.
set -u
cd "$(dirname "$0")/../.."
N=${1:-5}
mkdir -p test-results
: > test-results/unit-loop.txt
# The load's own outcome is kept too: a unit run that fails beside the browser is a finding as well.
( i=0; while true; do i=$((i + 1)); if npm run test:unit > "test-results/unit-loop-$i.log" 2>&1; then r=passed; else r=FAILED; fi; echo "unit run $i: $r" >> test-results/unit-loop.txt; done ) &
LOAD=$!
trap 'pkill -P $LOAD; kill $LOAD 2>/dev/null' EXIT
pass=0
for i in $(seq 1 "$N"); do
  log="test-results/calls-under-load-$i.log"
  mkdir -p test-results
  if npx playwright test -c tests/e2e/playwright.config.ts calls > "$log" 2>&1; then pass=$((pass + 1)); echo "run $i: passed"; else echo "run $i: FAILED ($log)"; fi
done
echo "$pass of $N runs passed"
cat test-results/unit-loop.txt
