#!/usr/bin/env bash
# make-mm1s-pzfx.sh -- the example written as a Prism project by ic50, and read back by R's pzfx.
#
# Run from the repository root after `npm run build`:
#   bash test/reference/pzfx/make-mm1s-pzfx.sh
# Writes test/reference/pzfx/mm1s.pzfx (ic50's output, with three excluded wells and the ROUT
# outliers removed, so that struck-out values occur) and test/reference/pzfx/mm1s-out/ (every
# table read back by read-pzfx.R: keep and exclude). test/writers/pzfx.test.ts checks that ic50
# still writes mm1s.pzfx byte for byte, and that every number R read is the number ic50 meant.
set -euo pipefail
here=test/reference/pzfx
node bin/ic50.js fit fixtures/mm1s-celltiter-glo.csv --parental "MM1S WT" \
  --exclude P-WT-1:A1-A3 --exclude "P-RBTZ-2:C5" --outliers remove -o "$here/mm1s.pzfx"
rm -rf "$here/mm1s-out"
Rscript "$here/read-pzfx.R" "$here/mm1s.pzfx" "$here/mm1s-out"
