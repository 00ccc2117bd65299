#!/bin/sh
# regenerate.sh -- rebuild every reference file in test/reference/ (see README.md).
# Needs Rscript with drc 3.0-1 and /usr/bin/python3 with scipy/numpy (setup: README.md).
# Usage: sh test/reference/regenerate.sh [PEERS_DIR]
#   PEERS_DIR default: test/reference/peers-1000 (the peer benchmark, copied unchanged)
set -eu
cd "$(dirname "$0")"
PEERS=${1:-peers-1000}
PY=/usr/bin/python3

# 1. fixture -> curves (independent normalization)
$PY make-fixture-curves.py ../../fixtures/mm1s-celltiter-glo.csv mm1s-curves.csv

# 2. fixture fits and resistance factors
Rscript make-drc-reference.R mm1s-curves.csv mm1s-drc.csv
$PY make-scipy-reference.py mm1s-curves.csv mm1s-scipy.csv
cat > mm1s-pairs.csv <<'PAIRS'
resistant,parental
MM1S/R BTZ|bortezomib,MM1S WT|bortezomib
MM1S/R CFZ|bortezomib,MM1S WT|bortezomib
MM1S/R BTZ|carfilzomib,MM1S WT|carfilzomib
MM1S/R CFZ|carfilzomib,MM1S WT|carfilzomib
PAIRS
$PY make-rf-reference.py mm1s-scipy.csv mm1s-pairs.csv mm1s-rf-scipy.csv
$PY make-rf-reference.py --se-column log10_ic50_se_gn mm1s-drc.csv mm1s-pairs.csv mm1s-rf-drc.csv

# 3. peer-curve CI reference: first 60 well-identified "normal" curves (fits all candidates; ~1 min)
$PY make-peers-normal-curves.py "$PEERS" peers-normal-curves.csv 60
Rscript make-drc-reference.R peers-normal-curves.csv peers-normal-drc.csv
$PY make-scipy-reference.py peers-normal-curves.csv peers-normal-scipy.csv
# drc-versions.txt / scipy-versions.txt are rewritten by every fit run (same content).

# 4. pinned asymptotes (--bottom 0: LL.3; --top 100 --bottom 0: LL.2), scipy only
$PY make-constrained-reference.py mm1s-curves.csv mm1s-constrained-scipy.csv

# 5. profile-likelihood CIs and the IC50 difference F test (R, own profile + drc anova), Fieller (scipy; drc EDcomp)
cat > mm1s-ftest-pairs.csv <<'PAIRS'
a,b
MM1S/R BTZ|bortezomib,MM1S WT|bortezomib
MM1S/R CFZ|bortezomib,MM1S WT|bortezomib
MM1S/R BTZ|carfilzomib,MM1S WT|carfilzomib
MM1S/R CFZ|carfilzomib,MM1S WT|carfilzomib
MM1S/R CFZ|bortezomib,MM1S/R CFZ|carfilzomib
MM1S/R BTZ|bortezomib,MM1S/R BTZ|carfilzomib
PAIRS
cat > peers-normal-ftest-pairs.csv <<'PAIRS'
a,b
c000001,c000003
c000004,c000006
c000009,c000010
c000013,c000014
c000016,c000017
PAIRS
Rscript make-profile-reference.R mm1s-curves.csv mm1s-ftest-pairs.csv mm1s-profile-r.csv mm1s-ftest-r.csv
Rscript make-profile-reference.R peers-normal-curves.csv peers-normal-ftest-pairs.csv peers-normal-profile-r.csv peers-normal-ftest-r.csv 10
$PY make-fieller-reference.py mm1s-scipy.csv mm1s-pairs.csv mm1s-fieller-scipy.csv
$PY make-fieller-reference.py peers-normal-scipy.csv peers-normal-ftest-pairs.csv peers-normal-fieller-scipy.csv
$PY make-fieller-reference.py fieller-synthetic-fits.csv fieller-synthetic-pairs.csv fieller-synthetic-scipy.csv
Rscript make-fieller-edcomp.R mm1s-curves.csv mm1s-pairs.csv mm1s-fieller-edcomp-drc.csv

# 5. relative weights 1/y² (scipy only)
$PY make-weighted-reference.py mm1s-curves.csv mm1s-weighted-scipy.csv
$PY make-weighted-profile-reference.py mm1s-curves.csv mm1s-ftest-pairs.csv mm1s-weighted-profile-scipy.csv mm1s-weighted-ftest-scipy.csv

# 6. pinned asymptotes by drc (LL.3: c = 0; LL.2: c = 0, d = 100)
Rscript make-drc-ll3-reference.R mm1s-curves.csv mm1s-constrained-drc.csv

# 7. flat-response F test against a constant (drc fits + pf; drc anova and noEffect); synthetic nearly flat curves
Rscript make-flat-reference.R --synthetic flat-synthetic-curves.csv
Rscript make-flat-reference.R flat-synthetic-curves.csv flat-synthetic-flat-r.csv
Rscript make-flat-reference.R mm1s-curves.csv mm1s-flat-r.csv
Rscript make-flat-reference.R peers-normal-curves.csv peers-normal-flat-r.csv

# 8. five-parameter log-logistic (LL.5) fits by drc, on the example, 6 asymmetric synthetic curves
#    and the 60 peer curves (~1 min)
Rscript make-ll5-synthetic-curves.R ll5-synthetic-curves.csv
Rscript make-drc-ll5-reference.R mm1s-curves.csv mm1s-ll5-drc.csv
Rscript make-drc-ll5-reference.R ll5-synthetic-curves.csv ll5-synthetic-drc.csv
Rscript make-drc-ll5-reference.R peers-normal-curves.csv peers-normal-ll5-drc.csv

# 9. ROUT outliers (robust Cauchy fit with adaptive RSDR + FDR test), scipy only; ~3 s
$PY make-rout-reference.py --curves mm1s-curves.csv rout-curves.csv
$PY make-rout-reference.py rout-curves.csv rout-scipy.csv
$PY make-rout-reference.py peers-normal-curves.csv peers-normal-rout-scipy.csv
