# tests/tap.sh - the start every script of tests/t shares; source it first:
#   . "$(dirname "$0")/../tap.sh"
#
# It turns on `set -u`, works from the project root ($ROOT), puts the
# binaries under test ($BIN; tests/run.sh sets it, the default is the build
# directory $B) first on PATH, makes a scratch directory $tmp that goes away
# on exit, sources same_output.sh, and defines the TAP helpers.  Each helper
# numbers its test in $n; failures are counted in $failed.
#   pass NAME                  ok
#   fail NAME [WHY [FILE]]     not ok, with WHY after the name and the first
#                              lines of FILE as comments
#   skip WHY                   ok, marked as skipped
#   t NAME EXPR                ok when EXPR, evaluated, succeeds
#   result STATUS NAME [FILE]  ok when STATUS is 0, else like fail NAME "" FILE
#   run_ok NAME CMD...         runs CMD, its stderr in $tmp/err; when it fails,
#                              a failed test NAME and status 1
#   verdict NAME TEXT          TEXT from a checker: "ok [DETAIL]" passes, with
#                              DETAIL after the name; anything else fails with it
#   tap_done                   the plan line; exits non-zero when one failed
set -u
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$ROOT" || exit 1
BIN=${BIN:-$ROOT/${B:-build}/bin}
PATH=$BIN:$PATH
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
. "$ROOT/tests/same_output.sh"

pass() {
	n=$((n + 1))
	echo "ok $n - $1"
}

fail() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1${2:+: $2}"
	if [ -n "${3:-}" ] && [ -s "$3" ]; then
		head -n 10 "$3" | sed 's/^/#   /'
	fi
	return 0
}

skip() {
	n=$((n + 1))
	echo "ok $n - # SKIP $1"
}

t() {
	if eval "$2"; then pass "$1"; else fail "$1"; fi
}

result() {
	if [ "$1" = 0 ]; then pass "$2"; else fail "$2" "" "${3:-}"; fi
}

run_ok() {
	local name=$1 rc
	shift
	"$@" 2> "$tmp/err"
	rc=$?
	[ $rc -eq 0 ] && return 0
	fail "$name" "exit status $rc" "$tmp/err"
	return 1
}

verdict() {
	case $2 in
	ok*) pass "$1 (${2#ok })" ;;
	*) fail "$1" "$2" ;;
	esac
}

tap_done() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
