# read-xlsx.R -- dump every sheet of an .xlsx workbook with the R package readxl.
#
# Usage: Rscript read-xlsx.R IN.xlsx OUTDIR
#   OUTDIR/sheets.csv      index,name  (excel_sheets(IN.xlsx), in workbook order)
#   OUTDIR/sheet<i>.csv    read_excel(IN.xlsx, sheet = i, col_types = "list"), one cell a field:
#                          numbers as %.17g (every double exactly), logicals TRUE/FALSE, text as is,
#                          empty cells NA
#   OUTDIR/versions.txt    R, readxl versions
suppressPackageStartupMessages(library(readxl))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript read-xlsx.R IN.xlsx OUTDIR")
dir.create(args[2], showWarnings = FALSE, recursive = TRUE)
sheets <- excel_sheets(args[1])
write.csv(data.frame(index = seq_along(sheets), name = sheets), file.path(args[2], "sheets.csv"), row.names = FALSE)
cell <- function(v) {
  if (is.null(v) || length(v) == 0 || (length(v) == 1 && is.na(v))) return("NA")
  if (is.numeric(v)) return(sprintf("%.17g", v))
  if (is.logical(v)) return(if (v) "TRUE" else "FALSE")
  as.character(v)
}
for (i in seq_along(sheets)) {
  t <- read_excel(args[1], sheet = i, col_types = "list")
  out <- as.data.frame(lapply(t, function(col) vapply(col, cell, "")), check.names = FALSE, stringsAsFactors = FALSE)
  names(out) <- names(t)
  write.csv(out, file.path(args[2], sprintf("sheet%d.csv", i)), row.names = FALSE, na = "NA")
}
writeLines(c(paste("R:", R.version.string), paste("readxl:", packageDescription("readxl")$Version), "script: read-xlsx.R"),
           file.path(args[2], "versions.txt"))
