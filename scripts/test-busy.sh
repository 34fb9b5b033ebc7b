#!/usr/bin/env bash
# npm run test:busy [-- jest args]
#
# Runs the suite with a CPU hog beside it (stress-ng, one busy worker per core, at the same
# priority as the tests), as on a shared CI machine: a test that needs an idle machine fails
# here. Not part of CI.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/apt-ensure.sh stress-ng stress-ng || exit 1
stress-ng --cpu "$(nproc)" --quiet &
hog=$!
trap 'kill "$hog" 2>/dev/null; wait "$hog" 2>/dev/null' EXIT
npx jest "$@" </dev/null
