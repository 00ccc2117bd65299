# make-drc-reference.R -- reference 4PL log-logistic fits from R package drc.
#
# Usage: Rscript make-drc-reference.R IN.csv OUT.csv
#   IN.csv : curve_id,conc,response   (conc > 0; rows with non-finite conc/response dropped)
#   OUT.csv: one row per curve_id (see `cols` below); failed fits get NaN and converged=FALSE.
#   Also writes drc-versions.txt next to OUT.csv (R and drc versions).
#
# Model: drm(response ~ conc, fct = LL2.4()):  f = c + (d-c)/(1+exp(b*(log(x) - e)))
#   which is y = bottom + (top-bottom)/(1+(x/ic50)^hill) with
#   hill = b, bottom = c, top = d, ic50 = exp(e)  (b > 0 and d > c: decreasing curve).
#   Reported in canonical form hill >= 0 (if b < 0, top/bottom are swapped: same curve).
# Uncertainty: e = log(ic50) is a model parameter, so its Wald SE comes straight from
#   vcov(fit) (drc: 2*sigma^2*H^-1, H = optim's finite-difference Hessian of the RSS).
#   log10_ic50_se = se(e)/log(10); CI = log10_ic50 -/+ qt(0.975, df.residual) * se
#   (the same t quantile drc's confint()/ED() use for continuous responses).
# Extra columns *_gn: the Gauss-Newton Wald SE/CI, sigma^2 * (J'J)^-1 with the analytic
#   Jacobian at drc's optimum -- what Levenberg-Marquardt tools / scipy curve_fit report.
# Fitting: drc's self-starter; drmc() defaults and drmc(relTol=1e-12, maxIt=5000), each with
#   useD = FALSE/TRUE (numerical/analytic gradient), are tried; the lowest-RSS fit is kept.
#   Checked: log10_ic50_se equals ED(fit, 50, interval = "delta")'s SE / log(10), and the CI
#   equals confint(fit)["e:(Intercept)", ] / log(10).
# Tested with R 4.2.2 (Debian r-base-core 4.2.2.20221110-2), drc 3.0-1 (CRAN source).
suppressPackageStartupMessages(library(drc))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript make-drc-reference.R IN.csv OUT.csv")
d <- read.csv(args[1], stringsAsFactors = FALSE)
d$conc <- suppressWarnings(as.numeric(d$conc))
d$response <- suppressWarnings(as.numeric(d$response))
d <- d[is.finite(d$conc) & is.finite(d$response) & d$conc > 0, ]

cols <- c("curve_id", "n", "ic50", "hill", "top", "bottom", "rss", "log10_ic50",
          "log10_ic50_se", "log10_ic50_ci_low", "log10_ic50_ci_high", "df_residual",
          "sigma", "hill_se", "top_se", "bottom_se", "converged",
          "log10_ic50_se_gn", "log10_ic50_ci_low_gn", "log10_ic50_ci_high_gn")

fit_one <- function(cd) {
  fits <- list()
  for (ctl in list(drmc(noMessage = TRUE), drmc(useD = TRUE, noMessage = TRUE),
                   drmc(relTol = 1e-12, maxIt = 5000, noMessage = TRUE),
                   drmc(relTol = 1e-12, maxIt = 5000, useD = TRUE, noMessage = TRUE))) {
    f <- tryCatch(drm(response ~ conc, data = cd, fct = LL2.4(), control = ctl),
                  error = function(e) NULL)
    if (!is.null(f)) fits[[length(fits) + 1]] <- f
  }
  if (length(fits) == 0) return(NULL)
  rss <- sapply(fits, function(f) sum(residuals(f)^2))
  fits[[which.min(rss)]]
}

row_for <- function(id, cd) {
  out <- setNames(as.list(rep(NaN, length(cols))), cols)
  out$curve_id <- id; out$n <- nrow(cd); out$converged <- FALSE
  f <- tryCatch(fit_one(cd), error = function(e) NULL)
  if (is.null(f)) return(out)
  p <- coef(f); names(p) <- sub(":.*", "", names(p))        # b, c, d, e
  V <- tryCatch(vcov(f), error = function(e) matrix(NaN, 4, 4))
  se <- sqrt(diag(V)); names(se) <- names(p)
  dfr <- df.residual(f); rss <- sum(residuals(f)^2); s2 <- rss / dfr
  tq <- qt(0.975, dfr)
  # Gauss-Newton covariance from the analytic Jacobian of f wrt (b, c, d, e)
  lx <- log(cd$conc) - p[["e"]]; u <- exp(p[["b"]] * lx); D <- 1 + u; A <- p[["d"]] - p[["c"]]
  J <- cbind(b = -A * u * lx / D^2, c = 1 - 1 / D, d = 1 / D, e = A * u * p[["b"]] / D^2)
  Vgn <- tryCatch(s2 * solve(crossprod(J)), error = function(e) matrix(NaN, 4, 4))
  l10 <- p[["e"]] / log(10); se10 <- se[["e"]] / log(10); se10gn <- sqrt(Vgn[4, 4]) / log(10)
  swap <- p[["b"]] < 0                                       # canonical form: hill >= 0
  out$ic50 <- exp(p[["e"]]); out$hill <- abs(p[["b"]])
  out$top <- if (swap) p[["c"]] else p[["d"]]; out$bottom <- if (swap) p[["d"]] else p[["c"]]
  out$top_se <- if (swap) se[["c"]] else se[["d"]]; out$bottom_se <- if (swap) se[["d"]] else se[["c"]]
  out$hill_se <- se[["b"]]
  out$rss <- rss; out$df_residual <- dfr; out$sigma <- sqrt(s2)
  out$log10_ic50 <- l10; out$log10_ic50_se <- se10
  out$log10_ic50_ci_low <- l10 - tq * se10; out$log10_ic50_ci_high <- l10 + tq * se10
  out$log10_ic50_se_gn <- se10gn
  out$log10_ic50_ci_low_gn <- l10 - tq * se10gn; out$log10_ic50_ci_high_gn <- l10 + tq * se10gn
  out$converged <- TRUE
  out
}

ids <- unique(d$curve_id)
rows <- lapply(ids, function(id) as.data.frame(row_for(id, d[d$curve_id == id, c("conc", "response")]),
                                               stringsAsFactors = FALSE))
res <- do.call(rbind, rows)[, cols]
write.csv(res, args[2], row.names = FALSE, quote = FALSE, na = "NaN")
writeLines(c(paste("R:", R.version.string), paste("drc:", packageDescription("drc")$Version),
             "fct: LL2.4(); control: lowest RSS of drmc(useD=F/T) and drmc(relTol=1e-12, maxIt=5000, useD=F/T)"),
           file.path(dirname(args[2]), "drc-versions.txt"))
