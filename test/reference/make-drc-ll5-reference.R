# make-drc-ll5-reference.R -- reference five-parameter log-logistic (LL.5) fits from R package drc.
#
# Usage: Rscript make-drc-ll5-reference.R IN.csv OUT.csv
#   IN.csv : curve_id,conc,response (conc > 0)
#   OUT.csv: one row per curve (columns in `cols`); failed fits get NaN and converged=FALSE.
#
# Model: drm(response ~ conc, fct = LL.5()):  f(x) = c + (d - c)/(1 + exp(b*(log(x) - log(e))))^f
#   hill = b, bottom = c, top = d, asymmetry = f. The relative IC50 (halfway between c and d) is
#   ED(fit, 50)'s estimate, e * (2^(1/f) - 1)^(1/b); log10_ic50_se is its delta-method SE from
#   ED(fit, 50, interval = "delta") (drc's vcov: the Hessian of the RSS) divided by (IC50 log 10).
# *_gn columns: Gauss-Newton Wald SEs, sigma^2 (J'J)^-1 with the analytic Jacobian at drc's
#   optimum (what Levenberg-Marquardt tools report), carried to log10 IC50 by the delta method
#   with the analytic gradient of log10(e (2^(1/f) - 1)^(1/b)).
# Fitting: drc's self-starter, and starts from drc's LL.4 fit with f = 0.3, 1 and 3 (e moved so
#   that the start keeps the LL.4 IC50); each with drmc() defaults and drmc(relTol = 1e-12,
#   maxIt = 5000); the lowest-RSS fit is kept. Fits with b < 0 (a rising curve) are kept as drc
#   reports them and marked by hill < 0.
# Tested with R 4.2.2 (Debian r-base-core 4.2.2.20221110-2), drc 3.0-1 (CRAN source).
suppressPackageStartupMessages(library(drc))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript make-drc-ll5-reference.R IN.csv OUT.csv")
d <- read.csv(args[1], stringsAsFactors = FALSE)
d <- d[is.finite(d$conc) & is.finite(d$response) & d$conc > 0, ]

cols <- c("curve_id", "n", "rss", "log10_ic50", "hill", "asymmetry", "top", "bottom",
          "log10_ic50_se", "log10_ic50_se_gn", "hill_se_gn", "asymmetry_se_gn", "top_se_gn",
          "bottom_se_gn", "df_residual", "converged")

fit_one <- function(cd) {
  fits <- list()
  controls <- list(drmc(noMessage = TRUE), drmc(relTol = 1e-12, maxIt = 5000, noMessage = TRUE))
  try_fit <- function(start) {
    for (ctl in controls) {
      f <- tryCatch(if (is.null(start)) drm(response ~ conc, data = cd, fct = LL.5(), control = ctl)
                    else drm(response ~ conc, data = cd, fct = LL.5(), control = ctl, start = start),
                    error = function(e) NULL)
      if (!is.null(f)) fits[[length(fits) + 1]] <<- f
    }
  }
  try_fit(NULL)
  m4 <- tryCatch(drm(response ~ conc, data = cd, fct = LL.4(), control = drmc(noMessage = TRUE)),
                 error = function(e) NULL)
  if (!is.null(m4)) {
    p4 <- coef(m4)  # b, c, d, e
    for (f0 in c(0.3, 1, 3)) {
      e0 <- p4[[4]] / (2^(1 / f0) - 1)^(1 / p4[[1]])
      try_fit(c(p4[[1]], p4[[2]], p4[[3]], e0, f0))
    }
  }
  if (length(fits) == 0) return(NULL)
  rss <- sapply(fits, function(f) sum(residuals(f)^2))
  fits[[which.min(rss)]]
}

row_for <- function(id, cd) {
  out <- setNames(as.list(rep(NaN, length(cols))), cols)
  out$curve_id <- id; out$n <- nrow(cd); out$converged <- FALSE
  fit <- tryCatch(fit_one(cd), error = function(e) NULL)
  if (is.null(fit)) return(out)
  p <- coef(fit); names(p) <- sub(":.*", "", names(p))        # b, c, d, e, f
  b <- p[["b"]]; cc <- p[["c"]]; dd <- p[["d"]]; e <- p[["e"]]; f <- p[["f"]]
  ed <- tryCatch(ED(fit, 50, interval = "delta", display = FALSE), error = function(err) NULL)
  ic50 <- if (is.null(ed)) e * (2^(1 / f) - 1)^(1 / b) else ed[1, "Estimate"]
  dfr <- df.residual(fit); rss <- sum(residuals(fit)^2); s2 <- rss / dfr
  # Gauss-Newton covariance with the analytic Jacobian of f(x) wrt (b, c, d, e, f).
  x <- cd$conc; L <- b * (log(x) - log(e)); u <- exp(L); D <- 1 + u; A <- dd - cc
  s <- D^(-f)                                      # shape: 1 at zero dose
  dsdL <- -f * s * u / D                           # d s / d L
  J <- cbind(b = A * dsdL * (log(x) - log(e)), c = 1 - s, d = s, e = A * dsdL * (-b / e),
             f = A * (-s * log(D)))
  V <- tryCatch(s2 * solve(crossprod(J)), error = function(err) matrix(NaN, 5, 5))
  # log10 IC50 = (log e + log(2^(1/f) - 1)/b) / log 10
  g <- c(b = -log(2^(1 / f) - 1) / b^2, c = 0, d = 0, e = 1 / e,
         f = (1 / b) * (2^(1 / f) * log(2) * (-1 / f^2)) / (2^(1 / f) - 1)) / log(10)
  out$rss <- rss; out$df_residual <- dfr
  out$log10_ic50 <- log10(ic50); out$hill <- b; out$asymmetry <- f; out$top <- dd; out$bottom <- cc
  out$log10_ic50_se <- if (is.null(ed)) NaN else ed[1, "Std. Error"] / (ic50 * log(10))
  out$log10_ic50_se_gn <- sqrt(drop(t(g) %*% V %*% g))
  out$hill_se_gn <- sqrt(V[1, 1]); out$bottom_se_gn <- sqrt(V[2, 2]); out$top_se_gn <- sqrt(V[3, 3])
  out$asymmetry_se_gn <- sqrt(V[5, 5])
  out$converged <- TRUE
  out
}

ids <- unique(d$curve_id)
rows <- lapply(ids, function(id) as.data.frame(row_for(id, d[d$curve_id == id, c("conc", "response")]),
                                               stringsAsFactors = FALSE))
res <- do.call(rbind, rows)[, cols]
write.csv(res, args[2], row.names = FALSE, quote = FALSE, na = "NaN")
