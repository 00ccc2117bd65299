# make-shared-reference.R -- global (joint) LL.4 fits with shared parameters, by drc.
#
# Usage:
#   Rscript make-shared-reference.R CURVES.csv REFERENCE_LINE OUTPREFIX
#     CURVES.csv: curve_id,conc,response with curve_id = "<line>|<group>" (mm1s: group = compound).
#     For every group, the lines are fitted jointly with drm(response ~ conc, curveid = line,
#     fct = LL.4(), pmodels = ...) in three models (LL.4 parameters b = hill, c = bottom, d = top,
#     e = IC50 in conc units):
#       hill_shared      pmodels = data.frame(1, line, line, line)   one b, per-line c, d, e
#       hill_top_shared  pmodels = data.frame(1, line, 1, line)      one b and d, per-line c, e
#       separate         pmodels = data.frame(line, line, line, line)
#     Writes OUTPREFIX-fits.csv, OUTPREFIX-rf.csv, OUTPREFIX-ftest.csv (columns in README.md) and
#     versions.txt next to them.
#   Rscript make-shared-reference.R --synthetic OUT.csv
#     Writes the synthetic curves (R's set.seed(20261206), rnorm): lines "shallow" (hill 0.8,
#     IC50 100 nM) and "steep" (hill 3, IC50 200 nM), both top 100, bottom 5, 10 concentrations
#     (3-fold from 10,000 nM) x 3, normal noise sd 3; group "synthetic".
#
# Fitting: drc's self-starter and a start built from separate per-line LL.4 fits (shared
#   parameters: the mean over lines), each under the four drmc() settings of
#   ../make-drc-reference.R; lowest RSS kept, then refitted from its estimates with relTol = 1e-14
#   (useD = FALSE, TRUE) and the refit kept if its RSS is lower. (drc 3.0-1's useD = TRUE fails
#   with shared parameters -- "gradient in optim evaluated to length 12 not 8" -- and is skipped.)
# Uncertainty: *_se from drc (vcov(): numerical Hessian). *_se_gn: the same quantity with the
#   Gauss-Newton covariance s^2 (J'J)^-1 (analytic LL.4 Jacobian, s^2 = RSS/df) passed as vcov.
# IC50 = ED(fit, 50, type = "relative", interval = "delta"); for LL.4 this is e.
# RF = IC50(line) / IC50(REFERENCE_LINE), from EDcomp(fit, c(50, 50), interval = "delta",
#   and reverse = TRUE, the "line/REFERENCE_LINE" row) (estimate, delta CI with t(0.975, df)) and
#   compParm(fit, "e", "/") (SE, t, p of RF = 1). The factor levels are ordered with the reference
#   line last so that compParm's ratios have it as the denominator.
# F test: anova(reduced, full) from drc (F, df, p); p_exact = pf(F, df1, df2, lower.tail = FALSE)
#   because drc's p is 1 - pf (0 below ~1e-16).
suppressPackageStartupMessages(library(drc))

args <- commandArgs(trailingOnly = TRUE)

if (length(args) == 2 && args[1] == "--synthetic") {
  set.seed(20261206)
  conc <- rep(10000 / 3^(0:9), each = 3)
  ll4 <- function(x, b, c, d, e) c + (d - c) / (1 + exp(b * (log(x) - log(e))))
  out <- rbind(
    data.frame(curve_id = "shallow|synthetic", conc = conc,
               response = ll4(conc, 0.8, 5, 100, 100) + rnorm(length(conc), 0, 3)),
    data.frame(curve_id = "steep|synthetic", conc = conc,
               response = ll4(conc, 3, 5, 100, 200) + rnorm(length(conc), 0, 3)))
  write.csv(out, args[2], row.names = FALSE, quote = FALSE)
  quit(save = "no")
}
if (length(args) != 3) stop("usage: see header")
d <- read.csv(args[1], stringsAsFactors = FALSE)
d <- d[is.finite(d$conc) & is.finite(d$response) & d$conc > 0, ]
ref <- args[2]; prefix <- args[3]
d$line <- sub("\\|.*$", "", d$curve_id); d$group <- sub("^.*\\|", "", d$curve_id)

controls <- list(drmc(noMessage = TRUE), drmc(useD = TRUE, noMessage = TRUE),
                 drmc(relTol = 1e-12, maxIt = 5000, noMessage = TRUE),
                 drmc(relTol = 1e-12, maxIt = 5000, useD = TRUE, noMessage = TRUE))
models <- list(hill_shared = c(TRUE, FALSE, FALSE, FALSE), hill_top_shared = c(TRUE, FALSE, TRUE, FALSE),
               separate = c(FALSE, FALSE, FALSE, FALSE))
pnames <- c("b", "c", "d", "e")
rss_of <- function(f) sum(residuals(f)^2)
# a usable fit: coefficients, residuals and a vcov() with a finite positive diagonal (drc sometimes
# returns a fit with an all-zero Hessian-based vcov)
usable <- function(f, n) !is.null(f) && length(coef(f)) > 0 && length(residuals(f)) == n &&
  is.finite(rss_of(f)) && all(is.finite(diag(vcov(f))) & diag(vcov(f)) > 0)

fit_joint <- function(gd, shared) {
  pm <- lapply(shared, function(s) if (s) rep(1, nrow(gd)) else gd$line)
  pm <- as.data.frame(setNames(pm, pnames))
  gd$pm <- NULL
  # start from separate fits: order = coef order (b, c, d, e; levels within)
  sep <- lapply(levels(gd$line), function(l) coef(drm(response ~ conc, data = gd[gd$line == l, ],
                                                      fct = LL.4(), control = drmc(noMessage = TRUE))))
  P <- do.call(rbind, sep)
  st <- unlist(lapply(1:4, function(j) if (shared[j]) mean(P[, j]) else P[, j]))
  fits <- list()
  for (ctl in controls) for (s in list(NULL, st)) {
    f <- tryCatch(if (is.null(s)) drm(response ~ conc, curveid = line, data = gd, fct = LL.4(), pmodels = pm, control = ctl)
                  else drm(response ~ conc, curveid = line, data = gd, fct = LL.4(), pmodels = pm, control = ctl, start = s),
                  error = function(e) NULL)
    if (usable(f, nrow(gd))) fits[[length(fits) + 1]] <- f
  }
  best <- fits[[which.min(sapply(fits, rss_of))]]
  for (ctl in list(drmc(relTol = 1e-14, maxIt = 5000, noMessage = TRUE),
                   drmc(relTol = 1e-14, maxIt = 5000, useD = TRUE, noMessage = TRUE))) {
    f <- tryCatch(drm(response ~ conc, curveid = line, data = gd, fct = LL.4(), pmodels = pm, control = ctl,
                      start = unname(coef(best))), error = function(e) NULL)
    if (usable(f, nrow(gd)) && rss_of(f) < rss_of(best)) best <- f
  }
  best
}

gn_vcov <- function(fit, gd) {
  cf <- coef(fit); nm <- names(cf)
  par <- sub(":.*$", "", nm); lev <- sub("^[^:]*:", "", nm)
  # per-row parameter matrix
  M <- matrix(NA_real_, nrow(gd), 4, dimnames = list(NULL, pnames))
  for (k in seq_along(cf)) {
    rows <- if (lev[k] == "(Intercept)") rep(TRUE, nrow(gd)) else gd$line == lev[k]
    M[rows, par[k]] <- cf[[k]]
  }
  if (anyNA(M)) stop("coefficients not mapped to lines: ", paste(names(cf), collapse = " "))
  D <- LL.4()$deriv1(gd$conc, M)
  J <- sapply(seq_along(cf), function(k) {
    rows <- if (lev[k] == "(Intercept)") rep(TRUE, nrow(gd)) else gd$line == lev[k]
    D[, match(par[k], pnames)] * rows
  })
  stopifnot(max(abs(LL.4()$fct(gd$conc, M) - fitted(fit))) < 1e-8 * max(1, abs(fitted(fit))))
  V <- rss_of(fit) / df.residual(fit) * solve(crossprod(J))
  dimnames(V) <- list(nm, nm); V
}

fit_rows <- list(); rf_rows <- list(); ft_rows <- list()
for (g in unique(d$group)) {
  gd <- d[d$group == g, c("line", "conc", "response")]
  lv <- unique(gd$line); lv <- c(setdiff(lv, ref), intersect(lv, ref))
  if (!(ref %in% lv)) stop("reference line ", ref, " not in group ", g)
  gd$line <- factor(gd$line, levels = lv)
  fits <- list()
  for (mn in names(models)) {
    fit <- fit_joint(gd, models[[mn]]); fits[[mn]] <- fit
    Vgn <- gn_vcov(fit, gd); vgn <- function(o) Vgn
    ed <- ED(fit, 50, interval = "delta", display = FALSE)
    edgn <- ED(fit, 50, interval = "delta", display = FALSE, vcov. = vgn)
    cf <- coef(fit); se <- setNames(sqrt(diag(vcov(fit))), names(cf))
    getp <- function(v, p, l) { k <- which(names(v) %in% c(paste0(p, ":", l), paste0(p, ":(Intercept)"))); v[[k]] }
    shared_txt <- paste(c("hill", "bottom", "top", "ic50")[models[[mn]]], collapse = "+")
    for (l in lv) {
      i <- which(rownames(ed) == paste0("e:", l, ":50")); stopifnot(length(i) == 1)
      stopifnot(rownames(edgn)[i] == rownames(ed)[i])
      fit_rows[[length(fit_rows) + 1]] <- data.frame(group = g, model = mn,
        shared = if (nchar(shared_txt)) shared_txt else "none", line = l, n = sum(gd$line == l),
        ic50 = ed[i, 1], ic50_se = ed[i, 2], ic50_lower = ed[i, 3], ic50_upper = ed[i, 4],
        ic50_log10 = log10(ed[i, 1]), ic50_log10_se = ed[i, 2] / (ed[i, 1] * log(10)),
        ic50_log10_se_gn = edgn[i, 2] / (ed[i, 1] * log(10)),
        hill = getp(cf, "b", l), hill_se = getp(se, "b", l), bottom = getp(cf, "c", l),
        bottom_se = getp(se, "c", l), top = getp(cf, "d", l), top_se = getp(se, "d", l),
        rss = rss_of(fit), df_residual = df.residual(fit), n_parameters = length(cf),
        sigma = sqrt(rss_of(fit) / df.residual(fit)), stringsAsFactors = FALSE)
    }
    # RF = IC50(line)/IC50(ref): ref is the last level, so drc's "A/B" pairs with B = ref are ours.
    # EDcomp orders its pairs by its own rule (not the factor levels): take both directions and
    # look the "line/ref" row up by name.
    ec <- rbind(EDcomp(fit, c(50, 50), interval = "delta", display = FALSE),
                EDcomp(fit, c(50, 50), interval = "delta", display = FALSE, reverse = TRUE))
    cp <- compParm(fit, "e", "/", display = FALSE)
    cpgn <- compParm(fit, "e", "/", display = FALSE, vcov. = vgn)
    for (l in setdiff(lv, ref)) {
      kn <- paste0(l, "/", ref)
      ke <- which(rownames(ec) == paste0(kn, ":50/50")); kc <- which(rownames(cp) == kn)
      rf <- cp[kc, 1]
      rf_rows[[length(rf_rows) + 1]] <- data.frame(group = g, model = mn, line = l, reference = ref,
        rf = rf, rf_se = cp[kc, 2], rf_lower = ec[ke, 2], rf_upper = ec[ke, 3],
        rf_edcomp = ec[ke, 1], t_rf_eq_1 = cp[kc, 3], p_rf_eq_1 = cp[kc, 4],
        log10_rf = log10(rf), log10_rf_se = cp[kc, 2] / (rf * log(10)),
        rf_se_gn = cpgn[kc, 2], log10_rf_se_gn = cpgn[kc, 2] / (rf * log(10)),
        df_residual = df.residual(fit), stringsAsFactors = FALSE)
    }
  }
  for (pr in list(c("hill_shared", "separate"), c("hill_top_shared", "separate"),
                  c("hill_top_shared", "hill_shared"))) {
    a <- anova(fits[[pr[1]]], fits[[pr[2]]], details = FALSE)
    f <- a[["F value"]][2]; df1 <- a$Df[2]; df2 <- a$ModelDf[2]
    ft_rows[[length(ft_rows) + 1]] <- data.frame(group = g, reduced = pr[1], full = pr[2],
      rss_reduced = a$RSS[1], df_reduced = a$ModelDf[1], rss_full = a$RSS[2], df_full = a$ModelDf[2],
      f = f, df1 = df1, df2 = df2, p_drc = a[["p value"]][2],
      p_exact = pf(f, df1, df2, lower.tail = FALSE),
      f_check = ((a$RSS[1] - a$RSS[2]) / df1) / (a$RSS[2] / df2), stringsAsFactors = FALSE)
  }
}
w <- function(x, suffix) write.csv(do.call(rbind, x), paste0(prefix, suffix), row.names = FALSE, quote = FALSE, na = "NA")
w(fit_rows, "-fits.csv"); w(rf_rows, "-rf.csv"); w(ft_rows, "-ftest.csv")
writeLines(c(paste("R:", R.version.string), paste("drc:", packageDescription("drc")$Version),
             paste("multcomp:", packageDescription("multcomp")$Version),
             "script: make-shared-reference.R (joint LL.4 fits, pmodels as data frames; lowest RSS of 8 starts/controls)"),
           file.path(dirname(prefix), "versions.txt"))
