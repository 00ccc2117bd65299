#!/usr/bin/python3
"""Reference fits with relative weights 1/y² (scipy curve_fit, sigma = max(|y|, 1)), for --weights 1/y2.

Usage: /usr/bin/python3 make-weighted-reference.py CURVES.csv OUT.csv
Model y = bottom + (top - bottom)/(1 + 10^(hill*(log10 conc - log10_ic50))), all four free, weights
w = 1/max(y², 1) on the observed responses (GraphPad's "weight by 1/Y²", floored at 1 %²), started
from a grid over (log10_ic50, hill); Wald SE of log10_ic50 from pcov with absolute_sigma=False
(scaled by the weighted residual variance), as ic50 reports.
"""
import csv
import sys

import numpy as np
import scipy
from scipy.optimize import curve_fit


def model(u, theta, hill, top, bottom):
    return bottom + (top - bottom) / (1 + 10 ** (hill * (u - theta)))


def main():
    curves = {}
    for r in csv.DictReader(open(sys.argv[1])):
        curves.setdefault(r['curve_id'], []).append((float(r['conc']), float(r['response'])))
    with open(sys.argv[2], 'w', newline='') as out:
        w = csv.writer(out, lineterminator='\n')
        w.writerow(['curve_id', 'log10_ic50', 'hill', 'top', 'bottom', 'wrss', 'log10_ic50_se'])
        for cid, pts in curves.items():
            u = np.log10([p[0] for p in pts])
            y = np.array([p[1] for p in pts])
            sigma = np.maximum(np.abs(y), 1.0)
            best = None
            for theta0 in np.arange(u.min() - 1, u.max() + 1.01, 0.25):
                for hill0 in (0.5, 1, 2, 4):
                    try:
                        p, cov = curve_fit(model, u, y, p0=[theta0, hill0, 100.0, 0.0], sigma=sigma, absolute_sigma=False,
                                           ftol=1e-14, xtol=1e-14, gtol=1e-14, maxfev=20000)
                    except Exception:
                        continue
                    wrss = float(np.sum(((y - model(u, *p)) / sigma) ** 2))
                    if best is None or wrss < best[0]:
                        best = (wrss, p, cov)
            wrss, p, cov = best
            if p[1] < 0:  # the same curve with hill > 0: swap the asymptotes (ic50's convention)
                p = np.array([p[0], -p[1], p[3], p[2]])
            w.writerow([cid] + [repr(float(v)) for v in p] + [repr(wrss), repr(float(np.sqrt(cov[0, 0])))])
    print(f'scipy {scipy.__version__}, numpy {np.__version__}', file=sys.stderr)


if __name__ == '__main__':
    main()
