# pandas_nps.py - the NPS-by-region job in pandas, a peer for bench/run.sh.
#   python3 pandas_nps.py FILE   (needs pandas: Debian's python3-pandas)
# Prints region,n,nps: n counts the non-empty nps cells, nps is
# 100 * (promoters (9-10) - detractors (0-6)) / n, to 2 decimals.
import sys

import pandas as pd

df = pd.read_csv(sys.argv[1], usecols=["region", "nps"], dtype={"region": str},
                 keep_default_na=False, na_values={"nps": [""]})
df = df[df["nps"].notna()]
score = (df["nps"] >= 9).astype(int) - (df["nps"] <= 6).astype(int)
g = score.groupby(df["region"], sort=True).agg(["size", "sum"])
print("region,n,nps")
for region, n, s in zip(g.index, g["size"], g["sum"]):
    print("%s,%d,%.2f" % (region, n, 100 * s / n))
