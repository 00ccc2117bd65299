# make-band-reference.R -- confidence bands of fitted curves from R package drc.
#
# Usage: Rscript make-band-reference.R IN.csv OUT.csv MODELS [POINTS]
#   IN.csv : curve_id,conc,response (conc > 0, response in % viability)
#   MODELS : comma-separated drc models to fit per curve, of LL.3, LL.4, LL.5 (e.g. "LL.3,LL.4,LL.5")
#   POINTS : concentrations per curve, log-evenly spaced over the tested range (default 21)
#   OUT.csv: one row per (curve_id, model, conc, level); also writes versions.txt next to OUT.csv.
#
# Models, drc's dose-scale parameterisations:
#   LL.4(): f(x) = c + (d - c) / (1 + exp(b (log x - log e)));  LL.3(): c = 0;
#   LL.5(): f(x) = c + (d - c) / (1 + exp(b (log x - log e)))^f.
# Fitting: drc's self-starter and a generic start (b 1, c min y, d max y, e the geometric mean
#   concentration; LL.5 also from the best LL.4 fit with f = 0.3, 1, 3), each under drmc()
#   defaults and relTol = 1e-12 (useD off and on); the lowest RSS is refitted from its own
#   estimates with relTol = 1e-14 and kept if that lowers the RSS.
# Band: predict(fit, data.frame(conc), interval = "confidence", level = L) for L = 0.95 and 0.90:
#   fit +- qt(1 - (1 - L)/2, df.residual) * se, se^2 = g' V g with g = deriv1 at the estimates.
#   `se`, `lower`, `upper`: drc's own V = vcov(fit) (from optim's numerical Hessian).
#   `se_gn`, `lower_gn`, `upper_gn`: V = s^2 (J'J)^-1 with the analytic Jacobian J (deriv1 at each
#   data point) and s^2 = RSS / df.residual -- the Gauss-Newton covariance that Levenberg-Marquardt
#   tools (and ic50) report -- passed to predict() as vcov.
# Tested with R 4.2.2, drc 3.0-1.
suppressPackageStartupMessages(library(drc))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 3) stop("usage: Rscript make-band-reference.R IN.csv OUT.csv MODELS [POINTS]")
d <- read.csv(args[1], stringsAsFactors = FALSE)
d <- d[is.finite(d$conc) & is.finite(d$response) & d$conc > 0, ]
models <- strsplit(args[3], ",")[[1]]
npoints <- if (length(args) >= 4) as.integer(args[4]) else 21L
levels <- c(0.95, 0.90)

controls <- list(drmc(noMessage = TRUE), drmc(useD = TRUE, noMessage = TRUE),
                 drmc(relTol = 1e-12, maxIt = 5000, noMessage = TRUE),
                 drmc(relTol = 1e-12, maxIt = 5000, useD = TRUE, noMessage = TRUE))
polish <- list(drmc(relTol = 1e-14, maxIt = 5000, noMessage = TRUE),
               drmc(relTol = 1e-14, maxIt = 5000, useD = TRUE, noMessage = TRUE))
fct_of <- function(model) switch(model, LL.3 = LL.3(), LL.4 = LL.4(), LL.5 = LL.5())
rss_of <- function(f) sum(residuals(f)^2)
usable <- function(f, n) !is.null(f) && length(coef(f)) > 0 && length(residuals(f)) == n &&
  is.finite(rss_of(f)) && isTRUE(all(is.finite(diag(vcov(f))) & diag(vcov(f)) > 0))

fit_model <- function(cd, model, best4) {
  fits <- list()
  try_fit <- function(start) {
    for (ctl in controls) {
      f <- tryCatch(if (is.null(start)) drm(response ~ conc, data = cd, fct = fct_of(model), control = ctl)
                    else drm(response ~ conc, data = cd, fct = fct_of(model), control = ctl, start = start),
                    error = function(e) NULL)
      if (usable(f, nrow(cd))) fits[[length(fits) + 1]] <<- f
    }
  }
  try_fit(NULL)
  g <- exp(mean(log(cd$conc))); y <- cd$response
  try_fit(switch(model, LL.3 = c(1, max(y), g), LL.4 = c(1, min(y), max(y), g), LL.5 = c(1, min(y), max(y), g, 1)))
  if (model == "LL.5" && !is.null(best4)) {
    p4 <- unname(coef(best4))
    for (f0 in c(0.3, 1, 3)) try_fit(c(p4[1], p4[2], p4[3], p4[4] / (2^(1 / f0) - 1)^(1 / p4[1]), f0))
  }
  if (length(fits) == 0) return(NULL)
  best <- fits[[which.min(sapply(fits, rss_of))]]
  for (ctl in polish) {
    pol <- tryCatch(drm(response ~ conc, data = cd, fct = fct_of(model), start = unname(coef(best)), control = ctl),
                    error = function(e) NULL)
    if (usable(pol, nrow(cd)) && rss_of(pol) < rss_of(best)) best <- pol
  }
  best
}

gn_vcov <- function(fit, cd) {
  p <- coef(fit)
  J <- fit$fct$deriv1(cd$conc, matrix(p, nrow(cd), length(p), byrow = TRUE))
  s2 <- rss_of(fit) / df.residual(fit)
  V <- tryCatch(s2 * solve(crossprod(J)), error = function(e) matrix(NaN, length(p), length(p)))
  dimnames(V) <- list(names(p), names(p)); V
}

rows <- list()
for (id in unique(d$curve_id)) {
  cd <- d[d$curve_id == id, ]
  best4 <- NULL
  for (model in unique(c(if ("LL.5" %in% models) "LL.4", models))) {
    fit <- tryCatch(suppressWarnings(fit_model(cd, model, best4)), error = function(e) NULL)
    if (model == "LL.4") best4 <- fit
    if (!(model %in% models) || is.null(fit)) next
    Vgn <- gn_vcov(fit, cd)
    conc <- 10^seq(log10(min(cd$conc)), log10(max(cd$conc)), length.out = npoints)
    nd <- data.frame(conc = conc)
    for (level in levels) {
      own <- predict(fit, nd, interval = "confidence", level = level, se.fit = FALSE)
      gn <- predict(fit, nd, interval = "confidence", level = level, vcov. = function(o) Vgn)
      se <- predict(fit, nd, se.fit = TRUE)[, "SE"]
      se_gn <- predict(fit, nd, se.fit = TRUE, vcov. = function(o) Vgn)[, "SE"]
      rows[[length(rows) + 1]] <- data.frame(
        curve_id = id, model = model, rss = rss_of(fit), df_residual = df.residual(fit),
        conc = conc, level = level, fit = own[, "Prediction"],
        se = se, lower = own[, "Lower"], upper = own[, "Upper"],
        se_gn = se_gn, lower_gn = gn[, "Lower"], upper_gn = gn[, "Upper"])
    }
  }
}
out <- do.call(rbind, rows)
write.csv(out, args[2], row.names = FALSE)
writeLines(c(R.version.string, paste("drc", packageVersion("drc"))), file.path(dirname(args[2]), "versions.txt"))
