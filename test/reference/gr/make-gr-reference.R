# make-gr-reference.R -- GR values and GR metrics from the Bioconductor package GRmetrics.
#
# Usage:
#   Rscript make-gr-reference.R study STUDY.csv OUTDIR
#     STUDY.csv: cell_line,compound,concentration_nM,time_h,signal,role (role: sample, vehicle,
#     time0; vehicle and time0 rows have concentration 0 and compound "-"). Run as GRmetrics
#     case "C" (long format, controls and time-zero stacked with the treated wells):
#     treatment = compound, concentration = concentration_nM, time = time_h, cell_count = signal,
#     groupingVariables = c("cell_line", "treatment"). Writes OUTDIR/gr-values.csv,
#     OUTDIR/gr-condition-means.csv, OUTDIR/gr-metrics.csv, OUTDIR/gr-metrics-tight.csv.
#   Rscript make-gr-reference.R caseA CASEA.csv OUTDIR PREFIX
#     CASEA.csv: GRmetrics case "A" columns (cell_line,treatment,replicate,time,concentration,
#     cell_count,cell_count__ctrl,cell_count__time0), grouping c("cell_line","treatment","time").
#     Writes OUTDIR/PREFIX-values.csv, OUTDIR/PREFIX-metrics.csv, OUTDIR/PREFIX-metrics-tight.csv.
#   Rscript make-gr-reference.R studymean STUDY.csv OUTDIR
#     The same study with each cell line's vehicle and time-zero values averaged by the arithmetic
#     mean (ic50's convention) instead of GRmetrics' trimmed mean: run as case "A" with
#     cell_count__ctrl and cell_count__time0 set to those means on every treated row, grouping
#     c("cell_line", "treatment"). Writes OUTDIR/gr-study-meancontrols-values.csv (GR value per
#     treated well), OUTDIR/gr-study-meancontrols-metrics.csv and
#     OUTDIR/gr-study-meancontrols-metrics-tight.csv.
#   Rscript make-gr-reference.R package OUTDIR
#     GRfit on the package's own example data (data(inputCaseA), data(inputCaseC)) as its
#     vignette calls it. Writes OUTDIR/package-caseA-metrics.csv and package-caseC-metrics.csv, and
#     their GR values and tight refits (package-case{A,C}-values.csv, -metrics-tight.csv) for
#     scripts/compare-grmetrics-example.ts.
#     These are NOT committed (the data belong to the package); run it with OUTDIR outside the
#     repository.
# Every mode also writes OUTDIR/versions.txt.
#
# GRfit is called with its defaults (force = FALSE, cap = FALSE). GR values are per well (one
# treated row = one GR value); GRmetrics fits all wells of a condition, not replicate means.
# Metrics columns: GRgetMetrics() as GRmetrics returns them (see README.md for definitions).
suppressPackageStartupMessages({
  library(GRmetrics)
  library(SummarizedExperiment)
})

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: see header")
mode <- args[1]

fmt_write <- function(df, path) {
  for (nm in names(df)) if (is.factor(df[[nm]])) df[[nm]] <- as.character(df[[nm]])
  write.csv(df, path, row.names = FALSE, quote = FALSE, na = "NA")
}

write_versions <- function(outdir) {
  pk <- c("GRmetrics", "drc", "SummarizedExperiment", "S4Vectors", "dplyr", "magrittr",
          "ggplot2", "plotly")
  writeLines(c(paste("R:", R.version.string),
               paste0(pk, ": ", sapply(pk, function(p) packageDescription(p)$Version)),
               "script: make-gr-reference.R (GRfit defaults: force = FALSE, cap = FALSE)"),
             file.path(outdir, "versions.txt"))
}

metrics_table <- function(fit) {
  m <- GRgetMetrics(fit)
  m <- as.data.frame(m)
  rownames(m) <- NULL
  m
}

condition_means <- function(v, group) {
  # Mean GR value and relative cell count per (group, concentration): what GRmetrics averages for
  # GRmax/Emax and the trapezoid GR_AOC/AUC (arithmetic mean of the wells, na.rm).
  key <- interaction(v[, c(group, "concentration")], drop = TRUE, lex.order = TRUE)
  out <- do.call(rbind, lapply(split(v, key), function(s) {
    data.frame(s[1, group, drop = FALSE], concentration = s$concentration[1], n_wells = nrow(s),
               GRvalue_mean = mean(s$GRvalue, na.rm = TRUE),
               rel_cell_count_mean = mean(s$rel_cell_count, na.rm = TRUE))
  }))
  rownames(out) <- NULL
  out[do.call(order, out[, c(group, "concentration")]), ]
}

refit_tight <- function(v, m, group) {
  # Cross-check of GRmetrics' optimum (its drc fit runs L-BFGS-B with bounds, where drc's relTol
  # does not apply): the same bounded 3-parameter model, GR = GRinf + (1 - GRinf)/(1 + (c/GEC50)^h)
  # with h in [0.1, 5], GRinf in [-1, 1], GEC50 in [min c / 100, max c * 100] (Einf in [0, 1] for the
  # relative cell count), refitted with nls(algorithm = "port") from GRmetrics' estimates and from
  # its own prior (h 2, inf 0.1, median c); the lower RSS is kept. rss_grmetrics is the RSS at
  # GRmetrics' reported parameters.
  one <- function(s, y, inf_lo, est) {
    cs <- unique(s$concentration)
    lo <- c(h = 0.1, inf = inf_lo, ec = min(cs) * 1e-2); hi <- c(h = 5, inf = 1, ec = max(cs) * 1e2)
    dd <- data.frame(x = s$concentration, y = y)
    f <- function(p) p[["inf"]] + (1 - p[["inf"]]) / (1 + (dd$x / p[["ec"]])^p[["h"]])
    rss_at <- function(p) sum((dd$y - f(p))^2)
    best <- NULL
    for (st in list(est, c(h = 2, inf = 0.1, ec = stats::median(cs)))) {
      if (any(!is.finite(st))) next
      st <- pmin(pmax(st, lo), hi)
      r <- tryCatch(nls(y ~ inf + (1 - inf) / (1 + (x / ec)^h), data = dd, start = as.list(st),
                        algorithm = "port", lower = lo, upper = hi,
                        control = nls.control(maxiter = 1000, tol = 1e-10, scaleOffset = 1)),
                    error = function(e) NULL)
      if (!is.null(r) && (is.null(best) || deviance(r) < deviance(best))) best <- r
    }
    p <- if (is.null(best)) c(h = NA, inf = NA, ec = NA) else coef(best)
    c(rss_grmetrics = if (all(is.finite(est))) rss_at(est) else NA,
      rss_tight = if (is.null(best)) NA else deviance(best), h = p[["h"]], inf = p[["inf"]], ec = p[["ec"]],
      x50 = p[["ec"]] * ((1 - p[["inf"]]) / (0.5 - p[["inf"]]) - 1)^(1 / p[["h"]]))
  }
  out <- list()
  for (i in seq_len(nrow(m))) {
    sel <- Reduce(`&`, lapply(group, function(g) v[[g]] == m[[g]][i]))
    s <- v[sel, ]
    g <- one(s, s$GRvalue, -1, c(h = m$h_GR[i], inf = m$GRinf[i], ec = m$GEC50[i]))
    r <- one(s, s$rel_cell_count, 0, c(h = m$h[i], inf = m$Einf[i], ec = m$EC50[i]))
    out[[i]] <- data.frame(m[i, group, drop = FALSE],
      GR_rss_grmetrics = g[["rss_grmetrics"]], GR_rss_tight = g[["rss_tight"]], h_GR_tight = g[["h"]],
      GRinf_tight = g[["inf"]], GEC50_tight = g[["ec"]], GR50_tight = g[["x50"]],
      rel_rss_grmetrics = r[["rss_grmetrics"]], rel_rss_tight = r[["rss_tight"]], h_tight = r[["h"]],
      Einf_tight = r[["inf"]], EC50_tight = r[["ec"]], IC50_tight = r[["x50"]])
  }
  res <- do.call(rbind, out); rownames(res) <- NULL; res
}

if (mode == "study") {
  outdir <- args[3]
  s <- read.csv(args[2], stringsAsFactors = FALSE)
  inp <- data.frame(cell_line = s$cell_line, treatment = s$compound,
                    concentration = as.numeric(s$concentration_nM), time = as.numeric(s$time_h),
                    cell_count = as.numeric(s$signal), stringsAsFactors = FALSE)
  inp$treatment[s$role != "sample"] <- "-"
  fit <- suppressMessages(GRfit(inp, groupingVariables = c("cell_line", "treatment"), case = "C"))
  v <- GRgetValues(fit)
  v <- v[, c("cell_line", "treatment", "concentration", "time", "cell_count", "cell_count__ctrl",
             "cell_count__time0", "GRvalue", "rel_cell_count", "ctrl_cell_doublings")]
  names(v)[names(v) == "treatment"] <- "compound"
  fmt_write(v, file.path(outdir, "gr-values.csv"))
  fmt_write(condition_means(v, c("cell_line", "compound")), file.path(outdir, "gr-condition-means.csv"))
  m <- metrics_table(fit)
  names(m)[names(m) == "treatment"] <- "compound"
  fmt_write(m, file.path(outdir, "gr-metrics.csv"))
  fmt_write(refit_tight(v, m, c("cell_line", "compound")), file.path(outdir, "gr-metrics-tight.csv"))
  write_versions(outdir)
} else if (mode == "caseA") {
  outdir <- args[3]; prefix <- args[4]
  a <- read.csv(args[2], stringsAsFactors = FALSE)
  grp <- c("cell_line", "treatment", "time")
  fit <- suppressMessages(GRfit(a, groupingVariables = grp, case = "A"))
  v <- GRgetValues(fit)
  v <- v[, c(grp, "replicate", "concentration", "cell_count", "cell_count__ctrl",
             "cell_count__time0", "GRvalue", "rel_cell_count", "ctrl_cell_doublings")]
  fmt_write(v, file.path(outdir, paste0(prefix, "-values.csv")))
  m <- metrics_table(fit)
  fmt_write(m, file.path(outdir, paste0(prefix, "-metrics.csv")))
  fmt_write(refit_tight(v, m, grp), file.path(outdir, paste0(prefix, "-metrics-tight.csv")))
  write_versions(outdir)
} else if (mode == "studymean") {
  outdir <- args[3]
  s <- read.csv(args[2], stringsAsFactors = FALSE)
  treated <- s[s$role == "sample", ]
  ctrl <- tapply(s$signal[s$role == "vehicle"], s$cell_line[s$role == "vehicle"], mean)
  t0 <- tapply(s$signal[s$role == "time0"], s$cell_line[s$role == "time0"], mean)
  a <- data.frame(cell_line = treated$cell_line, treatment = treated$compound,
                  replicate = ave(seq_len(nrow(treated)), treated$cell_line, treated$compound,
                                  treated$concentration_nM, FUN = seq_along),
                  time = as.numeric(treated$time_h), concentration = as.numeric(treated$concentration_nM),
                  cell_count = as.numeric(treated$signal),
                  cell_count__ctrl = as.numeric(ctrl[treated$cell_line]),
                  cell_count__time0 = as.numeric(t0[treated$cell_line]), stringsAsFactors = FALSE)
  grp <- c("cell_line", "treatment")
  fit <- suppressMessages(GRfit(a, groupingVariables = grp, case = "A"))
  v <- GRgetValues(fit)
  m <- metrics_table(fit)
  # Each treated well's GR value under those means: what `ic50 fit --wells` writes as gr_value.
  vw <- v[, c("cell_line", "treatment", "concentration", "time", "cell_count", "cell_count__ctrl",
              "cell_count__time0", "GRvalue", "rel_cell_count", "ctrl_cell_doublings")]
  names(vw)[names(vw) == "treatment"] <- "compound"
  fmt_write(vw, file.path(outdir, "gr-study-meancontrols-values.csv"))
  fmt_write(m, file.path(outdir, "gr-study-meancontrols-metrics.csv"))
  fmt_write(refit_tight(v, m, grp), file.path(outdir, "gr-study-meancontrols-metrics-tight.csv"))
  write_versions(outdir)
} else if (mode == "package") {
  outdir <- args[2]
  data(inputCaseA, package = "GRmetrics"); data(inputCaseC, package = "GRmetrics")
  fa <- suppressMessages(GRfit(as.data.frame(inputCaseA), groupingVariables = c("cell_line", "treatment")))
  fc <- suppressMessages(GRfit(as.data.frame(inputCaseC), groupingVariables = c("cell_line", "treatment"),
                               case = "C"))
  ma <- metrics_table(fa); mc <- metrics_table(fc)
  # The GR values too, so that ic50's fit can be compared on them (scripts/compare-grmetrics-example.ts).
  for (nm in c("A", "C")) {
    f <- if (nm == "A") fa else fc
    v <- GRgetValues(f)
    v <- v[, c("cell_line", "treatment", "concentration", "GRvalue", "rel_cell_count", "ctrl_cell_doublings")]
    fmt_write(v, file.path(outdir, paste0("package-case", nm, "-values.csv")))
    fmt_write(refit_tight(v, if (nm == "A") ma else mc, c("cell_line", "treatment")), file.path(outdir, paste0("package-case", nm, "-metrics-tight.csv")))
  }
  fmt_write(ma, file.path(outdir, "package-caseA-metrics.csv"))
  fmt_write(mc, file.path(outdir, "package-caseC-metrics.csv"))
  cat(sprintf("inputCaseA: %d rows x %d columns in; metrics table %d rows x %d columns\n",
              nrow(inputCaseA), ncol(inputCaseA), nrow(ma), ncol(ma)))
  cat(sprintf("inputCaseC: %d rows x %d columns in; metrics table %d rows x %d columns\n",
              nrow(inputCaseC), ncol(inputCaseC), nrow(mc), ncol(mc)))
  d <- merge(ma, mc, by = c("cell_line", "treatment"))
  cat(sprintf("case A vs case C: max |dGR50/GR50| = %.3g (finite GR50s)\n",
              max(abs(d$GR50.x / d$GR50.y - 1)[is.finite(d$GR50.x)])))
  write_versions(outdir)
} else stop("unknown mode: ", mode)
