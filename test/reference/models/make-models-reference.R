# make-models-reference.R -- LL.3 vs LL.4 vs LL.5 model comparison by drc.
#
# Usage:
#   Rscript make-models-reference.R IN.csv OUTPREFIX
#     IN.csv: curve_id,conc,response. Writes OUTPREFIX-fits.csv (one row per curve and model),
#     OUTPREFIX-tests.csv (one row per curve and nested test) and versions.txt next to them.
#   Rscript make-models-reference.R --synthetic OUT.csv
#     Writes 4 asymmetric curves from drc's LL.5 form, f(x) = c + (d - c)/(1 + (x/e)^b)^f, with
#     f = 0.3 and 3, hill b = 1 and 2.5, bottom 5, top 100, e chosen so that the relative ED50 is
#     100 nM; 10 concentrations 3-fold from 10,000 nM x 3; N(0, 2.5^2) noise; set.seed(20261207).
#     curve_id = "asym_f<f>_b<b>".
#
# Fits: LL.3() (c = 0), LL.4(), LL.5(), each the lowest-RSS fit over the starts and drmc()
#   settings of ../icx/make-icx-reference.R (the same code, repeated here so the script stands
#   alone), polished with relTol = 1e-14.
# Information criteria (drc's logLik: Gaussian, sigma^2 = RSS/n, with df = p + 1):
#   p = number of curve parameters (3, 4, 5); k = p + 1 counts the residual variance too.
#   aic = AIC(fit) = -2 logLik + 2k = n log(2 pi RSS/n) + n + 2k; bic = BIC(fit) (k log n);
#   aicc = aic + 2k(k + 1)/(n - k - 1), with the same k.
# Tests: drc's anova(reduced, full): LL.4 vs LL.5 (f = 1) and LL.3 vs LL.4 (c = 0);
#   F = ((RSS_r - RSS_f)/(df_r - df_f))/(RSS_f/df_f); p_drc = drc's (1 - pf), p_exact = pf(...,
#   lower.tail = FALSE).
# mselect_*: drc's mselect(LL.4 fit, fctList = list(LL.3(), LL.5()), linreg = FALSE): its "IC"
#   (AIC by default) and "Lack of fit" p (ANOVA against one mean per concentration) and "Res var".
#   mselect is given drc's default LL.4 fit and refits the others with drc's defaults, so its IC
#   can differ from `aic` where a default fit stops short of the lowest-RSS fit (NA: that
#   default refit failed).
suppressPackageStartupMessages(library(drc))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) == 2 && args[1] == "--synthetic") {
  set.seed(20261207)
  conc <- rep(10000 / 3^(0:9), each = 3)
  out <- list()
  for (f in c(0.3, 3)) for (b in c(1, 2.5)) {
    e <- 100 / (2^(1 / f) - 1)^(1 / b)           # relative ED50 = e (2^(1/f) - 1)^(1/b) = 100
    y <- 5 + 95 / (1 + (conc / e)^b)^f + rnorm(length(conc), 0, 2.5)
    out[[length(out) + 1]] <- data.frame(curve_id = sprintf("asym_f%s_b%s", f, b), conc = conc, response = y)
  }
  write.csv(do.call(rbind, out), args[2], row.names = FALSE, quote = FALSE)
  quit(save = "no")
}
if (length(args) != 2) stop("usage: see header")
d <- read.csv(args[1], stringsAsFactors = FALSE)
d <- d[is.finite(d$conc) & is.finite(d$response) & d$conc > 0, ]
prefix <- args[2]

controls <- list(default = drmc(noMessage = TRUE), useD = drmc(useD = TRUE, noMessage = TRUE),
                 tight = drmc(relTol = 1e-12, maxIt = 5000, noMessage = TRUE),
                 tightD = drmc(relTol = 1e-12, maxIt = 5000, useD = TRUE, noMessage = TRUE))
polish <- list(tight = drmc(relTol = 1e-14, maxIt = 5000, noMessage = TRUE),
               tightD = drmc(relTol = 1e-14, maxIt = 5000, useD = TRUE, noMessage = TRUE))
fct_of <- function(model) switch(model, LL.3 = LL.3(), LL.4 = LL.4(), LL.5 = LL.5())
fct2_of <- function(model) switch(model, LL.3 = LL2.3(), LL.4 = LL2.4(), LL.5 = LL2.5())
rss_of <- function(f) sum(residuals(f)^2)
# a usable fit: coefficients, residuals and a vcov() with a finite positive diagonal (a drc refit
# with useD = TRUE can come back with an all-zero Hessian-based vcov)
usable <- function(f, n) !is.null(f) && length(coef(f)) > 0 && length(residuals(f)) == n &&
  is.finite(rss_of(f)) && isTRUE(all(is.finite(diag(vcov(f))) & diag(vcov(f)) > 0))

fit_model <- function(cd, model, best4) {
  fits <- list(); labels <- character()
  try_fit <- function(label, start) {
    for (cn in names(controls)) {
      f <- tryCatch(if (is.null(start)) drm(response ~ conc, data = cd, fct = fct_of(model), control = controls[[cn]])
                    else drm(response ~ conc, data = cd, fct = fct_of(model), control = controls[[cn]], start = start),
                    error = function(e) NULL)
      if (usable(f, nrow(cd))) {
        fits[[length(fits) + 1]] <<- f; labels[length(labels) + 1] <<- paste0(label, "/", cn)
      }
    }
  }
  try_fit("selfstart", NULL)
  for (cn in names(controls)) {
    f2 <- tryCatch(drm(response ~ conc, data = cd, fct = fct2_of(model), control = controls[[cn]]),
                   error = function(e) NULL)
    if (!is.null(f2)) {
      p2 <- coef(f2); ie <- if (model == "LL.3") 3 else 4
      p2[ie] <- exp(p2[ie]); try_fit(paste0("LL2-selfstart-", cn), unname(p2))
    }
  }
  g <- exp(mean(log(cd$conc))); y <- cd$response
  try_fit("generic", switch(model, LL.3 = c(1, max(y), g), LL.4 = c(1, min(y), max(y), g),
                            LL.5 = c(1, min(y), max(y), g, 1)))
  if (!is.null(best4)) {
    p4 <- unname(coef(best4))    # b, c, d, e
    if (model == "LL.3") try_fit("from-LL.4", c(p4[1], p4[3], p4[4]))
    if (model == "LL.5") for (f0 in c(0.3, 1, 3))
      try_fit(paste0("from-LL.4-f", f0), c(p4[1], p4[2], p4[3], p4[4] / (2^(1 / f0) - 1)^(1 / p4[1]), f0))
  }
  if (length(fits) == 0) return(NULL)
  k <- which.min(sapply(fits, rss_of)); best <- fits[[k]]; label <- labels[k]
  for (pn in names(polish)) {
    pol <- tryCatch(drm(response ~ conc, data = cd, fct = fct_of(model), start = unname(coef(best)),
                        control = polish[[pn]]), error = function(e) NULL)
    if (usable(pol, nrow(cd)) && rss_of(pol) < rss_of(best)) { best <- pol; label <- paste0(label, "+polish-", pn) }
  }
  list(fit = best, label = label)
}


fit_rows <- list(); test_rows <- list()
for (id in unique(d$curve_id)) {
  cd <- d[d$curve_id == id, c("conc", "response")]
  n <- nrow(cd)
  r4 <- fit_model(cd, "LL.4", NULL)
  fits <- list(LL.3 = fit_model(cd, "LL.3", r4$fit), LL.4 = r4, LL.5 = fit_model(cd, "LL.5", r4$fit))
  # mselect() refits through update(), which needs the data at top level and no start values:
  # give it drc's default LL.4 fit made here.
  f0 <- tryCatch(drm(response ~ conc, data = cd, fct = LL.4()), error = function(e) NULL)
  ms <- if (is.null(f0)) NULL else tryCatch(mselect(f0, fctList = list(LL.3(), LL.5()), linreg = FALSE),
                                            error = function(e) NULL)
  for (m in names(fits)) {
    f <- fits[[m]]$fit
    p <- length(coef(f)); k <- p + 1
    ll <- logLik(f); stopifnot(attr(ll, "df") == k)
    aic <- AIC(f)
    fit_rows[[length(fit_rows) + 1]] <- data.frame(curve_id = id, model = m, start = fits[[m]]$label,
      n = n, n_parameters = p, k_aic = k, rss = rss_of(f), df_residual = df.residual(f),
      loglik = as.numeric(ll), aic = aic, aicc = aic + 2 * k * (k + 1) / (n - k - 1), bic = BIC(f),
      mselect_ic = if (is.null(ms)) NA else ms[m, "IC"],
      mselect_lack_of_fit_p = if (is.null(ms)) NA else ms[m, "Lack of fit"],
      mselect_res_var = if (is.null(ms)) NA else ms[m, "Res var"], stringsAsFactors = FALSE)
  }
  for (pr in list(c("LL.4", "LL.5"), c("LL.3", "LL.4"))) {
    a <- anova(fits[[pr[1]]]$fit, fits[[pr[2]]]$fit, details = FALSE)
    fv <- a[["F value"]][2]; df1 <- a$Df[2]; df2 <- a$ModelDf[2]
    test_rows[[length(test_rows) + 1]] <- data.frame(curve_id = id, reduced = pr[1], full = pr[2],
      rss_reduced = a$RSS[1], df_reduced = a$ModelDf[1], rss_full = a$RSS[2], df_full = a$ModelDf[2],
      f = fv, df1 = df1, df2 = df2, p_drc = a[["p value"]][2],
      p_exact = pf(fv, df1, df2, lower.tail = FALSE), stringsAsFactors = FALSE)
  }
}
write.csv(do.call(rbind, fit_rows), paste0(prefix, "-fits.csv"), row.names = FALSE, quote = FALSE, na = "NA")
write.csv(do.call(rbind, test_rows), paste0(prefix, "-tests.csv"), row.names = FALSE, quote = FALSE, na = "NA")
writeLines(c(paste("R:", R.version.string), paste("drc:", packageDescription("drc")$Version),
             "script: make-models-reference.R (LL.3/LL.4/LL.5, lowest RSS of the icx starts; anova, AIC, mselect)"),
           file.path(dirname(prefix), "versions.txt"))
