#!/usr/bin/env bash
# make-mm1s-xlsx.sh -- the example written as a workbook by ic50, and read back by R's readxl.
#
# Run from the repository root after `npm run build`:
#   bash test/reference/xlsx/make-mm1s-xlsx.sh
# Writes test/reference/xlsx/mm1s.xlsx (ic50's output, compared with MM1S WT, two wells excluded)
# and test/reference/xlsx/mm1s-out/ (every sheet read back by read-xlsx.R).
# test/writers/xlsx.test.ts checks that ic50 still writes mm1s.xlsx byte for byte, and that every
# cell readxl read is the value ic50 wrote.
set -euo pipefail
here=test/reference/xlsx
node bin/ic50.js fit fixtures/mm1s-celltiter-glo.csv --parental "MM1S WT" \
  --exclude P-WT-1:A1 --exclude P-WT-2:A11 -o "$here/mm1s.xlsx"
rm -rf "$here/mm1s-out"
Rscript "$here/read-xlsx.R" "$here/mm1s.xlsx" "$here/mm1s-out"
