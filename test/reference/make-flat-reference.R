# make-flat-reference.R -- reference "is there a dose response at all?" tests from R / drc.
#
# Usage: Rscript make-flat-reference.R IN.csv OUT.csv
#        Rscript make-flat-reference.R --synthetic CURVES_OUT.csv
#   IN.csv : curve_id,conc,response   (conc > 0; rows with non-finite conc/response dropped)
#   OUT.csv: one row per curve_id (columns `cols` below); a failed fit gives NaN, converged=FALSE.
#   --synthetic writes the nearly flat curves described below (set.seed, so deterministic)
#   instead of fitting anything. Versions used are printed on stderr.
#
# Curve model: 4PL. drm(response ~ conc) with fct = LL.4() and with fct = LL2.4() (the same curve:
#   LL.4's e is LL2.4's exp(e)), each with drc's self-starter under the four controls of
#   make-drc-reference.R (drmc() defaults and drmc(relTol = 1e-12, maxIt = 5000), each with
#   useD = FALSE/TRUE), and LL2.4() under the same four controls started at the box fit (c) below.
#   The lowest-RSS of these (up to) 12 fits is kept (column fct says which). On noisy, nearly flat
#   curves drc's self-starter can end in a local optimum: on flat-weak and flat-small its best
#   RSS was 2e-6 and 3 % above the box fit's, hence the extra start. Columns hill, log10_ic50
#   (log10 of the input unit), top, bottom give drc's optimum in canonical form (hill >= 0).
#
# (a) The extra-sum-of-squares F test against a constant, computed here from drc's RSS:
#   rss_const = deviance(lm(response ~ 1)) = sum((y - mean(y))^2), df_const = n - 1;
#   rss_curve = RSS of the drc fit,          df_curve = df.residual(fit) = n - 4;
#   f = ((rss_const - rss_curve) / (df_const - df_curve)) / (rss_curve / df_curve),
#   flat_p = pf(f, df_const - df_curve, df_curve, lower.tail = FALSE)  (the upper tail computed
#   directly, so tiny p-values are not rounded to 0).
#   Cross-check, drc's own ANOVA: the constant as a drc model, drm(fct = LL.4(fixed = c(0, NA, 0, 1)))
#   (b = 0 makes f = c + (d - c)/2 = c/2 for every x: one free parameter, fitted value mean(y);
#   its df and RSS are checked against lm), and anova(constant, fit) (drc's anova.drclist, test
#   "F"): columns f_anova, p_anova. anova.drclist computes p as 1 - pf(...), so p_anova is only
#   good to ~1e-16 absolute (below that it is 0 or a multiple of 1.1e-16).
# (b) drc's noEffect(fit): a different test, the likelihood-ratio test of the fit against
#   lm(response ~ 1): chisq = -2 (logLik(lm) - logLik(fit)) = n log(rss_const / rss_curve),
#   df = 5 - 2 = 3 (sigma counted in both), p = 1 - pchisq(chisq, 3) (also floored at ~1e-16).
#   Asymptotic: for n ~ 30 its p is smaller (more "significant") than the exact F test's.
# (c) The same F test with the curve fitted inside ic50's default box, hill in [0.05, 30] and
#   log10 IC50 within 3 decades of the tested range, without drc: on u = log10 conc,
#   y = bottom + (top - bottom) * s, s = 1 / (1 + 10^(hill * (u - theta))). For fixed (theta, hill)
#   top and bottom are linear (lm.fit); hill by a 60-point grid on log(hill) + optimize(); theta on
#   a 0.05-decade grid over the window + optimize() around the best grid point (tol 1e-12 both;
#   the method of make-profile-reference.R). Columns rss_curve_box, flat_p_box, hill_box,
#   log10_ic50_box. Where drc's optimum lies inside the box the two fits agree (RSS to ~1e-14).
#   Where it does not (flat-noise, flat-shallow: log10 IC50 9 and 26 decades below the range, top
#   in the thousands -- the 4PL degenerating into c + K x^-b, which has no finite optimum), drc's
#   RSS is lower and its flat_p slightly smaller than the box's.
#
# Tested with R 4.2.2 (Debian r-base-core 4.2.2.20221110-2), drc 3.0-1 (CRAN source).
suppressPackageStartupMessages(library(drc))

args <- commandArgs(trailingOnly = TRUE)

# Synthetic nearly flat curves: 10 concentrations (3-fold from 10,000 down to ~0.51), 3 wells
# each (n = 30), response = 100 - a * x / (x + 100) (an LL.4 step, ic50 100, hill 1) + N(0, sd^2):
#   flat-noise  : a = 0, sd = 8   -- a constant plus noise          (F test p ~ 0.43)
#   flat-weak   : a = 6, sd = 4   -- a weak response, not significant (p ~ 0.075)
#   flat-small  : a = 6, sd = 6   -- a small response, significant   (p ~ 0.003)
#   flat-shallow: 100 - 2 per decade of conc above 100, sd = 5        (p ~ 0.012)
if (length(args) == 2 && args[1] == "--synthetic") {
  set.seed(20240611)
  conc <- rep(10000 / 3^(0:9), each = 3)
  step <- function(x) 1 / (1 + 100 / x)                     # 0 -> 1 as x grows, half at 100
  specs <- list(list(id = "flat-noise", y = function(x) 100 + 0 * x, sd = 8),
                list(id = "flat-weak", y = function(x) 100 - 6 * step(x), sd = 4),
                list(id = "flat-small", y = function(x) 100 - 6 * step(x), sd = 6),
                list(id = "flat-shallow", y = function(x) 100 - 2 * (log10(x) - 2), sd = 5))
  out <- do.call(rbind, lapply(specs, function(s)
    data.frame(curve_id = s$id, conc = conc, response = s$y(conc) + rnorm(length(conc), 0, s$sd))))
  write.csv(out, args[2], row.names = FALSE, quote = FALSE)
  quit(save = "no")
}

if (length(args) != 2) stop("usage: Rscript make-flat-reference.R IN.csv OUT.csv | --synthetic CURVES_OUT.csv")
d <- read.csv(args[1], stringsAsFactors = FALSE)
d$conc <- suppressWarnings(as.numeric(d$conc))
d$response <- suppressWarnings(as.numeric(d$response))
d <- d[is.finite(d$conc) & is.finite(d$response) & d$conc > 0, ]

cols <- c("curve_id", "n", "rss_curve", "rss_const", "df_curve", "df_const", "f", "flat_p",
          "f_anova", "p_anova", "noeffect_chisq", "noeffect_df", "noeffect_p",
          "hill", "log10_ic50", "top", "bottom", "fct", "converged",
          "rss_curve_box", "flat_p_box", "hill_box", "log10_ic50_box")

# (c) The 4PL least-squares fit inside ic50's box, without drc (see the header).
HILL <- c(0.05, 30); MARGIN <- 3
rss_at <- function(u, y, theta, hill) {
  s <- 1 / (1 + 10^(hill * (u - theta)))
  sum(lm.fit(cbind(s, 1 - s), y)$residuals^2)
}
profile_fit <- function(u, y, theta) {
  g <- exp(seq(log(HILL[1]), log(HILL[2]), length.out = 60))
  r <- sapply(g, function(h) rss_at(u, y, theta, h))
  k <- which.min(r)
  o <- optimize(function(lh) rss_at(u, y, theta, exp(lh)), c(log(g[max(1, k - 1)]), log(g[min(60, k + 1)])), tol = 1e-12)
  if (o$objective < r[k]) c(rss = o$objective, hill = exp(o$minimum)) else c(rss = r[k], hill = g[k])
}
box_fit <- function(u, y) {
  window <- c(min(u) - MARGIN, max(u) + MARGIN)
  grid <- seq(window[1], window[2], length.out = ceiling(diff(window) / 0.05) + 1)
  r <- sapply(grid, function(t) profile_fit(u, y, t)[["rss"]])
  k <- which.min(r)
  o <- optimize(function(t) profile_fit(u, y, t)[["rss"]], c(grid[max(1, k - 1)], grid[min(length(grid), k + 1)]), tol = 1e-12)
  theta <- if (o$objective < r[k]) o$minimum else grid[k]
  hill <- profile_fit(u, y, theta)[["hill"]]
  s <- 1 / (1 + 10^(hill * (u - theta)))
  tb <- lm.fit(cbind(s, 1 - s), y)$coefficients
  c(rss = min(o$objective, r[k]), theta = theta, hill = hill, top = tb[[1]], bottom = tb[[2]])
}

fit_one <- function(cd, box) {
  fits <- list(); fcts <- character(0)
  # LL2.4 (b, c, d, e) at the box optimum: b = hill, c = bottom, d = top, e = theta * log(10)
  box_start <- c(box[["hill"]], box[["bottom"]], box[["top"]], box[["theta"]] * log(10))
  for (name in c("LL.4", "LL2.4", "LL2.4 box start")) {
    for (ctl in list(drmc(noMessage = TRUE), drmc(useD = TRUE, noMessage = TRUE),
                     drmc(relTol = 1e-12, maxIt = 5000, noMessage = TRUE),
                     drmc(relTol = 1e-12, maxIt = 5000, useD = TRUE, noMessage = TRUE))) {
      fct <- if (name == "LL.4") LL.4() else LL2.4()
      start <- if (name == "LL2.4 box start") box_start else NULL
      f <- tryCatch(suppressWarnings(drm(response ~ conc, data = cd, fct = fct, control = ctl, start = start)),
                    error = function(e) NULL)
      rss <- if (is.null(f)) NaN else sum(residuals(f)^2)
      if (is.finite(rss)) { fits[[length(fits) + 1]] <- f; fcts <- c(fcts, name) }
    }
  }
  if (length(fits) == 0) return(NULL)
  rss <- sapply(fits, function(f) sum(residuals(f)^2))
  k <- which.min(rss)
  list(fit = fits[[k]], fct = fcts[k])
}

row_for <- function(id, cd) {
  out <- setNames(as.list(rep(NaN, length(cols))), cols)
  out$curve_id <- id; out$n <- nrow(cd); out$converged <- FALSE; out$fct <- ""
  bx <- box_fit(log10(cd$conc), cd$response)
  best <- tryCatch(fit_one(cd, bx), error = function(e) NULL)
  if (is.null(best)) return(out)
  f <- best$fit
  p <- coef(f); names(p) <- sub(":.*", "", names(p))        # b, c, d, e
  loge <- if (best$fct == "LL.4") log(p[["e"]]) else p[["e"]]
  swap <- p[["b"]] < 0                                       # canonical form: hill >= 0
  out$hill <- abs(p[["b"]]); out$log10_ic50 <- loge / log(10)
  out$top <- if (swap) p[["c"]] else p[["d"]]; out$bottom <- if (swap) p[["d"]] else p[["c"]]
  out$fct <- best$fct

  # (a) F test against the constant
  const_lm <- lm(response ~ 1, data = cd)
  rss_curve <- sum(residuals(f)^2); df_curve <- df.residual(f)
  rss_const <- deviance(const_lm); df_const <- df.residual(const_lm)
  fstat <- ((rss_const - rss_curve) / (df_const - df_curve)) / (rss_curve / df_curve)
  out$rss_curve <- rss_curve; out$rss_const <- rss_const
  out$df_curve <- df_curve; out$df_const <- df_const
  out$f <- fstat; out$flat_p <- pf(fstat, df_const - df_curve, df_curve, lower.tail = FALSE)
  # drc's ANOVA of the constant (as a drc model) against the curve
  a <- tryCatch({
    const_drc <- suppressWarnings(drm(response ~ conc, data = cd, fct = LL.4(fixed = c(0, NA, 0, 1)),
                                      start = 2 * mean(cd$response), control = drmc(noMessage = TRUE)))
    stopifnot(df.residual(const_drc) == df_const,
              abs(sum(residuals(const_drc)^2) / rss_const - 1) < 1e-9)
    anova(const_drc, f, details = FALSE)
  }, error = function(e) NULL)
  if (!is.null(a)) { out$f_anova <- a[2, "F value"]; out$p_anova <- a[2, "p value"] }

  # (b) drc's likelihood-ratio test of no effect
  ne <- noEffect(f)
  out$noeffect_chisq <- ne[["Chi-square test"]]; out$noeffect_df <- ne[["Df"]]; out$noeffect_p <- ne[["p-value"]]

  # (c) the F test of the fit inside ic50's box
  out$rss_curve_box <- bx[["rss"]]; out$hill_box <- bx[["hill"]]; out$log10_ic50_box <- bx[["theta"]]
  fb <- ((rss_const - bx[["rss"]]) / (df_const - df_curve)) / (bx[["rss"]] / df_curve)
  out$flat_p_box <- pf(fb, df_const - df_curve, df_curve, lower.tail = FALSE)
  out$converged <- TRUE
  out
}

ids <- unique(d$curve_id)
# (drc warns "NaNs produced" in its summary of degenerate fits -- the flat ones -- silenced here.)
rows <- suppressWarnings(lapply(ids, function(id) as.data.frame(row_for(id, d[d$curve_id == id, c("conc", "response")]),
                                                                stringsAsFactors = FALSE)))
res <- do.call(rbind, rows)[, cols]
write.csv(res, args[2], row.names = FALSE, quote = FALSE, na = "NaN")
message(R.version.string, ", drc ", packageDescription("drc")$Version)
