# pycsv_nps.py - the NPS-by-region job with Python's csv module, a peer for
# bench/run.sh: the standard library only.
#   python3 pycsv_nps.py FILE
# Prints region,n,nps: n counts the non-empty nps cells, nps is
# 100 * (promoters (9-10) - detractors (0-6)) / n, to 2 decimals.
import csv
import sys

n, p, d = {}, {}, {}
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = csv.reader(f)
    header = next(rows)
    ri, ni = header.index("region"), header.index("nps")
    for row in rows:
        v = row[ni]
        if v == "":
            continue
        r = row[ri]
        score = float(v)
        n[r] = n.get(r, 0) + 1
        if score >= 9:
            p[r] = p.get(r, 0) + 1
        elif score <= 6:
            d[r] = d.get(r, 0) + 1
print("region,n,nps")
for r in sorted(n):
    print("%s,%d,%.2f" % (r, n[r], 100 * (p.get(r, 0) - d.get(r, 0)) / n[r]))
