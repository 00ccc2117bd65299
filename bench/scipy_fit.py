"""The scipy side of `npm run bench`: the same tidy CSV of curves fitted as a scipy user would.

Reads cell_line,compound,concentration_nM,signal (% viability), groups the rows by (cell line,
compound), fits the four-parameter log-logistic on log10 concentration with
scipy.optimize.curve_fit (Levenberg-Marquardt, start from the data: top = max, bottom = min,
log10 IC50 = median concentration, hill 1; curve_fit's default evaluation limit), and writes cell_line,compound,ic50_nM,hill,top,
bottom,converged as CSV to the path given. Timed whole process by the benchmark.

Usage: python3 bench/scipy_fit.py IN.csv OUT.csv
"""
import csv
import sys
import warnings

import numpy as np
from scipy.optimize import OptimizeWarning, curve_fit


def ll4(u, log10_ic50, hill, top, bottom):
    return bottom + (top - bottom) / (1.0 + 10.0 ** (hill * (u - log10_ic50)))


def main(source, target):
    curves = {}
    with open(source, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for line, compound, conc, signal in reader:
            curves.setdefault((line, compound), ([], []))
            u, y = curves[(line, compound)]
            u.append(np.log10(float(conc)))
            y.append(float(signal))
    warnings.simplefilter("ignore", OptimizeWarning)
    np.seterr(all="ignore")
    with open(target, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["cell_line", "compound", "ic50_nM", "hill", "top", "bottom", "converged"])
        for (line, compound), (u, y) in curves.items():
            u = np.asarray(u)
            y = np.asarray(y)
            start = [float(np.median(u)), 1.0, float(y.max()), float(y.min())]
            try:
                p, _ = curve_fit(ll4, u, y, p0=start)
                out.writerow([line, compound, 10 ** p[0], p[1], p[2], p[3], True])
            except (RuntimeError, ValueError):
                out.writerow([line, compound, "", "", "", "", False])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
