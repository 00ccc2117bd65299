#!/usr/bin/python3
"""make-weighted-profile-reference.py -- profile-likelihood CIs of log10 IC50 and the IC50-difference
F test under relative weights 1/y² (ic50's --weights 1/y2), computed with scipy.

Usage:
  /usr/bin/python3 make-weighted-profile-reference.py [--unit-weights] CURVES.csv PAIRS.csv PROFILE_OUT.csv FTEST_OUT.csv
    CURVES.csv : curve_id,conc,response (rows with conc <= 0 or a non-finite value are dropped;
                 replicates stay separate points). Every curve is profiled.
    PAIRS.csv  : a,b (curve ids) for the F test.
    --unit-weights: all weights 1 (the unweighted statistics; used only to check this script
                 against make-profile-reference.R's output, not for a reference file).
  Example: /usr/bin/python3 make-weighted-profile-reference.py mm1s-curves.csv mm1s-ftest-pairs.csv \\
               mm1s-weighted-profile-scipy.csv mm1s-weighted-ftest-scipy.csv
  Versions (python, scipy, numpy) are printed to stderr.

Written from the definitions below (those of make-weighted-reference.py and
make-profile-reference.R, with weights), independently of ic50's TypeScript code; it uses only
numpy and scipy.

Model (on u = log10 conc): f = bottom + (top - bottom) * s, s = 1/(1 + 10^(hill*(u - theta))),
  theta = log10 IC50 (in the unit of conc). Four free parameters; hill in [0.05, 30], theta in
  [min u - 3, max u + 3], top and bottom free.
Weights: w_i = 1/max(y_i², 1), y_i the observed response of point i (GraphPad's "weight by 1/Y²",
  floored at 1 %²). WRSS = sum w_i (y_i - f_i)².
Profile WRSS(theta) = min over hill, top, bottom at fixed theta:
  - for fixed (theta, hill), (bottom, top - bottom) is a weighted linear least-squares problem,
    solved exactly with numpy.linalg.lstsq on sqrt(w)-scaled columns [1, s] (SVD; a rank-deficient
    design, s constant, still gives the least-squares residual);
  - hill: 121-point grid on log(hill) over [0.05, 30], then scipy.optimize.minimize_scalar
    (method 'bounded', xatol 1e-13) on log(hill) between the neighbours of the best grid point;
    the smaller of the grid and the polished value is kept.
WRSS_min: the profile on a 0.02-decade theta grid over [min u - 3, max u + 3], then bounded
  minimize_scalar (xatol 1e-13) between the neighbours of the best grid point.
Profile CI (95 %): { theta : WRSS_profile(theta) <= WRSS_min * (1 + t²/(n - 4)) },
  t² = the F(0.95; 1, n - 4) quantile (Bates & Watts 1988, sec. 6.1), computed as
  scipy.stats.f.ppf(0.95, 1, n - 4). (scipy 1.10.1's t.ppf(0.975, n - 4)**2, mathematically the same,
  is 1.3e-9 relative too small at n - 4 = 56: t.sf of it gives 0.025000000075; f.ppf agrees with R's
  qf and qt(0.975)^2 to 1 ulp. The bounds move by ~1e-11 decades between the two.) Each bound: step outward from the optimum (0.02 decades, x1.5 per step, clipped at the
  theta window) until the profile exceeds the threshold, then scipy.optimize.brentq (xtol 1e-13).
  No crossing inside the window -> -inf / inf.
F test (full = separate fits, reduced = one theta shared, hill/top/bottom per curve):
  WRSS_sep = WRSS_min,a + WRSS_min,b, df_sep = n_a + n_b - 8;
  WRSS_shared = min over theta of WRSS_profile,a(theta) + WRSS_profile,b(theta) (201-point grid over
  [min(theta_a, theta_b) - 1, max(theta_a, theta_b) + 1], then bounded minimize_scalar);
  F = (WRSS_shared - WRSS_sep)/(WRSS_sep/df_sep), p = scipy.stats.f.sf(F, 1, df_sep).
Outputs (floats as Python repr):
  PROFILE_OUT: curve_id,n,log10_ic50,wrss_min,threshold,ci_low,ci_high
  FTEST_OUT  : a,b,wrss_sep,wrss_shared,shared_log10_ic50,df_sep,f,p
"""
import csv
import math
import sys

import numpy as np
import scipy
from scipy import optimize, stats

HILL = (0.05, 30.0)
HILL_GRID = np.exp(np.linspace(math.log(HILL[0]), math.log(HILL[1]), 121))
LEVEL = 0.95


class Curve:
    def __init__(self, cid, conc, y, unit_weights):
        self.id = cid
        self.u = np.log10(np.asarray(conc, dtype=float))
        self.y = np.asarray(y, dtype=float)
        self.n = len(self.y)
        w = np.ones(self.n) if unit_weights else 1.0 / np.maximum(self.y ** 2, 1.0)
        self.sw = np.sqrt(w)
        self.swy = self.sw * self.y
        self.window = (float(self.u.min()) - 3.0, float(self.u.max()) + 3.0)

    def wrss_at(self, theta, hill):
        """WRSS at fixed (theta, hill), top and bottom by weighted linear least squares."""
        s = 1.0 / (1.0 + 10.0 ** (hill * (self.u - theta)))
        X = np.column_stack((self.sw, self.sw * s))
        coef = np.linalg.lstsq(X, self.swy, rcond=None)[0]
        r = self.swy - X @ coef
        return float(r @ r)

    def profile(self, theta):
        """min over hill (and top, bottom) of WRSS at fixed theta."""
        vals = [self.wrss_at(theta, h) for h in HILL_GRID]
        k = int(np.argmin(vals))
        lo = math.log(HILL_GRID[max(0, k - 1)])
        hi = math.log(HILL_GRID[min(len(HILL_GRID) - 1, k + 1)])
        o = optimize.minimize_scalar(lambda lh: self.wrss_at(theta, math.exp(lh)), bounds=(lo, hi),
                                     method='bounded', options={'xatol': 1e-13, 'maxiter': 500})
        return min(float(o.fun), vals[k])


def minimize_1d(fun, grid):
    vals = [fun(t) for t in grid]
    k = int(np.argmin(vals))
    lo, hi = grid[max(0, k - 1)], grid[min(len(grid) - 1, k + 1)]
    o = optimize.minimize_scalar(fun, bounds=(lo, hi), method='bounded', options={'xatol': 1e-13, 'maxiter': 500})
    if float(o.fun) <= vals[k]:
        return float(o.x), float(o.fun)
    return float(grid[k]), float(vals[k])


def optimum(c):
    lo, hi = c.window
    grid = np.linspace(lo, hi, int(round((hi - lo) / 0.02)) + 1)
    return minimize_1d(c.profile, grid)


def profile_ci(c, theta0, wrss_min):
    df = c.n - 4
    t2 = float(stats.f.ppf(LEVEL, 1, df))  # = t(0.975, df)²; see the header on t.ppf
    thr = wrss_min * (1 + t2 / df)

    def bound(direction):
        edge = c.window[1] if direction > 0 else c.window[0]
        inside, step = theta0, 0.02
        while True:
            nxt = min(edge, inside + step) if direction > 0 else max(edge, inside - step)
            if c.profile(nxt) > thr:
                break
            if nxt == edge:
                return direction * math.inf
            inside, step = nxt, step * 1.5
        a, b = sorted((inside, nxt))
        return float(optimize.brentq(lambda th: c.profile(th) - thr, a, b, xtol=1e-13, rtol=4 * np.finfo(float).eps,
                                     maxiter=500))

    return thr, bound(-1), bound(1)


def read_curves(path, unit_weights):
    data = {}
    for r in csv.DictReader(open(path, newline='')):
        try:
            conc, resp = float(r['conc']), float(r['response'])
        except ValueError:
            continue
        if not (math.isfinite(conc) and math.isfinite(resp) and conc > 0):
            continue
        data.setdefault(r['curve_id'], ([], []))
        data[r['curve_id']][0].append(conc)
        data[r['curve_id']][1].append(resp)
    return {cid: Curve(cid, cs, ys, unit_weights) for cid, (cs, ys) in data.items()}


def main():
    args = sys.argv[1:]
    unit = '--unit-weights' in args
    args = [a for a in args if a != '--unit-weights']
    if len(args) != 4:
        sys.exit(__doc__)
    curves = read_curves(args[0], unit)
    pairs = [(r['a'], r['b']) for r in csv.DictReader(open(args[1], newline=''))]
    print(f'python {sys.version.split()[0]}, scipy {scipy.__version__}, numpy {np.__version__}'
          + (' (unit weights)' if unit else ' (weights 1/max(y^2, 1))'), file=sys.stderr)

    opt = {}
    with open(args[2], 'w', newline='') as out:
        w = csv.writer(out, lineterminator='\n')
        w.writerow(['curve_id', 'n', 'log10_ic50', 'wrss_min', 'threshold', 'ci_low', 'ci_high'])
        for cid, c in curves.items():
            theta, wrss = optimum(c)
            opt[cid] = (theta, wrss)
            thr, lo, hi = profile_ci(c, theta, wrss)
            w.writerow([cid, c.n, repr(theta), repr(wrss), repr(thr), repr(lo), repr(hi)])

    with open(args[3], 'w', newline='') as out:
        w = csv.writer(out, lineterminator='\n')
        w.writerow(['a', 'b', 'wrss_sep', 'wrss_shared', 'shared_log10_ic50', 'df_sep', 'f', 'p'])
        for a, b in pairs:
            ca, cb = curves[a], curves[b]
            (ta, ra), (tb, rb) = opt[a], opt[b]
            wrss_sep = ra + rb
            df_sep = ca.n + cb.n - 8
            grid = np.linspace(min(ta, tb) - 1, max(ta, tb) + 1, 201)
            theta_s, wrss_shared = minimize_1d(lambda th: ca.profile(th) + cb.profile(th), grid)
            f = (wrss_shared - wrss_sep) / (wrss_sep / df_sep)
            p = float(stats.f.sf(f, 1, df_sep))
            w.writerow([a, b, repr(wrss_sep), repr(wrss_shared), repr(theta_s), df_sep, repr(float(f)), repr(p)])


if __name__ == '__main__':
    main()
