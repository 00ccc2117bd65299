#!/usr/bin/python3
"""make-fixture-curves.py -- independent normalization of the CellTiter-Glo fixture into curves.

Usage: /usr/bin/python3 make-fixture-curves.py [IN.csv [OUT.csv]]
  IN.csv : plate,well,cell_line,compound,concentration_nM,rlu
           (default: fixtures/mm1s-celltiter-glo.csv in the repository)
  OUT.csv: curve_id,conc,response   (default: mm1s-curves.csv next to this script)

Rules (written independently of the TypeScript implementation):
  - compound "medium" with an empty cell_line: blank wells, serving every cell line on the plate;
  - compound "DMSO": vehicle wells of (plate, cell_line); their concentration column (% DMSO)
    is ignored;
  - every other row is a treated well.
  Per (plate, cell_line):
    viability % = 100 * (rlu - mean(blank rlu on the plate))
                      / (mean(vehicle rlu of the plate and line) - mean(blank rlu on the plate))
  curve_id = "<cell_line>|<compound>"; the replicate plates of a line are pooled into one curve,
  one row per well; conc in nM as written in the input; response written with repr(float).
Plain Python standard library only.
"""
import csv
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def mean(v):
    return math.fsum(v) / len(v)


def main():
    if len(sys.argv) > 3:
        sys.exit(__doc__)
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "fixtures",
                                                              "mm1s-celltiter-glo.csv")
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "mm1s-curves.csv")
    with open(src, newline="") as f:
        rows = list(csv.DictReader(f))

    blanks, vehicles, treated = {}, {}, []
    for r in rows:
        plate, line, cmpd = r["plate"].strip(), r["cell_line"].strip(), r["compound"].strip()
        rlu = float(r["rlu"])
        if cmpd == "medium" and line == "":
            blanks.setdefault(plate, []).append(rlu)
        elif cmpd == "DMSO":
            vehicles.setdefault((plate, line), []).append(rlu)
        else:
            treated.append((plate, line, cmpd, float(r["concentration_nM"]), rlu))

    out = []
    for plate, line, cmpd, conc, rlu in treated:
        b = mean(blanks[plate])
        v = mean(vehicles[(plate, line)])
        out.append((f"{line}|{cmpd}", conc, 100.0 * (rlu - b) / (v - b)))

    order = {}
    for cid, _, _ in out:
        order.setdefault(cid, len(order))
    out.sort(key=lambda t: order[t[0]])  # stable: group curves, keep well order within a curve
    with open(dst, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["curve_id", "conc", "response"])
        for cid, conc, y in out:
            w.writerow([cid, repr(conc), repr(y)])


if __name__ == "__main__":
    main()
