#!/usr/bin/env bash
# trend --plot: the SVG parses as XML (python3's xml.etree) and holds what the
# chart promises: the title, one series per group with its line, interval
# band, control limits and a point per period, the out-of-control points the
# R oracle flags, labelled axes, a legend, and nothing loaded from elsewhere.
# Hostile group names (markup, quotes, a control byte, invalid UTF-8) still
# give well-formed XML.  TAP.
. "$(dirname "$0")/../tap.sh"
TREND=$BIN/trend
S=samples/monthly.csv

if ! command -v python3 > /dev/null 2>&1; then
	echo "ok 1 - # SKIP python3 is not installed"
	echo "1..1"
	exit 0
fi

"$TREND" -q --by region --plot "$tmp/chart.svg" --title 'Monthly NPS & <friends>' "$S" > "$tmp/out"
result $? "trend --plot runs"
"$TREND" -q --by region "$S" > "$tmp/plain"
same_output "$tmp/out" "$tmp/plain"
result $? "the table is written as without --plot"

# the out-of-control periods by the R oracle: region,period
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$1 != "(all)" && $c["out"] == 1 { print $1 "," $2 }' tests/oracle/trend_nps_month.csv \
	> "$tmp/out_oracle"

python3 - "$tmp/chart.svg" "$tmp/out_oracle" "$n" <<'PY'
import re, sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
n0 = n = int(sys.argv[3])
def check(cond, name):
    global n
    n += 1
    print(("ok %d - " if cond else "not ok %d - ") % n + "svg: " + name)

try:
    tree = ET.parse(sys.argv[1])
    check(True, "parses as XML")
except ET.ParseError as e:
    check(False, "parses as XML (%s)" % e)
    open(sys.argv[1] + ".n", "w").write(str(n))
    sys.exit(0)
root = tree.getroot()
want_out = set(l.strip() for l in open(sys.argv[2]) if l.strip())

def cls(el):
    return el.get("class", "").split()

def find(tag, c=None, under=root):
    return [e for e in under.iter(NS + tag) if c is None or c in cls(e)]

check(root.tag == NS + "svg", "the root is an svg element in the SVG namespace")
vb = root.get("viewBox", "").split()
check(len(vb) == 4 and root.get("width") and root.get("height"), "width, height and viewBox")
W, H = float(vb[2]), float(vb[3])
title = root.find(NS + "title")
check(title is not None and title.text == "Monthly NPS & <friends>", "<title> is the --title, escaped")
t = find("text", "title")
check(len(t) == 1 and t[0].text == "Monthly NPS & <friends>", "the title is drawn")

axes = find("g", "axes")
check(len(axes) == 1, "one axes group")
xl = find("text", "xlabel"); yl = find("text", "ylabel")
check(len(xl) == 1 and xl[0].text == "month", "x axis label: month")
check(len(yl) == 1 and yl[0].text == "NPS (points)", "y axis label: NPS (points)")
xt = [e.text for e in find("text", "xtick")]
check(len(xt) >= 6 and xt[0] == "2023-07" and all(re.match(r"^\d{4}-\d\d$", x) for x in xt),
      "x tick labels are months, from 2023-07 (%d shown)" % len(xt))
yt = find("text", "ytick")
check(len(yt) >= 3 and all(re.match(r"^-?\d+$", e.text) for e in yt), "y tick labels are numbers")

series = find("g", "series")
names = [g.get("data-name") for g in series]
check(names == ["East", "North", "South", "West"], "one series per region, in order: %s" % names)
ok_parts = True
for g in series:
    for c in ("line", "band", "lcl", "ucl"):
        if len(find("path", c, g)) != 1:
            ok_parts = False
check(ok_parts, "each series has its line, band, lcl and ucl path")
pts = {g.get("data-name"): find("circle", "point", g) for g in series}
check(all(len(v) == 24 for v in pts.values()), "24 points per series (one per month)")
got_out = set()
for name, cs in pts.items():
    for c in cs:
        if "out" in cls(c):
            tip = c.find(NS + "title").text
            m = re.match(r"^(\S+) (\d{4}-\d\d): ", tip)
            got_out.add("%s,%s" % (m.group(1), m.group(2)) if m else "?")
check(got_out == want_out and len(want_out) > 0,
      "the marked points are the oracle's out-of-control periods: %s" % sorted(got_out))
check(all(c.find(NS + "title") is not None and c.find(NS + "title").text
          for cs in pts.values() for c in cs), "every point has a tooltip")
inside = all(0 <= float(c.get("cx")) <= W and 0 <= float(c.get("cy")) <= H
             for cs in pts.values() for c in cs)
check(inside, "every point lies inside the viewBox")

legend = find("g", "legend")
items = [e.text for e in find("text", "legend-item")]
keys = [e.text for e in find("text", "legend-key")]
check(len(legend) == 1 and items == ["East", "North", "South", "West"], "legend names the series")
check("95% interval" in keys and "control limits" in keys and "outside control limits" in keys,
      "legend keys: band, limits, marks (%s)" % keys)

text = open(sys.argv[1], encoding="utf-8").read()
check(not re.search(r"href|<script|<image|<style|@import|url\(", text),
      "self-contained: no links, scripts, images or styles")
check(set(re.findall(r'xmlns(?::\w+)?="([^"]*)"', text)) == {"http://www.w3.org/2000/svg"},
      "only the SVG namespace")
print("# %d svg checks" % (n - n0))
with open(sys.argv[1] + ".n", "w") as f:
    f.write(str(n))
PY
n=$(cat "$tmp/chart.svg.n" 2>/dev/null || echo "$n")

# hostile group names still give well-formed XML
printf 'date,g,nps\n2025-01-02,"A&B <""x"">",9\n2025-02-02,"A&B <""x"">",3\n2025-01-02,\x01bad\xff\xfe,10\n2025-02-03,\x01bad\xff\xfe,8\n' \
	> "$tmp/hostile.csv"
"$TREND" -q --by g --plot "$tmp/h.svg" --title $'T\x02 <\xff>' "$tmp/hostile.csv" > /dev/null
result $? "trend --plot with hostile group names runs"
python3 - "$tmp/h.svg" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    r = ET.parse(sys.argv[1]).getroot()
    names = [g.get("data-name") for g in r.iter("{http://www.w3.org/2000/svg}g")
             if g.get("class") == "series"]
    sys.exit(0 if names == ["?bad??", 'A&B <"x">'] else 1)
except ET.ParseError:
    sys.exit(1)
PY
result $? "hostile names: well-formed, escaped, control and invalid bytes as '?'"

# default title, --total, csat, --summary
"$TREND" -q --by region --total --summary --plot "$tmp/t.svg" "$S" > /dev/null
python3 - "$tmp/t.svg" <<'PY'
import sys, xml.etree.ElementTree as ET
NS = "{http://www.w3.org/2000/svg}"
r = ET.parse(sys.argv[1]).getroot()
names = [g.get("data-name") for g in r.iter(NS + "g") if g.get("class") == "series"]
ok = r.find(NS + "title").text == "NPS per month by region" and names[-1] == "(all)" and len(names) == 5
sys.exit(0 if ok else 1)
PY
result $? "--summary --total: default title 'NPS per month by region', (all) is the fifth series"
"$TREND" -q --metric csat --period quarter --plot "$tmp/c.svg" "$S" > /dev/null
python3 - "$tmp/c.svg" <<'PY'
import sys, xml.etree.ElementTree as ET
NS = "{http://www.w3.org/2000/svg}"
r = ET.parse(sys.argv[1]).getroot()
yl = [e.text for e in r.iter(NS + "text") if e.get("class") == "ylabel"]
xt = [e.text for e in r.iter(NS + "text") if e.get("class") == "xtick"]
pts = [e for e in r.iter(NS + "circle") if "point" in e.get("class", "")]
ok = yl == ["CSAT (% top box)"] and xt[0] == "2023-Q3" and xt[-1] == "2025-Q2" and len(pts) == 8
sys.exit(0 if ok else 1)
PY
result $? "csat by quarter without --by: y label, quarter ticks 2023-Q3..2025-Q2, 8 points"

if command -v rsvg-convert > /dev/null 2>&1; then
	rsvg-convert -o "$tmp/chart.png" "$tmp/chart.svg" 2> "$tmp/err" && [ -s "$tmp/chart.png" ]
	result $? "rsvg-convert renders the chart"
fi

tap_done
