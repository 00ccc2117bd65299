"""make-gr-caseA-sim.py -- a small simulated data set in the shape of GRmetrics' case "A" example.

Usage: /usr/bin/python3 make-gr-caseA-sim.py OUT.csv

Same columns as the package's example input for case "A" (one row per treated well, with the
control and time-zero counts already attached): cell_line,treatment,replicate,time,concentration,
cell_count,cell_count__ctrl,cell_count__time0. Nothing of the package's data is used: only its
column layout. Design:
- cell lines "lineA" (doubling time 20 h) and "lineB" (40 h); time-zero count 500 cells
  (per line and replicate: one noisy time-zero value);
- treatments "drugX" (cytostatic: GRinf = 0.1, GEC50 = 0.05 uM, h = 1.2) and "drugY"
  (cytotoxic: GRinf = -0.4, GEC50 = 0.3 uM, h = 2.5), the same GR curve for both lines;
- replicates 1-3; times 48 h and 72 h (one control count per line, replicate and time);
- 9 concentrations 10^(-3, -2.5, ..., 1) uM (half-log steps, the package example's grid);
- counts: noise-free GR model x = x0 * 2^(log2(1 + GR) * t / Td), times lognormal noise with
  sd(log) 0.05, rounded to whole cells. numpy.random.default_rng(20261205), row order.
"""
import csv
import sys

import numpy as np

if len(sys.argv) != 2:
    sys.exit("usage: make-gr-caseA-sim.py OUT.csv")

rng = np.random.default_rng(20261205)
LINES = [("lineA", 20.0), ("lineB", 40.0)]
DRUGS = [("drugX", 0.1, 0.05, 1.2), ("drugY", -0.4, 0.3, 2.5)]
TIMES = [48, 72]
CONCS = [10.0 ** (-3 + 0.5 * k) for k in range(9)]
X0 = 500.0
SD = 0.05


def noisy(x):
    return float(round(x * float(np.exp(rng.normal(0.0, SD)))))


rows = []
for line, td in LINES:
    for rep in (1, 2, 3):
        x0 = noisy(X0)
        for t in TIMES:
            ctrl = noisy(X0 * 2.0 ** (t / td))
            for drug, grinf, gec50, h in DRUGS:
                for c in CONCS:
                    gr = grinf + (1.0 - grinf) / (1.0 + (c / gec50) ** h)
                    x = noisy(X0 * 2.0 ** (np.log2(1.0 + gr) * t / td))
                    rows.append((line, drug, rep, t, c, x, ctrl, x0))

rows.sort(key=lambda r: (r[0], r[1], r[2], r[3], r[4]))
with open(sys.argv[1], "w", newline="") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(["cell_line", "treatment", "replicate", "time", "concentration", "cell_count",
                "cell_count__ctrl", "cell_count__time0"])
    for r in rows:
        w.writerow([r[0], r[1], r[2], r[3], repr(r[4]), int(r[5]), int(r[6]), int(r[7])])
