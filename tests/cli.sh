#!/usr/bin/env bash
# Golden CLI cases: tests/cli/<tool>/<case>/ holds
#   cmd      a shell command line, run by bash in the case directory
#            ($ROOT is the repository, the tools are on PATH)
#   stdin    optional standard input (otherwise /dev/null)
#   expout   the expected standard output (exactly)
#   experr   optional: the expected standard error (exactly)
#   status   optional: the expected exit status (default 0)
# Prints TAP, one test per case.
set -u
cd "$(dirname "$0")/.."
n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in tests/cli/*/*/; do
	dir=${dir%/}
	[ -f "$dir/cmd" ] || continue
	n=$((n + 1))
	want_status=0
	[ -f "$dir/status" ] && want_status=$(cat "$dir/status")
	in=/dev/null
	[ -f "$dir/stdin" ] && in=$dir/stdin
	(cd "$dir" && bash ./cmd) < "$in" > "$tmp/out" 2> "$tmp/err"
	got_status=$?
	why=""
	[ "$got_status" = "$want_status" ] || why="status $got_status, expected $want_status"
	if [ -z "$why" ] && [ -f "$dir/expout" ] && ! cmp -s "$tmp/out" "$dir/expout"; then
		why="stdout differs"
		diff -u "$dir/expout" "$tmp/out" | head -20 | sed 's/^/# /'
	fi
	if [ -z "$why" ] && [ -f "$dir/experr" ] && ! cmp -s "$tmp/err" "$dir/experr"; then
		why="stderr differs"
		diff -u "$dir/experr" "$tmp/err" | head -10 | sed 's/^/# /'
	fi
	if [ -z "$why" ]; then
		echo "ok $n - ${dir#tests/cli/}"
	else
		echo "not ok $n - ${dir#tests/cli/}: $why"
		[ -s "$tmp/err" ] && sed 's/^/# stderr: /' "$tmp/err" | head -5
	fi
done
echo "1..$n"
