#!/usr/bin/python3
"""make-scipy-reference.py -- reference 4PL log-logistic fits from scipy.optimize.curve_fit.

Usage: /usr/bin/python3 make-scipy-reference.py IN.csv OUT.csv
  IN.csv : curve_id,conc,response  (conc > 0; rows with non-finite conc/response are dropped)
  OUT.csv: same columns as make-drc-reference.R (without its *_gn extras); failed fits -> NaN,
           converged=FALSE.  Also writes scipy-versions.txt next to OUT.csv.

Model (in log10 concentration, parameter log10_ic50):
  y = bottom + (top-bottom) / (1 + 10^(hill*(log10 x - log10_ic50)))
Reported in canonical form hill >= 0 (if hill < 0, top/bottom are swapped: same curve).
Start: grid over (log10_ic50, hill) with top/bottom solved by linear least squares; the 5
best grid points are refined by curve_fit (method 'lm', analytic Jacobian,
ftol=xtol=gtol=1e-14) and the lowest-RSS result kept.
SE: sqrt(diag(pcov)), absolute_sigma=False, i.e. sigma^2 (J'J)^-1 with sigma^2 = RSS/(n-4)
(Gauss-Newton Wald). CI: log10_ic50 -/+ t(0.975, n-4) * SE.
Tested with Debian python3 3.11.2, python3-scipy 1.10.1, python3-numpy 1.24.2.
"""
import csv
import math
import os
import sys

import numpy as np
import scipy
from scipy import stats
from scipy.optimize import curve_fit

COLS = ["curve_id", "n", "ic50", "hill", "top", "bottom", "rss", "log10_ic50",
        "log10_ic50_se", "log10_ic50_ci_low", "log10_ic50_ci_high", "df_residual",
        "sigma", "hill_se", "top_se", "bottom_se", "converged"]


def model(lx, l10, h, top, bot):
    with np.errstate(over="ignore"):  # 10^large = inf gives the right limit (y = bottom)
        return bot + (top - bot) / (1.0 + 10.0 ** (h * (lx - l10)))


def jac(lx, l10, h, top, bot):
    u = 10.0 ** np.clip(h * (lx - l10), -300, 300)  # clip: avoid inf*0 in g*g*u
    g = 1.0 / (1.0 + u)
    dg = -(top - bot) * g * g * u * math.log(10)  # d y / d (h*(lx-l10))
    return np.column_stack([-h * dg, (lx - l10) * dg, g, 1.0 - g])


def starts(lx, y):
    """Grid over (log10_ic50, hill); top/bottom by linear least squares. Best 5 first."""
    cands = []
    for l10 in np.linspace(lx.min() - 1, lx.max() + 1, 25):
        for h in (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0):
            g = 1.0 / (1.0 + 10.0 ** (h * (lx - l10)))
            A = np.column_stack([g, 1.0 - g])
            coef, *_ = np.linalg.lstsq(A, y, rcond=None)
            rss = float(np.sum((A @ coef - y) ** 2))
            cands.append((rss, [l10, h, coef[0], coef[1]]))
    cands.sort(key=lambda c: c[0])
    return [c[1] for c in cands[:5]]


def fit(cid, x, y):
    n = len(x)
    row = {c: math.nan for c in COLS}
    row.update(curve_id=cid, n=n, converged="FALSE")
    lx = np.log10(x)
    best = None
    for p0 in starts(lx, y):
        try:
            p, pcov = curve_fit(model, lx, y, p0=p0, jac=jac, method="lm", absolute_sigma=False,
                                ftol=1e-14, xtol=1e-14, gtol=1e-14, maxfev=100000)
        except (RuntimeError, ValueError, np.linalg.LinAlgError):
            continue
        rss = float(np.sum((model(lx, *p) - y) ** 2))
        if np.all(np.isfinite(p)) and (best is None or rss < best[0]):
            best = (rss, p, pcov)
    if best is None or n <= 4:
        return row
    rss, (l10, h, top, bot), pcov = best
    se = np.sqrt(np.diag(pcov)) if np.all(np.isfinite(pcov)) else np.full(4, math.nan)
    if h < 0:  # canonical form hill >= 0
        h, top, bot, se = -h, bot, top, se[[0, 1, 3, 2]]
    dfr = n - 4
    tq = stats.t.ppf(0.975, dfr)
    row.update(ic50=10.0 ** l10, hill=h, top=top, bottom=bot, rss=rss, log10_ic50=l10,
               log10_ic50_se=se[0], log10_ic50_ci_low=l10 - tq * se[0],
               log10_ic50_ci_high=l10 + tq * se[0], df_residual=dfr,
               sigma=math.sqrt(rss / dfr), hill_se=se[1], top_se=se[2], bottom_se=se[3],
               converged="TRUE")
    return row


def fmt(v):
    if isinstance(v, str):
        return v
    if isinstance(v, (int, np.integer)):
        return str(v)
    v = float(v)
    return repr(v) if math.isfinite(v) else "NaN"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    data = {}
    with open(sys.argv[1]) as f:
        for r in csv.DictReader(f):
            try:
                x, y = float(r["conc"]), float(r["response"])
            except ValueError:
                continue
            if math.isfinite(x) and math.isfinite(y) and x > 0:
                data.setdefault(r["curve_id"], ([], []))
                data[r["curve_id"]][0].append(x)
                data[r["curve_id"]][1].append(y)
    with open(sys.argv[2], "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLS)
        for cid, (x, y) in data.items():
            row = fit(cid, np.array(x), np.array(y))
            w.writerow([fmt(row[c]) for c in COLS])
    with open(os.path.join(os.path.dirname(os.path.abspath(sys.argv[2])), "scipy-versions.txt"), "w") as f:
        f.write(f"python: {sys.version.split()[0]} ({sys.executable})\nscipy: {scipy.__version__}\n"
                f"numpy: {np.__version__}\n")


if __name__ == "__main__":
    main()
