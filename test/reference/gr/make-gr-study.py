"""make-gr-study.py -- simulate a time-zero GR study (tidy long CSV) with a fixed seed.

Usage: /usr/bin/python3 make-gr-study.py OUT.csv

Design (see README.md):
- two cell lines: "parental" doubles every 24 h, "resistant" every 48 h; assay 72 h
  (3 and 1.5 control doublings);
- three compounds, each with ONE GR curve shared by both lines,
  GR(c) = GRinf + (1 - GRinf) / (1 + (c / GEC50)^h):
    cytostatic   GRinf = 0.2,  GEC50 = 30 nM,  h = 1.5
    cytostatic0  GRinf = 0.0,  GEC50 = 100 nM, h = 2
    cytotoxic    GRinf = -0.6, GEC50 = 60 nM,  h = 2   (GR < 0: fewer cells than at t = 0)
  so both lines have the same GR50 per compound but different relative-viability IC50s;
- 9 concentrations, 3-fold from 1 nM to 6561 nM (6.5 uM), in triplicate;
- per cell line 6 vehicle wells (concentration 0, 72 h) and 6 time-zero wells (t = 0);
- signal = 50 RLU per cell x 2000 seeded cells x growth, times lognormal noise with
  sd(log) = 0.04 (about 4 % multiplicative), rounded to whole RLU.
Treated cell count at 72 h: x(c) = x0 * 2^(log2(1 + GR(c)) * T / Td), i.e. GR(c) exactly as
GRmetrics defines it, GR = 2^(log2(x/x0) / log2(xctrl/x0)) - 1, with noise-free x0 and xctrl.
numpy.random.default_rng(20261204); the draw order is the row order of the output.
"""
import csv
import sys

import numpy as np

if len(sys.argv) != 2:
    sys.exit("usage: make-gr-study.py OUT.csv")

SEED = 20261204
T = 72.0
X0_RLU = 50.0 * 2000.0
NOISE_SD = 0.04
LINES = [("parental", 24.0), ("resistant", 48.0)]
COMPOUNDS = [("cytostatic", 0.2, 30.0, 1.5), ("cytostatic0", 0.0, 100.0, 2.0),
             ("cytotoxic", -0.6, 60.0, 2.0)]
CONCS = [3.0 ** k for k in range(9)]          # 1 ... 6561 nM
REPS = 3
N_VEHICLE = 6
N_TIME0 = 6

rng = np.random.default_rng(SEED)


def noisy(x):
    return int(round(x * float(np.exp(rng.normal(0.0, NOISE_SD)))))


def gr_curve(c, grinf, gec50, h):
    return grinf + (1.0 - grinf) / (1.0 + (c / gec50) ** h)


rows = []
for line, td in LINES:
    for _ in range(N_TIME0):
        rows.append((line, "-", 0, 0, noisy(X0_RLU), "time0"))
    for _ in range(N_VEHICLE):
        rows.append((line, "-", 0, 72, noisy(X0_RLU * 2.0 ** (T / td)), "vehicle"))
    for name, grinf, gec50, h in COMPOUNDS:
        for c in CONCS:
            gr = gr_curve(c, grinf, gec50, h)
            x = X0_RLU * 2.0 ** (np.log2(1.0 + gr) * T / td)
            for _ in range(REPS):
                rows.append((line, name, c, 72, noisy(x), "sample"))

with open(sys.argv[1], "w", newline="") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(["cell_line", "compound", "concentration_nM", "time_h", "signal", "role"])
    for r in rows:
        w.writerow([r[0], r[1], repr(float(r[2])) if r[2] else "0", r[3], r[4], r[5]])
