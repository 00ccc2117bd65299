# read-pzfx.R -- dump every table of a GraphPad Prism .pzfx file with the R package pzfx.
#
# Usage: Rscript read-pzfx.R IN.pzfx OUTDIR
#   OUTDIR/tables.csv           index,title  (pzfx_tables(IN.pzfx), in file order)
#   OUTDIR/table<i>-keep.csv    read_pzfx(IN.pzfx, table = i, strike_action = "keep")
#   OUTDIR/table<i>-exclude.csv read_pzfx(IN.pzfx, table = i, strike_action = "exclude")
#   OUTDIR/versions.txt         R, pzfx and xml2 versions
# pzfx's column naming: the X column keeps its title ("X" if it has none); a Y data set with
# replicates becomes "<title>_1", "<title>_2", ...; one subcolumn keeps the bare title. "keep"
# returns struck-out (Excluded="1") values as numbers, "exclude" turns them into NA; an empty
# cell is NA in both. CSV: write.csv with quoted strings, NA for missing, 15 significant digits.
suppressPackageStartupMessages(library(pzfx))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript read-pzfx.R IN.pzfx OUTDIR")
dir.create(args[2], showWarnings = FALSE, recursive = TRUE)
tabs <- pzfx_tables(args[1])
write.csv(data.frame(index = seq_along(tabs), title = tabs), file.path(args[2], "tables.csv"),
          row.names = FALSE)
for (i in seq_along(tabs)) {
  for (act in c("keep", "exclude")) {
    t <- read_pzfx(args[1], table = i, strike_action = act)
    write.csv(t, file.path(args[2], sprintf("table%d-%s.csv", i, act)), row.names = FALSE, na = "NA")
  }
}
writeLines(c(paste("R:", R.version.string), paste("pzfx:", packageDescription("pzfx")$Version),
             paste("xml2:", packageDescription("xml2")$Version), "script: read-pzfx.R"),
           file.path(args[2], "versions.txt"))
