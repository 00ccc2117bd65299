#!/usr/bin/python3
"""make-rf-reference.py -- reference resistance factors (RF = IC50_resistant / IC50_parental).

Usage: /usr/bin/python3 make-rf-reference.py [--se-column NAME] FITS.csv PAIRS.csv OUT.csv
  FITS.csv : output of make-drc-reference.R or make-scipy-reference.py
             (uses curve_id, log10_ic50, df_residual and the SE column NAME, default
             log10_ic50_se; e.g. --se-column log10_ic50_se_gn for drc's Gauss-Newton SE)
  PAIRS.csv: resistant,parental   (curve ids)
  OUT.csv  : resistant,parental,log10_rf,log10_rf_se,df,rf,rf_ci_low,rf_ci_high

log10_rf = log10_ic50(res) - log10_ic50(par); se = sqrt(se_r^2 + se_p^2);
df = Welch-Satterthwaite (se_r^2 + se_p^2)^2 / (se_r^4/df_r + se_p^4/df_p);
CI = 10^(log10_rf -/+ t(0.975, df) * se), t quantile from scipy.stats.t.
A missing curve or non-finite input gives NaN; an overflowing bound gives Infinity.  Tested with Debian python3-scipy 1.10.1.
"""
import csv
import math
import sys

from scipy import stats


def num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return math.nan


def fmt(v):
    v = float(v)
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return repr(v) if math.isfinite(v) else "NaN"


def main():
    args = sys.argv[1:]
    se_col = "log10_ic50_se"
    if len(args) >= 2 and args[0] == "--se-column":
        se_col, args = args[1], args[2:]
    if len(args) != 3:
        sys.exit(__doc__)
    fits_path, pairs_path, out_path = args
    with open(fits_path) as f:
        rd = csv.DictReader(f)
        if se_col not in (rd.fieldnames or []):
            sys.exit(f"make-rf-reference.py: column {se_col!r} not in {fits_path}")
        fits = {r["curve_id"]: (num(r["log10_ic50"]), num(r[se_col]), num(r["df_residual"]))
                for r in rd}
    nan3 = (math.nan,) * 3
    with open(pairs_path) as f, open(out_path, "w", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["resistant", "parental", "log10_rf", "log10_rf_se", "df", "rf", "rf_ci_low", "rf_ci_high"])
        for r in csv.DictReader(f):
            (lr, sr, dr), (lp, sp, dp) = fits.get(r["resistant"], nan3), fits.get(r["parental"], nan3)
            l = lr - lp
            var = sr * sr + sp * sp
            se = math.sqrt(var) if var >= 0 else math.nan
            den = sr ** 4 / dr + sp ** 4 / dp if dr > 0 and dp > 0 else math.nan
            df = var * var / den if den > 0 else math.nan
            vals = [l, se, df, math.nan, math.nan, math.nan]
            if all(math.isfinite(v) for v in (l, se, df)):
                tq = float(stats.t.ppf(0.975, df))
                p10 = lambda z: 10.0 ** z if z < 308 else math.inf  # overflow -> Infinity
                vals[3:] = [p10(l), p10(l - tq * se), p10(l + tq * se)]
            w.writerow([r["resistant"], r["parental"]] + [fmt(v) for v in vals])


if __name__ == "__main__":
    main()
