#!/usr/bin/python3
"""make-peers-normal-curves.py -- pick well-identified "normal" peer curves for the CI reference.

Usage: /usr/bin/python3 make-peers-normal-curves.py [PEERS_DIR [OUT.csv [N]]]
  PEERS_DIR: holds curves.csv (curve_id,conc,response) and truth.csv (curve_id,kind,...)
             (default: peers-1000 next to this script, an unchanged copy of
             the peer benchmark, copied to test/reference/peers-1000)
  OUT.csv  : curve_id,conc,response of the selected curves (default peers-normal-curves.csv
             next to this script); N: number of curves (default 60)

Rows with an empty / non-finite response (or non-finite / non-positive conc) are dropped.
Candidates: the curves of kind "normal", in truth.csv order. All candidates are fitted with
make-drc-reference.R and make-scipy-reference.py (into a temporary directory) and the first N
whose fits agree are kept:
  both converged; log10_ic50_se (drc and scipy) and log10_ic50_se_gn (drc) finite and > 0;
  |log10_ic50(drc) - log10_ic50(scipy)| < 1e-5;
  |rss(drc) - rss(scipy)| / min(rss) < 1e-9.
Data rows are written unchanged (original text of conc and response), in input order.
"""
import csv
import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return math.nan


def read_fits(path):
    with open(path) as f:
        return {r["curve_id"]: r for r in csv.DictReader(f)}


def agree(d, s):
    if d is None or s is None or d["converged"] != "TRUE" or s["converged"] != "TRUE":
        return False
    for v in (num(d["log10_ic50_se"]), num(d["log10_ic50_se_gn"]), num(s["log10_ic50_se"])):
        if not (math.isfinite(v) and v > 0):
            return False
    dl = abs(num(d["log10_ic50"]) - num(s["log10_ic50"]))
    rd, rs = num(d["rss"]), num(s["rss"])
    rel = abs(rd - rs) / min(rd, rs) if min(rd, rs) > 0 else math.nan
    return dl < 1e-5 and rel < 1e-9


def main():
    if len(sys.argv) > 4:
        sys.exit(__doc__)
    peers = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "peers-1000")
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "peers-normal-curves.csv")
    n_want = int(sys.argv[3]) if len(sys.argv) > 3 else 60

    with open(os.path.join(peers, "truth.csv")) as f:
        normal = [r["curve_id"] for r in csv.DictReader(f) if r["kind"] == "normal"]
    rows = {}
    with open(os.path.join(peers, "curves.csv")) as f:
        for r in csv.DictReader(f):
            x, y = num(r["conc"]), num(r["response"])
            if math.isfinite(x) and x > 0 and math.isfinite(y):
                rows.setdefault(r["curve_id"], []).append((r["conc"], r["response"]))
    normal = [c for c in normal if c in rows]

    with tempfile.TemporaryDirectory() as tmp:
        cand = os.path.join(tmp, "candidates.csv")
        with open(cand, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["curve_id", "conc", "response"])
            for c in normal:
                w.writerows([c, x, y] for x, y in rows[c])
        subprocess.run(["Rscript", os.path.join(HERE, "make-drc-reference.R"), cand,
                        os.path.join(tmp, "drc.csv")], check=True)
        subprocess.run([sys.executable, os.path.join(HERE, "make-scipy-reference.py"), cand,
                        os.path.join(tmp, "scipy.csv")], check=True)
        drc, sp = read_fits(os.path.join(tmp, "drc.csv")), read_fits(os.path.join(tmp, "scipy.csv"))

    chosen, skipped = [], []
    for c in normal:
        if len(chosen) == n_want:
            break
        (chosen if agree(drc.get(c), sp.get(c)) else skipped).append(c)
    if len(chosen) < n_want:
        sys.exit(f"only {len(chosen)} agreeing normal curves found")
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["curve_id", "conc", "response"])
        for c in chosen:
            w.writerows([c, x, y] for x, y in rows[c])
    print(f"{len(chosen)} curves written to {out}; skipped (fits disagree): "
          f"{', '.join(skipped) if skipped else 'none'}", file=sys.stderr)


if __name__ == "__main__":
    main()
