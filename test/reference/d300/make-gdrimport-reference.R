#!/usr/bin/env Rscript
# make-gdrimport-reference.R -- gDRimport's own parse of its two example D300 protocols, as a
# long table ic50's D300 reader is compared with (test/layouts/d300Layout.gdrimport.test.ts).
#
# gDRimport (Bioconductor; Artistic-2.0) ships, beside D300_96_well_plate_example.tdd and
# D300_384_well_plate_example.tdd, the templates its import_D300() made from them:
# output_files_96w/reference/trt_P<n>.xlsx and output_files_384w/reference/trt_P<n>.xlsx — one
# workbook per protocol plate n, sheets Gnumber / Concentration (and Gnumber_2 /
# Concentration_2 for a second agent), each a bare grid written from cell A1, whose cell
# (row r, column c) is well (r, c). Its compounds are Gnumbers, mapped from the D300 fluid names
# by Gnumber_D300_<96|384>_well_plate.xlsx (sheet D300_Gnumber: D300_Label, Gnumber).
#
# This script reads those files (nothing is copied: only the values are written) and writes
#   gdrimport-96w.csv, gdrimport-384w.csv: plate,well,agent,gnumber,concentration_uM
#     one row per agent of every cell the templates fill (gDR writes `untreated`, 0 for a well the
#     protocol does not dispense into and `vehicle`, 0 for a control fluid); the concentration as
#     gDRimport wrote it (the protocol's own text, in its µM);
#   d300-labels-96w.csv, d300-labels-384w.csv: d300_label,gnumber (the mapping above).
#
# Usage: Rscript make-gdrimport-reference.R EXTDATA_DATA3_DIR OUTDIR
#   EXTDATA_DATA3_DIR: gDRimport's inst/extdata/data3 (from its sources; we used the git commit
#   9940b2f43d80b32482e523d2a43cbc1f6c5244bb). Needs readxl. Writes versions.txt too.
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript make-gdrimport-reference.R EXTDATA_DATA3_DIR OUTDIR")
data3 <- args[[1]]
out <- args[[2]]
suppressPackageStartupMessages(library(readxl))

row_label <- function(r) if (r <= 26) LETTERS[r] else paste0(LETTERS[(r - 1) %/% 26], LETTERS[(r - 1) %% 26 + 1])

# The non-empty cells of a sheet as text (a fixed range from A1, so leading empty rows stay).
cells <- function(file, sheet) {
  grid <- read_excel(file, sheet = sheet, range = "A1:BT48", col_names = FALSE, col_types = "text", .name_repair = "minimal")
  found <- list()
  for (c in seq_len(ncol(grid))) for (r in seq_len(nrow(grid))) {
    value <- grid[[c]][[r]]
    if (is.na(value) || value == "") next
    found[[length(found) + 1]] <- data.frame(row = r, column = c, value = value, stringsAsFactors = FALSE)
  }
  do.call(rbind, found)
}

for (size in c("96", "384")) {
  labels <- read_excel(file.path(data3, sprintf("Gnumber_D300_%s_well_plate.xlsx", size)), sheet = "D300_Gnumber")
  write.csv(data.frame(d300_label = labels$D300_Label, gnumber = labels$Gnumber), file.path(out, sprintf("d300-labels-%sw.csv", size)), row.names = FALSE, quote = TRUE)
  folder <- file.path(data3, sprintf("output_files_%sw", size), "reference")
  files <- list.files(folder, pattern = "^trt_P[0-9]+\\.xlsx$")
  plates <- as.integer(sub("^trt_P([0-9]+)\\.xlsx$", "\\1", files))
  rows <- list()
  for (k in order(plates)) {
    file <- file.path(folder, files[[k]])
    sheets <- excel_sheets(file)
    for (agent in 1:9) {
      suffix <- if (agent == 1) "" else paste0("_", agent)
      if (!(paste0("Gnumber", suffix) %in% sheets)) break
      names <- cells(file, paste0("Gnumber", suffix))
      doses <- cells(file, paste0("Concentration", suffix))
      both <- merge(names, doses, by = c("row", "column"), suffixes = c(".name", ".dose"), all = TRUE)
      for (i in seq_len(nrow(both))) {
        rows[[length(rows) + 1]] <- data.frame(
          plate = plates[[k]],
          well = paste0(row_label(both$row[[i]]), both$column[[i]]),
          agent = agent,
          gnumber = both$value.name[[i]],
          concentration_uM = both$value.dose[[i]],
          order_row = both$row[[i]],
          order_column = both$column[[i]],
          stringsAsFactors = FALSE
        )
      }
    }
  }
  table <- do.call(rbind, rows)
  table <- table[order(table$plate, table$order_row, table$order_column, table$agent), c("plate", "well", "agent", "gnumber", "concentration_uM")]
  write.csv(table, file.path(out, sprintf("gdrimport-%sw.csv", size)), row.names = FALSE, quote = FALSE)
}

writeLines(c(
  paste("R:", R.version.string),
  paste("readxl:", as.character(packageVersion("readxl"))),
  "gDRimport: the reference templates of its git commit 9940b2f43d80b32482e523d2a43cbc1f6c5244bb (inst/extdata/data3), made by its import_D300()",
  "script: make-gdrimport-reference.R"
), file.path(out, "versions.txt"))
