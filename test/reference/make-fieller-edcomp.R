# make-fieller-edcomp.R -- drc's own Fieller interval for a ratio of ED50s, for comparison.
#
# Usage: Rscript make-fieller-edcomp.R CURVES.csv PAIRS.csv OUT.csv
#   PAIRS.csv: first two columns = numerator, denominator curve ids.
#   OUT.csv  : a,b,log10_rf,fieller_log10_low,fieller_log10_high,delta_log10_low,delta_log10_high
# For each pair: ONE joint fit drm(response ~ conc, curve, fct = LL.4()) (e on the linear scale, all
# parameters per curve, one pooled residual variance), then EDcomp(fit, c(50, 50),
# interval = "fieller") and interval = "delta"; log10 of drc's ratio and bounds.
# This is not the same interval as ic50's fiellerLog10Ratio (separate fits: per-curve variances,
# Welch-Satterthwaite df, Gauss-Newton SEs; drc: pooled variance, its vcov, joint df), so it is a
# loose cross-check only (README: "Fieller").
suppressPackageStartupMessages(library(drc))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 3) stop("usage: Rscript make-fieller-edcomp.R CURVES.csv PAIRS.csv OUT.csv")
d <- read.csv(args[1], stringsAsFactors = FALSE)
d <- d[is.finite(d$conc) & is.finite(d$response) & d$conc > 0, ]
pairs <- read.csv(args[2], stringsAsFactors = FALSE)
rows <- list()
for (i in seq_len(nrow(pairs))) {
  both <- rbind(transform(d[d$curve_id == pairs[i, 1], ], curve = "a"),
                transform(d[d$curve_id == pairs[i, 2], ], curve = "b"))
  both$curve <- factor(both$curve)
  m <- drm(response ~ conc, curve, data = both, fct = LL.4(),
           control = drmc(relTol = 1e-12, maxIt = 5000, noMessage = TRUE))
  fi <- EDcomp(m, c(50, 50), interval = "fieller", display = FALSE)
  de <- EDcomp(m, c(50, 50), interval = "delta", display = FALSE)
  rows[[i]] <- data.frame(a = pairs[i, 1], b = pairs[i, 2], log10_rf = log10(fi[1, 1]),
                          fieller_log10_low = log10(fi[1, 2]), fieller_log10_high = log10(fi[1, 3]),
                          delta_log10_low = log10(de[1, 2]), delta_log10_high = log10(de[1, 3]))
}
write.csv(do.call(rbind, rows), args[3], row.names = FALSE)
