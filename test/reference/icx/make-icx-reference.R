# make-icx-reference.R -- ICx (drc ED) reference values for LL.3, LL.4 and LL.5 fits.
#
# Usage: Rscript make-icx-reference.R IN.csv OUT.csv
#   IN.csv : curve_id,conc,response (conc in nM > 0, response in % viability)
#   OUT.csv: one row per (curve_id, model); columns listed in `cols` below and in README.md.
#   Also writes versions.txt next to OUT.csv.
#
# Models (drc's e-on-dose-scale parameterisations, so ED() returns doses in nM):
#   LL.4(): f(x) = c + (d - c) / (1 + exp(b (log x - log e)))
#   LL.3(): the same with c fixed at 0
#   LL.5(): f(x) = c + (d - c) / (1 + exp(b (log x - log e)))^f
#   Reported as hill = b, bottom = c, top = d, e = e, asymmetry = f (as drc reports them; no swap).
# Why LL.x and not LL2.x: for LL2.x (e = log ED50) drc's ED() returns the natural log of the
#   dose and its SE on that scale; with LL.x everything below is on the nM scale.
#
# Fitting (lowest RSS kept, then polished): for each model, drc's self-starter and explicit
#   starts -- the LL2.x self-start fits (both controls) carried to LL.x (e -> exp(e)), a generic start
#   (b = 1, c = min y, d = max y, e = geometric mean conc), and starts from the best LL.4 fit
#   (LL.3: its b, d, e; LL.5: f = 0.3, 1, 3 with e moved to keep the LL.4 ED50) -- each under
#   the four drmc() settings of ../make-drc-reference.R (defaults and relTol = 1e-12, maxIt = 5000,
#   each with useD = FALSE/TRUE). The best fit is then refitted from its own estimates with
#   relTol = 1e-14 (useD = FALSE, then TRUE); a refit is kept only if its RSS is lower
#   (`start` says which start and control won, "+polish-*" if a refit improved it).
#
# ICx, our convention: icP (relative) = the dose where the fitted curve has fallen P % of the way
#   from the response at zero dose (top) to the response at infinite dose, so ic20 < ic50 < ic80
#   for a falling curve. That is drc's ED(fit, P, type = "relative") with its default
#   reference = "control" (drc swaps P -> 100 - P itself when b < 0). icP_abs = the dose where the
#   curve crosses 100 - P % viability: ED(fit, 100 - P, type = "absolute"); NA where the curve
#   never reaches it. interval = "delta": *_lower/_upper = est -/+ qt(0.975, df) * se on the nM
#   scale. *_log10 = log10(est); *_log10_se = se / (est * log(10)) (delta method for log10 ED).
#   *_log10_se_gn: the same with the Gauss-Newton covariance s^2 (J'J)^-1 (analytic Jacobian
#   from the model's deriv1 at the optimum; s^2 = RSS / df) passed to ED() as vcov., which is
#   what Levenberg-Marquardt tools report; drc's own se uses vcov() = a numerical Hessian.
# Every estimate is checked by predict(): the curve at icP must be top - P/100 (top - bottom'),
#   resp. 100 - P; `check_max_abs` is the largest deviation in % viability.
suppressPackageStartupMessages(library(drc))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript make-icx-reference.R IN.csv OUT.csv")
d <- read.csv(args[1], stringsAsFactors = FALSE)
d <- d[is.finite(d$conc) & is.finite(d$response) & d$conc > 0, ]

P <- c(20, 50, 80, 90)
rel_cols <- unlist(lapply(P, function(p) paste0("ic", p, c("", "_se", "_lower", "_upper", "_log10",
                                                           "_log10_se", "_log10_se_gn"))))
abs_cols <- unlist(lapply(P, function(p) paste0("ic", p, "_abs", c("", "_se", "_lower", "_upper",
                                                                   "_log10_se", "_log10_se_gn"))))
cols <- c("curve_id", "model", "start", "n", "df_residual", "rss", "sigma", "hill", "bottom", "top",
          "e", "asymmetry", "hill_se", "bottom_se", "top_se", "e_se", "asymmetry_se", "converged",
          rel_cols, abs_cols, "check_max_abs")

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

gn_vcov <- function(fit, cd) {
  p <- coef(fit)
  J <- fit$fct$deriv1(cd$conc, matrix(p, nrow(cd), length(p), byrow = TRUE))
  s2 <- rss_of(fit) / df.residual(fit)
  V <- tryCatch(s2 * solve(crossprod(J)), error = function(e) matrix(NaN, length(p), length(p)))
  dimnames(V) <- list(names(p), names(p)); V
}

ed_table <- function(fit, lev, type, vc) {
  r <- tryCatch(suppressWarnings(ED(fit, lev, type = type, interval = "delta", display = FALSE, vcov. = vc)),
                error = function(e) NULL)
  if (is.null(r)) r <- matrix(NaN, length(lev), 4)
  r
}

row_for <- function(id, cd, model, best4) {
  out <- setNames(as.list(rep(NA, length(cols))), cols)
  out$curve_id <- id; out$model <- model; out$n <- nrow(cd); out$converged <- FALSE
  r <- fit_model(cd, model, best4)
  if (is.null(r)) return(list(row = out, fit = NULL))
  fit <- r$fit; p <- coef(fit); names(p) <- sub(":.*", "", names(p))
  se <- sqrt(diag(vcov(fit))); names(se) <- names(p)
  pick <- function(v, nm, dflt) if (nm %in% names(v)) v[[nm]] else dflt
  out$start <- r$label; out$df_residual <- df.residual(fit); out$rss <- rss_of(fit)
  out$sigma <- sqrt(out$rss / out$df_residual)
  out$hill <- p[["b"]]; out$bottom <- pick(p, "c", 0); out$top <- p[["d"]]; out$e <- p[["e"]]
  out$asymmetry <- pick(p, "f", 1)
  out$hill_se <- se[["b"]]; out$bottom_se <- pick(se, "c", NA); out$top_se <- se[["d"]]
  out$e_se <- se[["e"]]; out$asymmetry_se <- pick(se, "f", NA)
  out$converged <- TRUE
  Vgn <- gn_vcov(fit, cd); vgn <- function(o) Vgn
  rel <- ed_table(fit, P, "relative", vcov); rel_gn <- ed_table(fit, P, "relative", vgn)
  ab <- ed_table(fit, 100 - P, "absolute", vcov); ab_gn <- ed_table(fit, 100 - P, "absolute", vgn)
  y0 <- predict(fit, data.frame(conc = 1e-300)); yinf <- predict(fit, data.frame(conc = 1e300))
  chk <- 0
  for (i in seq_along(P)) {
    pre <- paste0("ic", P[i])
    est <- rel[i, 1]
    if (!is.finite(est) || est <= 0) est <- NA
    out[[pre]] <- est; out[[paste0(pre, "_se")]] <- if (is.na(est)) NA else rel[i, 2]
    out[[paste0(pre, "_lower")]] <- if (is.na(est)) NA else rel[i, 3]
    out[[paste0(pre, "_upper")]] <- if (is.na(est)) NA else rel[i, 4]
    out[[paste0(pre, "_log10")]] <- log10(est)
    out[[paste0(pre, "_log10_se")]] <- rel[i, 2] / (est * log(10))
    out[[paste0(pre, "_log10_se_gn")]] <- rel_gn[i, 2] / (est * log(10))
    if (!is.na(est)) chk <- max(chk, abs(predict(fit, data.frame(conc = est)) - (y0 - P[i] / 100 * (y0 - yinf))))
    pa <- paste0(pre, "_abs")
    ea <- ab[i, 1]
    if (!is.finite(ea) || ea <= 0) ea <- NA
    out[[pa]] <- ea
    out[[paste0(pa, "_se")]] <- if (is.na(ea)) NA else ab[i, 2]
    out[[paste0(pa, "_lower")]] <- if (is.na(ea)) NA else ab[i, 3]
    out[[paste0(pa, "_upper")]] <- if (is.na(ea)) NA else ab[i, 4]
    out[[paste0(pa, "_log10_se")]] <- if (is.na(ea)) NA else ab[i, 2] / (ea * log(10))
    out[[paste0(pa, "_log10_se_gn")]] <- if (is.na(ea)) NA else ab_gn[i, 2] / (ea * log(10))
    if (!is.na(ea)) chk <- max(chk, abs(predict(fit, data.frame(conc = ea)) - (100 - P[i])))
  }
  out$check_max_abs <- chk
  list(row = out, fit = fit)
}

rows <- list()
for (id in unique(d$curve_id)) {
  cd <- d[d$curve_id == id, c("conc", "response")]
  r4 <- row_for(id, cd, "LL.4", NULL)
  r3 <- row_for(id, cd, "LL.3", r4$fit)
  r5 <- row_for(id, cd, "LL.5", r4$fit)
  for (r in list(r3, r4, r5)) rows[[length(rows) + 1]] <- as.data.frame(r$row, stringsAsFactors = FALSE)
}
res <- do.call(rbind, rows)[, cols]
if (any(res$check_max_abs > 1e-6, na.rm = TRUE)) warning("an ED estimate does not reproduce its response level")
write.csv(res, args[2], row.names = FALSE, quote = FALSE, na = "NA")
writeLines(c(paste("R:", R.version.string), paste("drc:", packageDescription("drc")$Version),
             paste("MASS:", packageDescription("MASS")$Version),
             "script: make-icx-reference.R (LL.3(), LL.4(), LL.5(); lowest RSS of several starts, see header)"),
           file.path(dirname(args[2]), "versions.txt"))
