"""make-trend-history.py -- simulate the passage history of a resistant line (fixed seed).

Usage: /usr/bin/python3 make-trend-history.py OUT.csv

14 checks at passages 0, 2, ..., 26, one a week from Monday 2026-01-05 (date = ISO date).
True log10 RF: rises linearly from 0 at passage 0 to log10(3) at passage 12 (resistance being
selected under drug), then falls by 0.02 per passage after drug withdrawal (to log10(3) - 0.28 at
passage 26, RF about 1.57).
Each check's log10 RF standard error is drawn uniformly from [0.03, 0.08]; the observed
log10_rf = truth + N(0, se^2). rf = 10^log10_rf; rf_ci_low/high = 10^(log10_rf -/+ 1.959963984540054 se)
(a normal-quantile 95 % interval). numpy.random.default_rng(20261208): all 14 SEs are drawn first,
then the 14 normal deviates.
"""
import csv
import datetime
import math
import sys

import numpy as np

if len(sys.argv) != 2:
    sys.exit("usage: make-trend-history.py OUT.csv")

rng = np.random.default_rng(20261208)
passages = list(range(0, 27, 2))
peak = math.log10(3.0)


def truth(p):
    return peak * p / 12.0 if p <= 12 else peak - 0.02 * (p - 12)


se = [float(v) for v in rng.uniform(0.03, 0.08, size=len(passages))]
eps = [float(v) for v in rng.normal(0.0, 1.0, size=len(passages))]
z = 1.959963984540054
start = datetime.date(2026, 1, 5)
with open(sys.argv[1], "w", newline="") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(["passage", "date", "log10_rf", "log10_rf_se", "rf", "rf_ci_low", "rf_ci_high"])
    for i, p in enumerate(passages):
        y = truth(p) + se[i] * eps[i]
        w.writerow([p, (start + datetime.timedelta(days=7 * i)).isoformat(), repr(y), repr(se[i]),
                    repr(10.0 ** y), repr(10.0 ** (y - z * se[i])), repr(10.0 ** (y + z * se[i]))])
