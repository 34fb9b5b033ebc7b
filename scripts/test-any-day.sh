#!/usr/bin/env bash
# npm run test:any-day [-- 'YYYY-MM-DD HH:MM:SS' ...]
#
# Runs the whole suite with the machine's clock moved to other days (default: 2027-06-30 and
# 2031-01-01), to prove that no test builds an expectation from the machine's date. Each run's
# clock starts on that day and moves on (libfaketime with a relative offset, so the embedded
# store and every other child process share it; the monotonic clock is left alone, so timers
# and deadlines behave). Not part of CI: it runs the suite once per day.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/apt-ensure.sh faketime faketime || exit 1

days=("$@")
[ ${#days[@]} -gt 0 ] || days=('2027-06-30 00:00:00' '2031-01-01 00:00:00')

status=0
summary=()
for day in "${days[@]}"; do
  target=$(date -u -d "$day" +%s) || { echo "not a date: $day" >&2; exit 2; }
  offset=$(( target - $(date -u +%s) ))
  results=$(mktemp /tmp/hitos-any-day-XXXXXX.json)
  echo "::: npm test with the clock at $day UTC (offset ${offset}s)"
  FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -f "+${offset}s" \
    npx jest --json --outputFile="$results" </dev/null
  run=$?
  line=$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);' "$results" 2>/dev/null ||
    echo "no results")
  summary+=("$day: $line (exit $run)")
  [ "$run" -eq 0 ] || status=1
  rm -f "$results"
done
printf '%s\n' "::: any-day summary" "${summary[@]}"
exit "$status"
