# make-profile-reference.R -- profile-likelihood CIs of log10 IC50 and the extra-sum-of-squares
# F test "do two IC50s differ?", computed in R independently of the TypeScript code.
#
# Usage: Rscript make-profile-reference.R CURVES.csv PAIRS.csv PROFILE_OUT.csv FTEST_OUT.csv [N]
#   CURVES.csv: curve_id,conc,response (conc > 0); the first N curves (default all) are profiled.
#   PAIRS.csv : a,b  (curve ids) for the F test.
#
# Model (on u = log10 conc): y = bottom + (top - bottom) * s,  s = 1 / (1 + 10^(hill * (u - theta))),
#   theta = log10 IC50 (in the unit of conc). hill is searched in [0.05, 30] (ic50's default box).
#
# Profile RSS(theta): for fixed (theta, hill) top and bottom are linear, solved by lm.fit; hill by a
#   60-point grid on log(hill) and optimize() (golden section + parabolic, tol 1e-12) around the
#   best grid point. RSS_min = min over theta of profile(theta) (optimize() around drc's LL2.4 fit).
# Profile CI: { theta : profile(theta) <= RSS_min * (1 + qf(level, 1, n - 4) / (n - 4)) }
#   (Bates & Watts 1988, sec. 6.1); each bound by stepping outward from the optimum (0.02 decades,
#   x1.5) until the profile exceeds the threshold, then uniroot(tol = 1e-12). No bound inside
#   [min u - 3, max u + 3] -> Inf. Check column rss_drc_*: drc's drm(fct = LL2.4(fixed = c(NA, NA, NA, e)))
#   RSS at each bound (should equal the threshold).
# F test: full = separate curves, reduced = one theta shared (hill, top, bottom per curve).
#   rss_shared = min over theta of profile_a(theta) + profile_b(theta) (grid of 81 + optimize());
#   F = (rss_shared - rss_sep) / (rss_sep / (n_a + n_b - 8)), p = pf(F, 1, df, lower = FALSE).
#   Also drc: drm(response ~ conc, curveid, fct = LL2.4()) vs the same with
#   pmodels = data.frame(curve, curve, curve, 1) (e shared), anova(reduced, full): columns *_drc.
suppressPackageStartupMessages(library(drc))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 4) stop("usage: Rscript make-profile-reference.R CURVES.csv PAIRS.csv PROFILE_OUT.csv FTEST_OUT.csv [N]")
d <- read.csv(args[1], stringsAsFactors = FALSE)
d <- d[is.finite(d$conc) & is.finite(d$response) & d$conc > 0, ]
pairs <- read.csv(args[2], stringsAsFactors = FALSE)
ids <- unique(d$curve_id)
if (length(args) >= 5) ids <- head(ids, as.integer(args[5]))
level <- 0.95
HILL <- c(0.05, 30)

rss_at <- function(u, y, theta, hill) {
  s <- 1 / (1 + 10^(hill * (u - theta)))
  sum(lm.fit(cbind(s, 1 - s), y)$residuals^2)
}
profile_fit <- function(u, y, theta) {
  g <- exp(seq(log(HILL[1]), log(HILL[2]), length.out = 60))
  r <- sapply(g, function(h) rss_at(u, y, theta, h))
  k <- which.min(r)
  lo <- log(g[max(1, k - 1)]); hi <- log(g[min(60, k + 1)])
  o <- optimize(function(lh) rss_at(u, y, theta, exp(lh)), c(lo, hi), tol = 1e-12)
  if (o$objective < r[k]) c(rss = o$objective, hill = exp(o$minimum)) else c(rss = r[k], hill = g[k])
}
profile_rss <- function(u, y, theta) profile_fit(u, y, theta)[["rss"]]

drc_fit <- function(cd) {
  f <- tryCatch(drm(response ~ conc, data = cd, fct = LL2.4(), control = drmc(relTol = 1e-12, maxIt = 5000, noMessage = TRUE)),
                error = function(e) NULL)
  if (is.null(f)) f <- drm(response ~ conc, data = cd, fct = LL2.4(), control = drmc(noMessage = TRUE))
  f
}
drc_fixed_rss <- function(cd, theta) {
  tryCatch({
    f <- drm(response ~ conc, data = cd, fct = LL2.4(fixed = c(NA, NA, NA, theta * log(10))),
             control = drmc(relTol = 1e-12, maxIt = 5000, noMessage = TRUE))
    sum(residuals(f)^2)
  }, error = function(e) NaN)
}

optimum <- function(cd) {
  u <- log10(cd$conc); y <- cd$response
  f <- drc_fit(cd)
  t0 <- coef(f)[["e:(Intercept)"]] / log(10)
  o <- optimize(function(t) profile_rss(u, y, t), c(t0 - 0.05, t0 + 0.05), tol = 1e-12)
  list(theta = o$minimum, rss = o$objective, hill = profile_fit(u, y, o$minimum)[["hill"]])
}

rows <- list()
for (id in ids) {
  cd <- d[d$curve_id == id, ]
  u <- log10(cd$conc); y <- cd$response; n <- nrow(cd); df <- n - 4
  opt <- optimum(cd)
  thr <- opt$rss * (1 + qf(level, 1, df) / df)
  window <- c(min(u) - 3, max(u) + 3)
  bound <- function(dir) {
    inside <- opt$theta; step <- 0.02
    repeat {
      nxt <- if (dir > 0) min(window[2], inside + step) else max(window[1], inside - step)
      if (profile_rss(u, y, nxt) > thr) break
      if (nxt == window[if (dir > 0) 2 else 1]) return(dir * Inf)
      inside <- nxt; step <- step * 1.5
    }
    uniroot(function(t) profile_rss(u, y, t) - thr, sort(c(inside, nxt)), tol = 1e-12)$root
  }
  lo <- bound(-1); hi <- bound(1)
  rows[[length(rows) + 1]] <- data.frame(
    curve_id = id, n = n, log10_ic50 = opt$theta, hill = opt$hill, rss_min = opt$rss, df_residual = df,
    rss_threshold = thr, profile_ci_low = lo, profile_ci_high = hi,
    rss_drc_at_low = if (is.finite(lo)) drc_fixed_rss(cd, lo) else NaN,
    rss_drc_at_high = if (is.finite(hi)) drc_fixed_rss(cd, hi) else NaN)
}
write.csv(do.call(rbind, rows), args[3], row.names = FALSE)

ftest <- list()
for (i in seq_len(nrow(pairs))) {
  ca <- d[d$curve_id == pairs$a[i], ]; cb <- d[d$curve_id == pairs$b[i], ]
  oa <- optimum(ca); ob <- optimum(cb)
  ua <- log10(ca$conc); ub <- log10(cb$conc)
  rss_sep <- oa$rss + ob$rss
  df_sep <- nrow(ca) + nrow(cb) - 8
  total <- function(t) profile_rss(ua, ca$response, t) + profile_rss(ub, cb$response, t)
  grid <- seq(min(oa$theta, ob$theta) - 1, max(oa$theta, ob$theta) + 1, length.out = 81)
  tv <- sapply(grid, total); k <- which.min(tv)
  o <- optimize(total, c(grid[max(1, k - 1)], grid[min(81, k + 1)]), tol = 1e-12)
  rss_shared <- min(o$objective, tv[k]); theta_shared <- if (o$objective <= tv[k]) o$minimum else grid[k]
  f <- (rss_shared - rss_sep) / (rss_sep / df_sep)
  p <- pf(f, 1, df_sep, lower.tail = FALSE)
  # drc: joint fits with curveid, e shared vs all separate.
  both <- rbind(transform(ca, curve = "a"), transform(cb, curve = "b"))
  both$curve <- factor(both$curve)
  drc_cols <- tryCatch({
    ctl <- drmc(relTol = 1e-12, maxIt = 5000, noMessage = TRUE)
    full <- drm(response ~ conc, curve, data = both, fct = LL2.4(), control = ctl)
    red <- drm(response ~ conc, curve, data = both, fct = LL2.4(), control = ctl,
               pmodels = data.frame(both$curve, both$curve, both$curve, 1))
    a <- anova(red, full, details = FALSE)
    c(rss_shared_drc = sum(residuals(red)^2), rss_separate_drc = sum(residuals(full)^2),
      f_drc = a[2, "F value"], p_drc = a[2, "p value"])
  }, error = function(e) c(rss_shared_drc = NaN, rss_separate_drc = NaN, f_drc = NaN, p_drc = NaN))
  ftest[[length(ftest) + 1]] <- data.frame(
    a = pairs$a[i], b = pairs$b[i], rss_separate = rss_sep, rss_shared = rss_shared,
    shared_log10_ic50 = theta_shared, df_separate = df_sep, f = f, p = p, t(drc_cols))
}
write.csv(do.call(rbind, ftest), args[4], row.names = FALSE)
