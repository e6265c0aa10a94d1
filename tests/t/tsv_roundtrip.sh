#!/usr/bin/env bash
# --format tsv reads back with -t (TAP): text with tabs, double quotes (at the
# start of a field and inside it), line breaks, CRs, backslashes, spaces at
# either end and UTF-8 comes out of a labelling filter as TSV and, read again
# with -t, gives what the CSV path gives; Python's csv module with a tab as
# the delimiter reads the TSV as the same table as the CSV.
. "$(dirname "$0")/../tap.sh"

# the group values g and comments c that broke the escaped TSV of old
printf '%s\r\n' 'g,nps,c' '"q""uote",9,"said ""hi"""' '"""lead",7,plain' \
	'"tab	here",3,"a	b"' '"two' 'lines",10,"x' 'y"' 'back\slash,0,\n' \
	'" spaced ",8," both "' 'Zürich,6,ok' '"cr' 'lf",9," "' > "$tmp/odd.csv"
# (the last row's comment is one space: quoted because of it)

segment -q --nps-category nps --format tsv "$tmp/odd.csv" > "$tmp/lab.tsv"
result $? "segment --format tsv writes the labelled rows"
segment -q --nps-category nps "$tmp/odd.csv" > "$tmp/lab.csv"
result $? "segment writes the labelled rows as CSV"

python3 - "$tmp/lab.csv" "$tmp/lab.tsv" > "$tmp/py" 2>&1 <<'EOF'
import csv, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    a = list(csv.reader(f))
with open(sys.argv[2], newline='', encoding='utf-8') as f:
    b = list(csv.reader(f, delimiter='\t'))
if a != b:
    print("csv:", a)
    print("tsv:", b)
    sys.exit(1)
# the awkward values survived unchanged into both
want = {'q"uote', '"lead', 'tab\there', 'two\r\nlines', 'back\\slash', ' spaced ', 'Zürich', 'cr\r\nlf'}
got = {row[0] for row in a[1:]}
if got != want:
    print("group values:", sorted(got), "expected:", sorted(want))
    sys.exit(1)
EOF
result $? "Python's csv reads the TSV as the same table as the CSV" "$tmp/py"

nps -q -t --by g,segment "$tmp/lab.tsv" > "$tmp/a" 2>&1
result $? "nps -t reads segment's TSV" "$tmp/a"
nps -q --by g,segment "$tmp/lab.csv" > "$tmp/b" 2>&1
diff "$tmp/b" "$tmp/a" > "$tmp/d"
result $? "nps -t on the TSV gives what nps gives on the CSV" "$tmp/d"

# results: a group value with a tab and a quote, as TSV, read back by --merge
nps -q --by g --partial "$tmp/odd.csv" > "$tmp/states"
nps -q --merge --format tsv "$tmp/states" > "$tmp/merged.tsv"
nps -q --by g --format tsv "$tmp/odd.csv" > "$tmp/direct.tsv"
cmp -s "$tmp/merged.tsv" "$tmp/direct.tsv"
result $? "nps --merge --format tsv equals the direct TSV"
python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8"), delimiter="\t"))
sys.exit(0 if rows[0][0] == "g" and "tab\there" in [r[0] for r in rows[1:]] and len(rows) == 9 else 1)
' "$tmp/direct.tsv"
result $? "nps --format tsv: a header and eight groups, the tab kept inside its value"
tap_done
