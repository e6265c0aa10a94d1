#!/usr/bin/env bash
# fuzz.sh - build the libFuzzer targets of tests/fuzz/ and run each one.
#
#   scripts/fuzz.sh [NAME...]      NAME: reader, merge, date ... (default: all)
#
# Each tests/fuzz/fuzz_NAME.c is linked with the library sources (lib/*.c,
# lib/ingest/*.c, compiled here, not libsvy.a) under
#   clang -g -O1 -fsanitize=fuzzer,address,undefined
# and run for FUZZ_SECONDS from its seed corpus tests/fuzz/corpus/NAME/ (read
# only: new inputs go to $FUZZ_OUT/corpus/NAME/, which persists between runs).
# Inputs in tests/fuzz/regress/NAME/ (what earlier runs found) are replayed
# first.  A crash, leak, sanitizer report, timeout or failed check
# stops that target; its input is saved under $FUZZ_OUT/artifacts/NAME/.
#
# Environment:
#   FUZZ_SECONDS   seconds per target (default 60; the smoke test uses 5)
#   FUZZ_JOBS      targets run at once (default: number of CPUs)
#   FUZZ_OUT       build and work directory (default build-fuzz)
#   CLANG          the compiler (default clang)
#   FUZZ_FLAGS     extra libFuzzer flags, e.g. "-only_ascii=1"
#   FUZZ_TAP=1     print TAP (one test per target) instead of a table
#   FUZZ_STRICT=1  compile the targets with -DFUZZ_STRICT: no skipping of the
#                  inputs of a finding still open (see tests/fuzz/README.md)
#
# Exit status: 0 all targets clean, 1 a target found something or failed to
# build, 77 clang or its fuzzer runtime (libclang-rt-dev) is missing.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_PER=${FUZZ_SECONDS:-60}
OUT=${FUZZ_OUT:-build-fuzz}
CLANG=${CLANG:-clang}
JOBS=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
TAP=${FUZZ_TAP:-}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
[ -n "${FUZZ_STRICT:-}" ] && SAN="$SAN -DFUZZ_STRICT"
CFLAGS="-g -O1 -std=gnu11 -fno-omit-frame-pointer -Ilib -Ilib/ingest -Itests/fuzz"
LIBS="-lcsv $(pkg-config --libs gsl 2>/dev/null || echo -lgsl -lgslcblas -lm)"

say() { [ -n "$TAP" ] && echo "# $*" || echo "$*"; }

# Several runs may share $OUT (make check in parallel trees): objects are
# replaced atomically, binaries and logs live in a directory of this run.
mkdir -p "$OUT/obj" "$OUT/artifacts" "$OUT/corpus"
RUN=$(mktemp -d "$OUT/run.XXXXXX")
trap 'rm -rf "$RUN"' EXIT
mkdir -p "$RUN/bin" "$RUN/log"

# Is there a fuzzer runtime?
probe=$RUN/probe
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' > "$probe.c"
if ! command -v "$CLANG" >/dev/null 2>&1 ||
   ! "$CLANG" -fsanitize=fuzzer,address,undefined "$probe.c" -o "$probe" >/dev/null 2>&1; then
	say "clang's libFuzzer runtime is missing (install clang and libclang-rt-dev)"
	exit 77
fi

if [ $# -gt 0 ]; then
	names=("$@")
else
	names=()
	for f in tests/fuzz/fuzz_*.c; do
		n=${f##*/fuzz_}
		names+=("${n%.c}")
	done
fi

# The library, instrumented for coverage and sanitizers, compiled once
# (only sources newer than their object are rebuilt).
objs=()
pids=()
build_failed=0
for src in lib/*.c lib/ingest/*.c; do
	obj=$OUT/obj/$(echo "${src%.c}" | tr / _).o
	objs+=("$obj")
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find lib -name '*.h' -newer "$obj" | head -1)" ]; then
		( "$CLANG" $CFLAGS $SAN -fsanitize=fuzzer-no-link -c "$src" -o "$obj.$$.tmp" \
		      2>"$RUN/log/${obj##*/}.err" && mv -f "$obj.$$.tmp" "$obj" ) &
		pids+=($!)
		if [ ${#pids[@]} -ge "$JOBS" ]; then
			wait "${pids[0]}" || build_failed=1
			pids=("${pids[@]:1}")
		fi
	fi
done
for p in "${pids[@]}"; do
	wait "$p" || build_failed=1
done
if [ $build_failed -ne 0 ]; then
	cat "$RUN"/log/*.o.err >&2
	say "the library does not compile with clang"
	exit 1
fi

# One target: build, replay the regressions, fuzz.  Writes $RUN/log/NAME.result:
# "ok|fail execs seconds message".
run_target() {
	local name=$1 bin=$RUN/bin/fuzz_$1 log=$RUN/log/$1.log res=$RUN/log/$1.result
	local corpus=$OUT/corpus/$1 seeds=tests/fuzz/corpus/$1 regress=tests/fuzz/regress/$1
	local art=$OUT/artifacts/$1/ rc execs start end
	rm -f "$res"
	if ! "$CLANG" $CFLAGS $SAN -fsanitize=fuzzer "tests/fuzz/fuzz_$name.c" "${objs[@]}" \
	     $LIBS -o "$bin" > "$log" 2>&1; then
		echo "fail 0 0 does not build: $(grep -m1 error: "$log" | cut -c1-160)" > "$res"
		return
	fi
	mkdir -p "$corpus" "$art"
	if [ -d "$regress" ] && [ -n "$(ls -A "$regress" 2>/dev/null)" ]; then
		if ! "$bin" -runs=1 "$regress"/* >> "$log" 2>&1; then
			echo "fail 0 0 a regression input fails again: $(grep -m1 -E 'ERROR|runtime error|MISMATCH|^Running: ' "$log" | cut -c1-160) $(grep -E '^Running: ' "$log" | tail -1)" > "$res"
			return
		fi
	fi
	start=$(date +%s)
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$SECONDS_PER" -timeout=10 -rss_limit_mb=2560 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix="$art" \
		${FUZZ_FLAGS:-} "$corpus" $( [ -d "$seeds" ] && echo "$seeds" ) >> "$log" 2>&1
	rc=$?
	end=$(date +%s)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	if [ $rc -eq 0 ]; then
		echo "ok ${execs:-0} $((end - start)) no findings" > "$res"
	else
		local what crash
		what=$(grep -m1 -E 'ERROR: [A-Za-z]+Sanitizer|runtime error|MISMATCH|ALARM|out-of-memory|leak' "$log" | cut -c1-160)
		# a failed check prints its reason just before abort()
		grep -q 'deadly signal' "$log" &&
			what="$(grep -B1 -m1 'ERROR: libFuzzer: deadly signal' "$log" | head -1 | cut -c1-160)"
		crash=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
		[ -n "$crash" ] && cp "$log" "$crash.log"
		echo "fail ${execs:-0} $((end - start)) ${what:-exit status $rc}; input: ${crash:-?}" > "$res"
	fi
}

running=()
for n in "${names[@]}"; do
	if [ ! -f "tests/fuzz/fuzz_$n.c" ]; then
		echo "fail 0 0 no tests/fuzz/fuzz_$n.c" > "$RUN/log/$n.result"
		continue
	fi
	run_target "$n" &
	running+=($!)
	if [ ${#running[@]} -ge "$JOBS" ]; then
		wait "${running[0]}"
		running=("${running[@]:1}")
	fi
done
wait

status=0 i=0
[ -n "$TAP" ] || printf '%-16s %12s %6s  %s\n' target executions secs findings
for n in "${names[@]}"; do
	i=$((i + 1))
	verdict=fail execs=0 secs=0 msg="no result"
	[ -f "$RUN/log/$n.result" ] && read -r verdict execs secs msg < "$RUN/log/$n.result"
	[ "$verdict" = ok ] || status=1
	if [ -n "$TAP" ]; then
		[ "$verdict" = ok ] && echo "ok $i - fuzz_$n: $execs executions in ${secs}s, no findings" \
		                    || echo "not ok $i - fuzz_$n: $msg"
	else
		printf '%-16s %12s %6s  %s\n' "$n" "$execs" "$secs" "$msg"
	fi
done
[ -n "$TAP" ] && echo "1..$i"
exit $status
