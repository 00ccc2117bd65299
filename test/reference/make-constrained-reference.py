#!/usr/bin/python3
"""Reference fits with pinned asymptotes (scipy curve_fit), for ic50's --top/--bottom.

Usage: /usr/bin/python3 make-constrained-reference.py CURVES.csv OUT.csv
CURVES.csv: curve_id,conc,response. For each curve, two fits of
  y = bottom + (top - bottom) / (1 + 10^(hill*(log10 conc - log10_ic50)))
  'll3': bottom pinned at 0 (top free), 'll2': top 100 and bottom 0 pinned,
started from a grid over (log10_ic50, hill), tight tolerances; Wald SE of log10_ic50 from pcov.
Also the flat test p-value (F test against a constant) for the free LL.4 fit is NOT computed here.
"""
import csv
import sys

import numpy as np
import scipy
from scipy.optimize import curve_fit


def model(u, theta, hill, top, bottom):
    return bottom + (top - bottom) / (1 + 10 ** (hill * (u - theta)))


def fit(u, y, free_top):
    best = None
    for theta0 in np.arange(u.min() - 1, u.max() + 1.01, 0.25):
        for hill0 in (0.5, 1, 2, 4):
            try:
                if free_top:
                    f = lambda uu, t, h, top: model(uu, t, h, top, 0.0)
                    p0 = [theta0, hill0, 100.0]
                else:
                    f = lambda uu, t, h: model(uu, t, h, 100.0, 0.0)
                    p0 = [theta0, hill0]
                p, cov = curve_fit(f, u, y, p0=p0, ftol=1e-14, xtol=1e-14, gtol=1e-14, maxfev=20000)
            except Exception:
                continue
            rss = float(np.sum((y - f(u, *p)) ** 2))
            if best is None or rss < best[0]:
                best = (rss, p, cov)
    return best


def main():
    rows = list(csv.DictReader(open(sys.argv[1])))
    curves = {}
    for r in rows:
        curves.setdefault(r['curve_id'], []).append((float(r['conc']), float(r['response'])))
    with open(sys.argv[2], 'w', newline='') as out:
        w = csv.writer(out, lineterminator='\n')
        w.writerow(['curve_id', 'model', 'log10_ic50', 'hill', 'top', 'rss', 'log10_ic50_se'])
        for cid, pts in curves.items():
            u = np.log10([p[0] for p in pts])
            y = np.array([p[1] for p in pts])
            for name, free_top in (('ll3', True), ('ll2', False)):
                rss, p, cov = fit(u, y, free_top)
                w.writerow([cid, name, repr(float(p[0])), repr(float(p[1])), repr(float(p[2]) if free_top else 100.0), repr(rss), repr(float(np.sqrt(cov[0, 0])))])
    print(f'scipy {scipy.__version__}, numpy {np.__version__}', file=sys.stderr)


if __name__ == '__main__':
    main()
