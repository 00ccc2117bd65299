"""make-nci-reference.py -- NCI-60 (DTP) GI50 / TGI / LC50 by the DTP definition, plain Python.

Usage: /usr/bin/python3 make-nci-reference.py IN.csv PG_OUT.csv METRICS_OUT.csv

IN.csv: compound,conc_nM,t0,control,treated -- per compound and tested concentration the mean
  optical density (or any cell-mass signal) at time zero (t0), of the untreated control at the
  end (control) and of the treated wells at the end (treated). t0 and control are per compound.
Percentage growth (NCI DTP):
  PG = 100 * (T - T0) / (C - T0)   if T >= T0
  PG = 100 * (T - T0) / T0         if T <  T0
GI50, TGI, LC50 = the concentration where PG = 50, 0, -50. Concentrations are sorted ascending;
  the first adjacent pair (i, i+1) with PG_i >= level >= PG_{i+1} and PG_i != PG_{i+1} brackets
  it, and log10 c is interpolated linearly in PG:
  log10 c = log10 c_i + (PG_i - level) / (PG_i - PG_{i+1}) * (log10 c_{i+1} - log10 c_i).
  If PG at the lowest concentration is already below the level: "<min" (value = lowest conc).
  If no pair brackets it (PG stays >= level): ">max" (value = highest conc).
Outputs: PG_OUT.csv (compound,conc_nM,pg) and METRICS_OUT.csv
  (compound,gi50_nM,gi50_log10,gi50_flag,tgi_nM,tgi_log10,tgi_flag,lc50_nM,lc50_log10,lc50_flag;
  flag "=" for an interpolated value). Floats are written with repr. Also writes versions.txt
  next to METRICS_OUT.csv.
"""
import csv
import math
import os
import platform
import sys
from collections import OrderedDict

if len(sys.argv) != 4:
    sys.exit("usage: make-nci-reference.py IN.csv PG_OUT.csv METRICS_OUT.csv")


def pg(t, t0, c):
    return 100.0 * (t - t0) / (c - t0) if t >= t0 else 100.0 * (t - t0) / t0


def crossing(concs, pgs, level):
    if pgs[0] < level:
        return concs[0], "<min"
    for i in range(len(concs) - 1):
        a, b = pgs[i], pgs[i + 1]
        if a >= level >= b and a != b:
            u0, u1 = math.log10(concs[i]), math.log10(concs[i + 1])
            return 10.0 ** (u0 + (a - level) / (a - b) * (u1 - u0)), "="
    return concs[-1], ">max"


curves = OrderedDict()
with open(sys.argv[1], newline="") as fh:
    for row in csv.DictReader(fh):
        curves.setdefault(row["compound"], []).append(
            (float(row["conc_nM"]), float(row["t0"]), float(row["control"]), float(row["treated"])))

with open(sys.argv[2], "w", newline="") as fp, open(sys.argv[3], "w", newline="") as fm:
    wp = csv.writer(fp, lineterminator="\n")
    wm = csv.writer(fm, lineterminator="\n")
    wp.writerow(["compound", "conc_nM", "pg"])
    wm.writerow(["compound", "gi50_nM", "gi50_log10", "gi50_flag", "tgi_nM", "tgi_log10", "tgi_flag",
                 "lc50_nM", "lc50_log10", "lc50_flag"])
    for name, rows in curves.items():
        rows.sort()
        concs = [r[0] for r in rows]
        pgs = [pg(r[3], r[1], r[2]) for r in rows]
        for c, p in zip(concs, pgs):
            wp.writerow([name, repr(c), repr(p)])
        out = [name]
        for level in (50.0, 0.0, -50.0):
            v, flag = crossing(concs, pgs, level)
            out += [repr(v), repr(math.log10(v)), flag]
        wm.writerow(out)

with open(os.path.join(os.path.dirname(os.path.abspath(sys.argv[3])), "versions.txt"), "w") as fv:
    fv.write("Python: %s (%s)\nscript: make-nci-reference.py (standard library only)\n"
             % (platform.python_version(), sys.executable))
