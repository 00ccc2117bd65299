# make-ll5-synthetic-curves.R -- asymmetric (five-parameter log-logistic) test curves.
#
# Usage: Rscript make-ll5-synthetic-curves.R OUT.csv
#   OUT.csv: curve_id,conc,response -- 6 curves, 10 concentrations (3-fold from 10,000 nM) x 3
#   replicates, drawn from drc's LL.5 form y = c + (d - c)/(1 + (x/e)^b)^f with normal noise
#   (set.seed(20261123): the file is reproducible). Truth per curve is in the curve_id:
#   "s<k>_f<asymmetry>_b<hill>".
set.seed(20261123)
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript make-ll5-synthetic-curves.R OUT.csv")
conc <- 10000 / 3^(0:9)
truth <- data.frame(f = c(0.3, 0.5, 2, 3, 0.4, 2.5), b = c(1.2, 2, 0.9, 1.5, 3, 1),
                    e = c(40, 15, 300, 120, 60, 800), c = c(5, 0, 10, 2, 8, 0),
                    d = c(100, 98, 102, 100, 99, 101), sd = c(3, 2.5, 3, 4, 3, 2.5))
rows <- list()
for (k in seq_len(nrow(truth))) {
  t <- truth[k, ]
  id <- sprintf("s%d_f%g_b%g", k, t$f, t$b)
  x <- rep(conc, each = 3)
  y <- t$c + (t$d - t$c) / (1 + (x / t$e)^t$b)^t$f + rnorm(length(x), 0, t$sd)
  rows[[k]] <- data.frame(curve_id = id, conc = x, response = round(y, 4))
}
write.csv(do.call(rbind, rows), args[1], row.names = FALSE, quote = FALSE)
