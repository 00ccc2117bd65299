#!/usr/bin/python3
"""make-rout-reference.py -- reference ROUT outlier detection (robust fit + FDR test) with scipy.

Usage:
  /usr/bin/python3 make-rout-reference.py --curves MM1S-CURVES.csv OUT-CURVES.csv
      writes the test curves (the example curves, contaminated copies and two n = 8 curves; below)
  /usr/bin/python3 make-rout-reference.py CURVES.csv OUT.csv
      ROUT on every curve of CURVES.csv (curve_id,conc,response; conc > 0, rows with a
      non-finite conc/response dropped), one row per curve in OUT.csv

Method (Motulsky & Brown, BMC Bioinformatics 2006, 7:123; GraphPad Prism's documentation of ROUT),
written from that description with scipy's own optimizer, not from ic50's code:

  Model LL.4 on u = log10 conc: y = bottom + (top - bottom)/(1 + 10^(hill*(u - theta))),
  theta = log10 IC50. Bounds as ic50's fit: hill in [0.05, 30], theta in [min u - 3, max u + 3],
  top and bottom free. Residual r = y - f(u). N = points (each replicate separately), K = 4.

  RSDR(r) = P68 * N/(N - K), P68 = numpy.percentile(|r|, 68.27) (numpy's default linear
  interpolation between order statistics).

  1. Least-squares start: a grid over (theta, hill) (25 theta from min u - 1 to max u + 1 and
     hill in 0.25 ... 8) with top/bottom by linear least squares; the 5 best grid points are
     refined by scipy.optimize.least_squares (method 'trf', bounds above, linear loss,
     xtol = ftol = gtol = 1e-15, x_scale 'jac', analytic Jacobian); the lowest RSS is kept.
  2. Robust fit, adaptive scale: from the least-squares parameters p, repeat
         s = RSDR(r(p));  p = argmin_p sum ln(1 + (r_i/s)^2)
     the minimisation by least_squares(loss='cauchy', f_scale=s, x0 = current p, method 'trf',
     the same bounds, tolerances and x_scale). scipy's cauchy loss rho(z) = ln(1 + z), z = (r/C)^2,
     minimises C^2/2 * sum ln(1 + (r/C)^2): the same minimiser. Stop when s and every parameter
     change by < 1e-10 relative (|dp|/max(1, |p|), |ds|/s) -> converged = TRUE; at most 300 rounds
     (else converged = FALSE, the last iterate kept). `rounds` counts the robust minimisations.
     The reported rsdr is RSDR of the final parameters' residuals.
  3. FDR test: rank the points by |r| ascending, i = 1..N (ties kept in file order);
     t_i = |r_i|/RSDR, p_i = 2*scipy.stats.t.sf(t_i, N - K). Scan i from floor(0.7*N) + 1 to N;
     at the first i with p_i < Q*(N - i + 1)/N (Q = 0.01) that point and every point ranked
     above it are outliers. None if no point qualifies.

Output columns: curve_id,n,rsdr,log10_ic50,hill,top,bottom,rounds,converged,n_outliers,outliers,
min_p. Parameters are the robust fit's (hill > 0 always: a rising curve has bottom > top).
`outliers` = 0-based indices of the outlying points within the curve in file order, largest |r|
first, joined by ';' (empty when none). min_p = the smallest p_i of the curve. Floats by repr.
Curves with N <= K + 1 give NaN and converged = FALSE. The versions used go to stderr.

Test curves (--curves), from the example's curves (6 curves x 60 wells: 10 concentrations,
1000 nM down to 0.05081 nM in 3-fold steps, x 6 replicates; within a curve row j has
concentration index j % 10 (0 = 1000 nM) and replicate j // 10). Rows are 0-based within the
curve, in file order; shifts are added to the viability %:
  <id>                        every original curve, unchanged
  MM1S WT|bortezomib+out      1 gross outlier:  row 22 (111.1 nM, replicate 2) +50
  MM1S/R BTZ|bortezomib+out   2 gross outliers: row 8 (0.1524 nM, rep 0) +40, row 45 (4.115 nM, rep 4) +60
  MM1S WT|carfilzomib+out     3 gross outliers: row 0 (1000 nM, rep 0) +70, row 33 (37.04 nM,
                              rep 3) +45, row 57 (0.4572 nM, rep 5) +55
  MM1S/R CFZ|carfilzomib+shift12   1 modest shift: row 16 (1.372 nM, rep 1) +12 (borderline)
  MM1S WT|bortezomib|n8       8 concentrations (1000 ... 0.4572 nM, i.e. indices 0-7), 1 point
                              each: the mean of the 6 replicates (math.fsum / 6)
  MM1S WT|bortezomib|n8+out   the same with row 1 (333.3 nM) +50
Tested with Debian python3 3.11.2, python3-scipy 1.10.1, python3-numpy 1.24.2.
"""
import csv
import math
import sys
import time

import numpy as np
import scipy
from scipy import stats
from scipy.optimize import least_squares

K = 4
Q = 0.01
P68 = 68.27
TOL = 1e-10
MAX_ROUNDS = 300
HILL_MIN, HILL_MAX, MARGIN = 0.05, 30.0, 3.0
LSQ = dict(method="trf", xtol=1e-15, ftol=1e-15, gtol=1e-15, x_scale="jac", max_nfev=20000)
COLS = ["curve_id", "n", "rsdr", "log10_ic50", "hill", "top", "bottom", "rounds", "converged",
        "n_outliers", "outliers", "min_p"]

# (curve, new id, [(row, shift), ...]) -- see the docstring.
CONTAMINATED = [
    ("MM1S WT|bortezomib", "MM1S WT|bortezomib+out", [(22, 50.0)]),
    ("MM1S/R BTZ|bortezomib", "MM1S/R BTZ|bortezomib+out", [(8, 40.0), (45, 60.0)]),
    ("MM1S WT|carfilzomib", "MM1S WT|carfilzomib+out", [(0, 70.0), (33, 45.0), (57, 55.0)]),
    ("MM1S/R CFZ|carfilzomib", "MM1S/R CFZ|carfilzomib+shift12", [(16, 12.0)]),
]
SMALL_FROM = "MM1S WT|bortezomib"
SMALL_CONCS = 8  # concentration indices 0..7
SMALL_OUTLIER = (1, 50.0)


def model(u, p):
    theta, hill, top, bottom = p
    with np.errstate(over="ignore"):  # 10^large = inf gives the limit y = bottom
        return bottom + (top - bottom) / (1.0 + 10.0 ** (hill * (u - theta)))


def residuals(p, u, y):
    return y - model(u, p)


def jacobian(p, u, y):
    """d r / d p (r = y - f)."""
    theta, hill, top, bottom = p
    e = 10.0 ** np.clip(hill * (u - theta), -300, 300)
    g = 1.0 / (1.0 + e)
    dz = -(top - bottom) * g * g * e * math.log(10)  # d f / d (hill*(u - theta))
    return -np.column_stack([-hill * dz, (u - theta) * dz, g, 1.0 - g])


def rsdr(r):
    n = len(r)
    return float(np.percentile(np.abs(r), P68)) * n / (n - K)


def bounds_of(u):
    return ([u.min() - MARGIN, HILL_MIN, -np.inf, -np.inf], [u.max() + MARGIN, HILL_MAX, np.inf, np.inf])


def least_squares_fit(u, y, bounds):
    cands = []
    for theta in np.linspace(u.min() - 1, u.max() + 1, 25):
        for hill in (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0):
            g = 1.0 / (1.0 + 10.0 ** (hill * (u - theta)))
            A = np.column_stack([g, 1.0 - g])
            coef, *_ = np.linalg.lstsq(A, y, rcond=None)
            cands.append((float(np.sum((A @ coef - y) ** 2)), [theta, hill, coef[0], coef[1]]))
    cands.sort(key=lambda c: c[0])
    best = None
    for _, p0 in cands[:5]:
        res = least_squares(residuals, p0, jac=jacobian, bounds=bounds, args=(u, y), loss="linear", **LSQ)
        rss = float(np.sum(res.fun ** 2))
        if best is None or rss < best[0]:
            best = (rss, res.x)
    return best[1]


def rout(u, y):
    n = len(y)
    out = {c: math.nan for c in COLS}
    out.update(n=n, rounds=0, converged="FALSE", n_outliers=0, outliers="")
    if n <= K + 1:
        return out
    bounds = bounds_of(u)
    p = least_squares_fit(u, y, bounds)
    s = rsdr(residuals(p, u, y))
    converged = False
    rounds = 0
    while rounds < MAX_ROUNDS and s > 0:
        res = least_squares(residuals, p, jac=jacobian, bounds=bounds, args=(u, y), loss="cauchy", f_scale=s, **LSQ)
        rounds += 1
        q = res.x
        s_next = rsdr(residuals(q, u, y))
        change = max(abs(s_next - s) / s, float(np.max(np.abs(q - p) / np.maximum(1.0, np.abs(p)))))
        p, s = q, s_next
        if change < TOL:
            converged = True
            break
    r = residuals(p, u, y)
    out.update(rsdr=s, log10_ic50=p[0], hill=p[1], top=p[2], bottom=p[3], rounds=rounds,
               converged="TRUE" if converged else "FALSE")
    if not s > 0:
        return out
    pv = 2.0 * stats.t.sf(np.abs(r) / s, n - K)
    order = np.argsort(np.abs(r), kind="stable")  # ascending; ties in file order
    cut = None
    for i in range(math.floor(0.7 * n) + 1, n + 1):  # 1-based rank
        if pv[order[i - 1]] < Q * (n - i + 1) / n:
            cut = i
            break
    outliers = [] if cut is None else [int(j) for j in order[cut - 1:][::-1]]
    out.update(n_outliers=len(outliers), outliers=";".join(map(str, outliers)), min_p=float(pv.min()))
    # Diagnostic: gradient of the Cauchy merit sum ln(1 + (r/s)^2) at the end (should be ~0 or
    # held by a bound).
    grad = jacobian(p, u, y).T @ (2 * r / (s * s + r * r))
    print(f"  {n} points, {rounds} rounds, |grad| {np.max(np.abs(grad)):.2e}, outliers [{out['outliers']}]",
          file=sys.stderr)
    return out


def fmt(v):
    if isinstance(v, str):
        return v
    if isinstance(v, (int, np.integer)):
        return str(v)
    v = float(v)
    return repr(v) if math.isfinite(v) else "NaN"


def read_curves(path):
    data = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            try:
                x, y = float(r["conc"]), float(r["response"])
            except ValueError:
                continue
            if math.isfinite(x) and math.isfinite(y) and x > 0:
                data.setdefault(r["curve_id"], ([], []))
                data[r["curve_id"]][0].append(x)
                data[r["curve_id"]][1].append(y)
    return data


def make_curves(src, dst):
    data = read_curves(src)
    rows = []
    for cid, (x, y) in data.items():
        rows += [(cid, a, b) for a, b in zip(x, y)]
    for cid, new, shifts in CONTAMINATED:
        x, y = data[cid]
        assert len(x) == 60 and all(x[j] == x[j % 10] for j in range(60)) and x[0] == 1000.0
        y = list(y)
        for j, d in shifts:
            y[j] += d
        rows += [(new, a, b) for a, b in zip(x, y)]
    x, y = data[SMALL_FROM]
    assert len(x) == 60 and all(x[j] == x[j % 10] for j in range(60))
    means = [math.fsum(y[c + 10 * rep] for rep in range(6)) / 6 for c in range(SMALL_CONCS)]
    rows += [(SMALL_FROM + "|n8", x[c], means[c]) for c in range(SMALL_CONCS)]
    j, d = SMALL_OUTLIER
    rows += [(SMALL_FROM + "|n8+out", x[c], means[c] + (d if c == j else 0.0)) for c in range(SMALL_CONCS)]
    with open(dst, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["curve_id", "conc", "response"])
        for cid, a, b in rows:
            w.writerow([cid, repr(float(a)), repr(float(b))])


def main():
    print(f"python {sys.version.split()[0]} ({sys.executable}), scipy {scipy.__version__}, numpy {np.__version__}",
          file=sys.stderr)
    if len(sys.argv) == 4 and sys.argv[1] == "--curves":
        make_curves(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    start = time.time()
    with open(sys.argv[2], "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLS)
        for cid, (x, y) in read_curves(sys.argv[1]).items():
            print(cid, file=sys.stderr)
            row = rout(np.log10(np.array(x)), np.array(y))
            row["curve_id"] = cid
            w.writerow([fmt(row[c]) for c in COLS])
    print(f"{time.time() - start:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
