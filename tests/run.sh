#!/usr/bin/env bash
# Run every test and end with one summary line: "N passed, N failed".
#
# Every test program speaks TAP: the C unit tests (build/tests/test_*), the
# golden CLI cases (tests/cli.sh) and the scripts in tests/t/*.sh.  Each "ok"
# or "not ok" line counts as one test.
#   B=build-san   use that build directory (sanitizers)
#   VALGRIND=1    run every binary and unit test under valgrind
set -u
cd "$(dirname "$0")/.."
export ROOT=$PWD
export B=${B:-build}
export BIN=$ROOT/$B/bin
pass=0 fail=0 failed_names=()

if [ -n "${VALGRIND:-}" ]; then
	# wrappers so that every command a test runs goes through valgrind
	wrap=$(mktemp -d)
	trap 'rm -rf "$wrap"' EXIT
	for t in "$BIN"/*; do
		printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect "%s" "$@"\n' "$t" > "$wrap/${t##*/}"
		chmod +x "$wrap/${t##*/}"
	done
	export BIN=$wrap
	RUNNER="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
else
	RUNNER=""
fi
export PATH=$BIN:$PATH

tally() {   # $1: name of the producer; TAP on stdin
	local name=$1 line n_ok=0 n_bad=0
	while IFS= read -r line; do
		case $line in
		"not ok"*) n_bad=$((n_bad + 1)); echo "$name: $line" ;;
		"ok"*) n_ok=$((n_ok + 1)) ;;
		"#"*) [ -n "${VERBOSE:-}" ] || [ $n_bad -gt 0 ] && echo "$name: $line" ;;
		esac
	done
	pass=$((pass + n_ok))
	fail=$((fail + n_bad))
	[ $n_bad -eq 0 ] || failed_names+=("$name")
	printf '%-40s %4d ok%s\n' "$name" "$n_ok" "$([ $n_bad -gt 0 ] && echo ", $n_bad FAILED")"
}

run_one() {   # $1: name; rest: command.  A crash or bad exit is a failure too.
	local name=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && ! grep -q '^not ok' <<<"$out"; then
		out+=$'\n'"not ok - $name exited with status $rc"
	fi
	tally "$name" <<<"$out"
}

for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	run_one "unit/${t##*/}" $RUNNER "$t"
done
run_one "cli" bash tests/cli.sh
for s in tests/t/*.sh; do
	[ -f "$s" ] || continue
	run_one "t/$(basename "$s" .sh)" bash "$s"
done

echo
[ $fail -eq 0 ] || echo "failed in: ${failed_names[*]}"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
