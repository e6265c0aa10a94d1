#!/usr/bin/env bash
# What a person at a terminal sees: aligned tables with wide and combining
# characters, row styles (--color), the progress line (--progress).
. "$(dirname "$0")/../tap.sh"

printf 'name,nps\n日本語,10\nJosé,9\ne\xcc\x81,3\n😀x,8\nplain,1\nplain,2\n' > "$tmp/names.csv"
nps --by name --format table --min-n 2 --color never "$tmp/names.csv" > "$tmp/table" 2>/dev/null
# Every line must put the 'n' column at the same display column; python's
# unicodedata gives the widths independently (W/F = 2, combining = 0).
t "table columns align with wide and combining characters" 'python3 - "$tmp/table" <<"PY"
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
import re
ends = set()
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"^(.*?\S)\s+(n|\d+)(?=\s)", line)
    ends.add(width(m.group(0)))
sys.exit(0 if len(ends) == 1 else 1)
PY'
nps --by name --format table --min-n 2 --color always "$tmp/names.csv" > "$tmp/styled" 2>/dev/null
t "--color always dims low-base rows" 'grep -q $'"'"'^\033\[2m'"'"' "$tmp/styled"'
t "--color always leaves other rows plain" '[ $(grep -c $'"'"'\033'"'"' "$tmp/styled") -eq 4 ]'
# the negative checks below need output to look at: a failed run prints none
t "--color never writes no escape" '[ -s "$tmp/table" ] && ! grep -q $'"'"'\033'"'"' "$tmp/table"'
# North: NPS 25.64, SE 7.06 against 0: z = 3.6, p < 0.05 (tests/oracle)
nps --by region --format table --min-n 1 --benchmark 0 --color always "$ROOT/samples/survey.csv" > "$tmp/sig" 2>/dev/null
t "--color always makes significant rows bold" 'grep $'"'"'^\033\[1m'"'"' "$tmp/sig" | grep -q North'
nps --by name --format table "$tmp/names.csv" 2>/dev/null | cat > "$tmp/piped"
t "--color auto writes no escape into a pipe" '[ -s "$tmp/piped" ] && ! grep -q $'"'"'\033'"'"' "$tmp/piped"'
nps --by name --color always "$tmp/names.csv" > "$tmp/csv" 2>/dev/null
t "--color is for tables only (csv has no escape)" '[ -s "$tmp/csv" ] && ! grep -q $'"'"'\033'"'"' "$tmp/csv"'
t "--color with a bad value is a usage error" 'nps --color sometimes "$tmp/names.csv" >/dev/null 2>&1; [ $? -eq 2 ]'
if command -v script >/dev/null 2>&1; then
	script -qec "NO_COLOR=1 nps --by name --format table --min-n 2 $tmp/names.csv" /dev/null > "$tmp/tty" 2>&1
	t "NO_COLOR turns styles off on a terminal" 'grep -q plain "$tmp/tty" && ! grep -q $'"'"'\033\['"'"'[12]m "$tmp/tty"'
	script -qec "nps --by name --format table --min-n 2 $tmp/names.csv" /dev/null > "$tmp/tty" 2>&1
	t "a terminal gets styles by default" 'grep -q $'"'"'\033\[2m'"'"' "$tmp/tty"'
else
	echo "ok $((n += 1)) - # SKIP script(1) not installed"
	echo "ok $((n += 1)) - # SKIP script(1) not installed"
fi
# progress: forced on, the line is drawn with CR and erased at the end
python3 -c '
import random
random.seed(7)
print("region,nps")
for i in range(200000):
    print("r%d,%d" % (i % 9, random.randint(0, 10)))' > "$tmp/big.csv"
nps --by region --progress -q "$tmp/big.csv" 2> "$tmp/err" > /dev/null
t "--progress draws a line and erases it at the end" \
	'grep -q "rows/s" "$tmp/err" && [ "$(tail -c 4 "$tmp/err" | od -An -c | tr -d " ")" = "\r033[K" ]'
nps --by region --no-progress -q "$tmp/big.csv" 2> "$tmp/err" > /dev/null
t "--no-progress writes nothing" '[ ! -s "$tmp/err" ]'
nps --by region -q "$tmp/big.csv" 2> "$tmp/err" > /dev/null
t "no progress when standard error is not a terminal" '[ ! -s "$tmp/err" ]'
tap_done
