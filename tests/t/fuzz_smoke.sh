#!/usr/bin/env bash
# fuzz_smoke.sh - a short run of every libFuzzer target (scripts/fuzz.sh with
# FUZZ_SECONDS=5), after replaying the inputs of tests/fuzz/regress/.  TAP,
# one test per target; skipped when clang or its fuzzer runtime
# (libclang-rt-dev) is missing.  FUZZ_SMOKE_SECONDS changes the time.
set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$ROOT"
out=$(FUZZ_SECONDS=${FUZZ_SMOKE_SECONDS:-5} FUZZ_TAP=1 bash scripts/fuzz.sh 2>&1)
rc=$?
if [ $rc -eq 77 ]; then
	echo "1..0 # SKIP clang's libFuzzer runtime is not installed"
	exit 0
fi
printf '%s\n' "$out"
# scripts/fuzz.sh prints the plan; a build failure has no test lines
grep -qE '^(not )?ok ' <<<"$out" || { echo "not ok 1 - fuzz targets did not build"; echo "1..1"; }
exit 0
