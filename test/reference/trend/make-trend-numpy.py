"""make-trend-numpy.py -- numpy/scipy cross-check of make-trend-reference.R (same quantities).

Usage: /usr/bin/python3 make-trend-numpy.py HISTORY.csv OUT.csv [R_REFERENCE.csv]

Weighted least squares by the normal equations (X'WX) b = X'Wy with numpy.linalg.solve, and the
slope again with numpy.polyfit(x, y, 1, w = 1/se, cov = True) (polyfit's weights multiply the
residuals, so w = 1/se gives weights 1/se^2; its cov=True scales by sum(w r)^2/(n - 2), R's
sigma^2). p-values and quantiles from scipy.stats (t, norm). Writes analysis,quantity,value like
the R script (floats as repr). With R_REFERENCE.csv it prints the largest relative difference
per quantity and exits 1 if any exceeds 1e-9. Also writes versions-numpy.txt.
"""
import csv
import os
import sys

import numpy as np
import scipy
from scipy import stats

if len(sys.argv) not in (3, 4):
    sys.exit("usage: make-trend-numpy.py HISTORY.csv OUT.csv [R_REFERENCE.csv]")

with open(sys.argv[1], newline="") as fh:
    hist = sorted(csv.DictReader(fh), key=lambda r: float(r["passage"]))
P = np.array([float(r["passage"]) for r in hist])
Y = np.array([float(r["log10_rf"]) for r in hist])
S = np.array([float(r["log10_rf_se"]) for r in hist])
rows = []


def put(analysis, **kv):
    for k, v in kv.items():
        rows.append((analysis, k, float(v)))


for subset in ("all", "upto12"):
    m = np.ones(len(P), bool) if subset == "all" else P <= 12
    x, y, se = P[m], Y[m], S[m]
    w = 1.0 / se ** 2
    n = len(x)
    X = np.column_stack([np.ones(n), x])
    XtWX = X.T @ (X * w[:, None])
    b = np.linalg.solve(XtWX, X.T @ (w * y))
    r = y - X @ b
    df = n - 2
    s2 = float(np.sum(w * r ** 2) / df)
    Vk = np.linalg.inv(XtWX)
    V = s2 * Vk
    se_b = float(np.sqrt(V[1, 1]))
    coef_pf, cov_pf = np.polyfit(x, y, 1, w=1.0 / se, cov=True)
    assert abs(coef_pf[0] / b[1] - 1) < 1e-10 and abs(np.sqrt(cov_pf[0, 0]) / se_b - 1) < 1e-8, \
        (coef_pf, cov_pf, b, se_b)
    t = b[1] / se_b
    tq = stats.t.ppf(0.975, df)
    put("wls_lm_" + subset, n=n, slope=b[1], slope_se=se_b, t=t, df=df, ci_low=b[1] - tq * se_b,
        ci_high=b[1] + tq * se_b, p=2 * stats.t.sf(abs(t), df), intercept=b[0],
        intercept_se=np.sqrt(V[0, 0]), sigma=np.sqrt(s2))
    se_k = float(np.sqrt(Vk[1, 1]))
    z = b[1] / se_k
    q = stats.norm.ppf(0.975)
    put("wls_known_" + subset, n=n, slope=b[1], slope_se_known=se_k, z=z,
        p_normal=2 * stats.norm.sf(abs(z)), ci_low=b[1] - q * se_k, ci_high=b[1] + q * se_k)

last = len(P) - 1
for win in ("before_last4", "before_last_all"):
    idx = np.arange(last - 4, last) if win == "before_last4" else np.arange(0, last)
    y, se, x = Y[idx], S[idx], P[idx]
    w = 1.0 / se ** 2
    n = len(y)
    mu = float(np.sum(w * y) / np.sum(w))
    df = n - 1
    sig2 = float(np.sum(w * (y - mu) ** 2) / df)
    se_fx = float(1.0 / np.sqrt(np.sum(w)))
    se_lm = float(np.sqrt(sig2) * se_fx)
    yl, sl = Y[last], S[last]
    z_fx = (yl - mu) / np.sqrt(sl ** 2 + se_fx ** 2)
    z_lm = (yl - mu) / np.sqrt(sl ** 2 + se_lm ** 2)
    put("wmean_" + win, n=n, passage_from=x.min(), passage_to=x.max(), mean=mu, mean_check=mu,
        mean_se_lm=se_lm, mean_se_fixed=se_fx, sigma_lm=np.sqrt(sig2), df=df, last_passage=P[last],
        last_y=yl, last_se=sl, z_fixed=z_fx, p_normal_fixed=2 * stats.norm.sf(abs(z_fx)),
        p_t_fixed=2 * stats.t.sf(abs(z_fx), df), z_lm=z_lm, p_normal_lm=2 * stats.norm.sf(abs(z_lm)),
        p_t_lm=2 * stats.t.sf(abs(z_lm), df))
    # The last check as a new observation of the level: variance sigma^2 (se_last^2 + 1/sum w).
    se_pred = float(np.sqrt(sig2) * np.sqrt(sl ** 2 + se_fx ** 2))
    z_pred = (yl - mu) / se_pred
    tq = stats.t.ppf(0.975, df)
    put("wmean_" + win, pred_low=mu - tq * se_pred, pred_high=mu + tq * se_pred, se_pred=se_pred,
        z_pred=z_pred, p_t_pred=2 * stats.t.sf(abs(z_pred), df))

with open(sys.argv[2], "w", newline="") as fh:
    wr = csv.writer(fh, lineterminator="\n")
    wr.writerow(["analysis", "quantity", "value"])
    for a, q, v in rows:
        wr.writerow([a, q, repr(v)])
with open(os.path.join(os.path.dirname(os.path.abspath(sys.argv[2])), "versions-numpy.txt"), "w") as fv:
    fv.write("Python: %s\nnumpy: %s\nscipy: %s\nscript: make-trend-numpy.py\n"
             % (sys.version.split()[0], np.__version__, scipy.__version__))

if len(sys.argv) == 4:
    with open(sys.argv[3], newline="") as fh:
        ref = {(r["analysis"], r["quantity"]): float(r["value"]) for r in csv.DictReader(fh)}
    worst = 0.0
    for a, q, v in rows:
        rv = ref[(a, q)]
        d = abs(v - rv) / max(abs(rv), 1e-300) if rv != 0 else abs(v)
        worst = max(worst, d)
        if d > 1e-12:
            print("%s %s numpy %r R %r rel %.3g" % (a, q, v, rv, d))
    print("largest relative difference numpy vs R: %.3g over %d values" % (worst, len(rows)))
    sys.exit(1 if worst > 1e-9 else 0)
