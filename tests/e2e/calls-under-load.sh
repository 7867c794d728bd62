#!/usr/bin/env bash
# The calls e2e files N times in a row while `npm run test:unit` runs beside them in a loop (the CPU
# load issue 15 asks for). Run after `npm run build`; prints each run's outcome and the count passed.
set -u
cd "$(dirname "$0")/../.."
N=${1:-5}
( while true; do npm run test:unit >/dev/null 2>&1; done ) &
LOAD=$!
trap 'pkill -P $LOAD; kill $LOAD 2>/dev/null' EXIT
pass=0
for i in $(seq 1 "$N"); do
  log="test-results/calls-under-load-$i.log"
  mkdir -p test-results
  if npx playwright test -c tests/e2e/playwright.config.ts calls > "$log" 2>&1; then pass=$((pass + 1)); echo "run $i: passed"; else echo "run $i: FAILED ($log)"; fi
done
echo "$pass of $N runs passed"
