#!/usr/bin/env bash
# coverage.sh - line coverage of lib/ by the whole test suite, with gcov.
#
# Builds everything with --coverage into build-cov (or $COV_B), runs
# tests/run.sh against that build (the fuzz smoke test for 1 s per target),
# then asks gcov about every lib/*.c and lib/ingest/*.c: one line per file,
# least covered first, and the total:
#     lib/ line coverage: 91.3% (4567 of 5001 lines)
# COVERAGE_MIN=90 makes the script fail below that figure.  A failing test
# is reported but does not stop the report.  gcov's annotated sources are not
# kept (gcov -n).
set -u
cd "$(dirname "$0")/.."
B=${COV_B:-build-cov}
CC=${CC:-gcc}
GCOV=${GCOV:-gcov}
command -v "$GCOV" >/dev/null || { echo "coverage: $GCOV not found" >&2; exit 1; }

echo "coverage: building into $B" >&2
mkdir -p "$B"
make --no-print-directory -j"$(nproc 2>/dev/null || echo 2)" all B="$B" CC="$CC" \
	CFLAGS="-O0 -g --coverage" LDFLAGS="--coverage" > "$B/coverage-build.log" 2>&1 || {
	tail -20 "$B/coverage-build.log" >&2
	echo "coverage: build failed (see $B/coverage-build.log)" >&2
	exit 1
}
find "$B" -name '*.gcda' -delete

echo "coverage: running the test suite" >&2
FUZZ_SMOKE_SECONDS=${FUZZ_SMOKE_SECONDS:-1} B="$B" bash tests/run.sh > "$B/coverage-tests.log" 2>&1
suite=$?
tail -1 "$B/coverage-tests.log" | sed 's/^/coverage: test suite: /' >&2

total=0 hit=0
rows=$(
for src in lib/*.c lib/ingest/*.c; do
	obj=$B/${src%.c}.o
	[ -f "${obj%.o}.gcno" ] || continue
	# "File 'lib/x.c'" then "Lines executed:P% of N" (headers get entries too)
	"$GCOV" -n -o "$(dirname "$obj")" "$src" 2>/dev/null |
	awk -v want="$src" '
		/^File / { f = $2; gsub(/\047/, "", f); next }
		/^Lines executed:/ && f == want {
			split($2, a, ":"); p = a[2]; sub(/%/, "", p); n = $4
			printf "%s %d %d\n", want, int(p * n / 100 + 0.5), n; f = "" }'
done)
if [ -z "$rows" ]; then
	echo "coverage: gcov found no data (was the suite run against $B?)" >&2
	exit 1
fi
printf '%-34s %7s %7s %7s\n' file lines covered percent
while read -r f h n; do
	total=$((total + n))
	hit=$((hit + h))
	printf '%-34s %7d %7d %6.1f%%\n' "$f" "$n" "$h" "$(echo "$h $n" | awk '{ print $2 ? 100 * $1 / $2 : 100 }')"
done < <(sort -k1,1 <<<"$rows" | awk '{ print $0, ($3 ? $2 / $3 : 1) }' | sort -k4,4n | cut -d' ' -f1-3)
pct=$(echo "$hit $total" | awk '{ printf "%.1f", $2 ? 100 * $1 / $2 : 100 }')
echo
echo "lib/ line coverage: $pct% ($hit of $total lines)"
[ $suite -eq 0 ] || echo "coverage: note: the test suite had failures (see $B/coverage-tests.log)"
if [ -n "${COVERAGE_MIN:-}" ] && awk -v p="$pct" -v m="$COVERAGE_MIN" 'BEGIN { exit !(p < m) }'; then
	echo "coverage: $pct% is below COVERAGE_MIN=$COVERAGE_MIN%" >&2
	exit 1
fi
exit 0
