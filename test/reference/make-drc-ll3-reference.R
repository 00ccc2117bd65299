# drc 3.0-1 references for pinned asymptotes: LL.3 (lower limit 0, i.e. ic50 --bottom 0) and
# LL.2 (limits 0 and 100: --top 100 --bottom 0), on log scale via the LL2.* parametrization.
# Usage: Rscript make-drc-ll3-reference.R CURVES.csv OUT.csv
# Columns: curve_id, model, log10_ic50 (log10 of the input unit), hill, top, rss, log10_ic50_se_gn
# (Gauss–Newton SE from the Jacobian at drc's optimum, as ic50 reports).
suppressMessages(library(drc))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
out <- data.frame()
for (id in unique(d$curve_id)) {
  x <- d[d$curve_id == id, ]
  for (model in c("ll3", "ll2")) {
    # LL2.4 parameters (b, c, d, e): c = 0 fixed gives LL.3; c = 0 and d = 100 fixed, LL.2.
    fct <- if (model == "ll3") LL2.4(fixed = c(NA, 0, NA, NA)) else LL2.4(fixed = c(NA, 0, 100, NA))
    m <- drm(response ~ conc, data = x, fct = fct, control = drmc(relTol = 1e-12, maxIt = 5000))
    cf <- coef(m)
    b <- cf[grep("^b", names(cf))]
    loge <- cf[grep("^e", names(cf))]
    top <- if (model == "ll3") cf[grep("^d", names(cf))] else 100
    # Gauss–Newton SE of log(e): s^2 (J'J)^-1 with J from numerical derivatives of fitted values.
    p <- cf
    f <- function(pp) {
      b1 <- pp[grep("^b", names(pp))]; e1 <- pp[grep("^e", names(pp))]; d1 <- if (model == "ll3") pp[grep("^d", names(pp))] else 100
      d1 / (1 + exp(b1 * (log(x$conc) - e1)))
    }
    J <- sapply(seq_along(p), function(i) { h <- 1e-6 * max(1, abs(p[i])); pp <- p; pp[i] <- pp[i] + h; pm <- p; pm[i] <- pm[i] - h; (f(pp) - f(pm)) / (2 * h) })
    rss <- sum(residuals(m)^2)
    s2 <- rss / (nrow(x) - length(p))
    V <- s2 * solve(t(J) %*% J)
    se <- sqrt(V[grep("^e", names(p)), grep("^e", names(p))]) / log(10)
    out <- rbind(out, data.frame(curve_id = id, model = model, log10_ic50 = unname(loge) / log(10), hill = unname(b), top = unname(top), rss = rss, log10_ic50_se_gn = unname(se)))
  }
}
write.csv(out, args[2], row.names = FALSE)
cat(paste("R", R.version$major, R.version$minor, "drc", as.character(packageVersion("drc"))), "\n", file = stderr())
