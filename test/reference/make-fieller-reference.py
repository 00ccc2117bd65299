#!/usr/bin/python3
"""make-fieller-reference.py -- Fieller intervals for resistance factors RF = IC50_a / IC50_b.

Usage: /usr/bin/python3 make-fieller-reference.py FITS.csv PAIRS.csv OUT.csv
  FITS.csv : output of make-scipy-reference.py (curve_id, log10_ic50, log10_ic50_se, df_residual)
  PAIRS.csv: first two columns = numerator (resistant / a), denominator (parental / b) curve ids
  OUT.csv  : a,b,log10_rf,df,g,fieller_log10_low,fieller_log10_high,delta_log10_low,delta_log10_high

Fieller's theorem (Fieller 1954) for the ratio rho = a/b of two independent estimates, on the
LINEAR IC50 scale, written out in its textbook form (no algebraic simplification):
  a = 10^log10_ic50_a, b = 10^log10_ic50_b (rescaled by a common factor; the ratio is unchanged)
  var(a) = (a ln10 se_a)^2, var(b) = (b ln10 se_b)^2   (delta transform of the log10 SEs)
  t = t(0.975, df), df = Welch-Satterthwaite (v_a + v_b)^2 / (v_a^2/df_a + v_b^2/df_b) with the
      relative variances v = (ln10 se)^2
  g = t^2 var(b) / b^2
  The confidence set {rho > 0 : (a - rho b)^2 <= t^2 (var(a) + rho^2 var(b))} (cov(a,b) = 0) is
  solved as the quadratic  A rho^2 + B rho + C <= 0,  A = b^2 - t^2 var(b) = b^2 (1 - g),
  B = -2ab, C = a^2 - t^2 var(a), directly (numpy.roots), and intersected with rho > 0:
  g < 1 gives [r1, r2] (r1 <= 0: lower -Infinity); g > 1 gives rho >= the positive root
  (upper Infinity), or every rho when there is none (-Infinity, Infinity).
Also the delta-method interval log10_rf -/+ t sqrt(se_a^2 + se_b^2) for comparison.
Tested with Debian python3-scipy 1.10.1.
"""
import csv
import math
import sys

import numpy as np
from scipy import stats


def fmt(v):
    v = float(v)
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return repr(v) if math.isfinite(v) else "NaN"


def log10_or_inf(x):
    return math.log10(x) if x > 0 else -math.inf


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    fits_path, pairs_path, out_path = sys.argv[1:]
    with open(fits_path) as f:
        fits = {r["curve_id"]: (float(r["log10_ic50"]), float(r["log10_ic50_se"]), float(r["df_residual"]))
                for r in csv.DictReader(f)}
    with open(pairs_path) as f:
        rows = list(csv.reader(f))[1:]
    with open(out_path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["a", "b", "log10_rf", "df", "g", "fieller_log10_low", "fieller_log10_high",
                    "delta_log10_low", "delta_log10_high"])
        for ida, idb in (r[:2] for r in rows):
            la, sa, dfa = fits[ida]
            lb, sb, dfb = fits[idb]
            ref = min(la, lb)
            a, b = 10 ** (la - ref), 10 ** (lb - ref)
            va_abs, vb_abs = (a * math.log(10) * sa) ** 2, (b * math.log(10) * sb) ** 2
            va, vb = (math.log(10) * sa) ** 2, (math.log(10) * sb) ** 2
            df = (va + vb) ** 2 / (va ** 2 / dfa + vb ** 2 / dfb)
            t = stats.t.ppf(0.975, df)
            g = t * t * vb_abs / (b * b)
            log10_rf = la - lb
            A, B, C = b * b - t * t * vb_abs, -2 * a * b, a * a - t * t * va_abs
            roots = sorted(r.real for r in np.roots([A, B, C]) if abs(r.imag) < 1e-300)
            if A > 0:  # g < 1: between the roots (two real roots since rho-hat is inside)
                low, high = log10_or_inf(roots[0]), math.log10(roots[1])
            else:      # g > 1: outside the roots
                positive = [r for r in roots if r > 0]
                low, high = (math.log10(max(positive)), math.inf) if positive else (-math.inf, math.inf)
            se = math.sqrt(sa * sa + sb * sb)
            w.writerow([ida, idb, fmt(log10_rf), fmt(df), fmt(g), fmt(low), fmt(high),
                        fmt(log10_rf - t * se), fmt(log10_rf + t * se)])


main()
