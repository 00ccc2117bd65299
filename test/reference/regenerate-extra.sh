#!/bin/sh
# regenerate-extra.sh -- rebuild the references in icx/, gr/, nci/, shared/, models/, trend/, band/ and
# pzfx/ (see README.md, "Extra references"). Needs Rscript with drc 3.0-1, GRmetrics 1.17.1 and
# pzfx 0.3.1, and /usr/bin/python3 with numpy and scipy (versions: each folder's versions*.txt).
# Usage: sh test/reference/regenerate-extra.sh
#   About 70 minutes on this 2-core machine: icx/ and models/ on the 60 peer curves take about
#   33 minutes each (drc's LL.5 fits with relTol 1e-12/1e-14 are slow); everything else ~1 minute.
set -eu
cd "$(dirname "$0")"
PY=/usr/bin/python3

# icx/: drc ED() ICx (relative 20/50/80/90 %, absolute 80/50/20/10 % viability) of LL.3/LL.4/LL.5
(cd icx
 Rscript make-icx-reference.R ../mm1s-curves.csv mm1s-icx-drc.csv
 Rscript make-icx-reference.R ../peers-normal-curves.csv peers-normal-icx-drc.csv)

# gr/: GRmetrics on a simulated time-zero study (case C) and a case-A-shaped simulated set
(cd gr
 $PY make-gr-study.py gr-study.csv
 $PY make-gr-caseA-sim.py gr-caseA-sim.csv
 Rscript make-gr-reference.R caseA gr-caseA-sim.csv . gr-caseA-sim
 Rscript make-gr-reference.R study gr-study.csv .)
# The package's own example data (not committed; output goes outside the repository):
#   Rscript gr/make-gr-reference.R package /tmp/grmetrics-example

# nci/: NCI-60 GI50 / TGI / LC50 from the hand-written example
(cd nci && $PY make-nci-reference.py nci-example.csv nci-pg.csv nci-metrics.csv)

# shared/: joint LL.4 fits with shared hill / hill+top, RFs and the shared-vs-separate F test
(cd shared
 Rscript make-shared-reference.R ../mm1s-curves.csv "MM1S WT" mm1s-shared
 Rscript make-shared-reference.R --synthetic shared-synthetic-curves.csv
 Rscript make-shared-reference.R shared-synthetic-curves.csv shallow shared-synthetic)

# models/: LL.3 vs LL.4 vs LL.5 (anova, AIC, AICc, mselect)
(cd models
 Rscript make-models-reference.R --synthetic models-synthetic-curves.csv
 Rscript make-models-reference.R models-synthetic-curves.csv models-synthetic
 Rscript make-models-reference.R ../mm1s-curves.csv mm1s-models
 Rscript make-models-reference.R ../peers-normal-curves.csv peers-normal-models)

# trend/: weighted trend and window means of a simulated passage history (R), numpy cross-check
(cd trend
 $PY make-trend-history.py history.csv
 Rscript make-trend-reference.R history.csv trend-reference.csv
 $PY make-trend-numpy.py history.csv trend-numpy.csv trend-reference.csv
 # the bundled passage history from its plate reads (drc fits) to its trend
 Rscript make-example-trend-reference.R ../../../fixtures/mm1s-history.csv example-trend-r.csv)

# band/: the fitted curve's confidence band, drc predict(interval = "confidence"); ~1 minute
(cd band
 Rscript make-band-reference.R ../mm1s-curves.csv mm1s-band-drc.csv LL.3,LL.4,LL.5
 Rscript make-band-reference.R ../peers-normal-curves.csv peers-normal-band-drc.csv LL.4 11)

# pzfx/: read a .pzfx back with R pzfx
(cd pzfx && Rscript read-pzfx.R tiny.pzfx tiny-out)

# pzfx/ and xlsx/: the example as ic50 writes it (needs `npm run build`), read back by R's pzfx and readxl
(cd ../.. && bash test/reference/pzfx/make-mm1s-pzfx.sh && bash test/reference/xlsx/make-mm1s-xlsx.sh)
