# make-example-trend-reference.R -- the bundled passage history, from the plate reads to its trend,
# with R and drc only (nothing from the TypeScript project).
#
# Usage: Rscript make-example-trend-reference.R HISTORY.csv OUT.csv
#   HISTORY.csv: fixtures/mm1s-history.csv (plate,well,cell_line,compound,concentration_nM,rlu,passage,date)
#   OUT.csv:     analysis,quantity,value (one number per row; see README.md). Also writes
#                versions-example.txt next to OUT.csv.
#
# 1. Normalization, per plate (the rules of ../make-fixture-curves.py): compound "medium" with an
#    empty cell_line = blank wells of the plate; compound "DMSO" = vehicle wells of (plate, line);
#    viability % = 100 (rlu - mean blank) / (mean vehicle - mean blank); every other row is treated.
# 2. One curve per (cell line, passage): drm(response ~ conc, fct = LL2.4()), the lowest RSS of the
#    four drmc() settings of ../make-drc-reference.R; log10 IC50 = e / ln 10 and its SE from the
#    Gauss-Newton covariance s^2 (J'J)^-1 at the optimum (s^2 = RSS / (n - 4)), as there.
# 3. A check per passage: log10 RF = log10 IC50(MM1S/R BTZ) - log10 IC50(MM1S WT),
#    se = sqrt(se_line^2 + se_parental^2), RF interval 10^(log10 RF -/+ t * se) with t on the
#    Welch-Satterthwaite df (se1^2 + se2^2)^2 / (se1^4/df1 + se2^4/df2).
# 4. For --resistant-at 2 and 5: established = the first check whose RF interval lies wholly above
#    the fold (rf_ci_low > fold); fading = later checks whose rf_ci_low <= fold.
# 5. y = log10 RF, w = 1/se^2:
#    trend_passage / trend_date: lm(y ~ x, weights = w), x = passage, or days since 1970 / 30
#      (slope per 30 days): slope, slope_se, ci_low, ci_high (confint), p, sigma, df, and
#      slope_se_known = sqrt((X'WX)^-1[2,2]) (the SEs taken as known).
#    level_fold2: lm(y ~ 1, weights = w) over the checks from the established one to the one before
#      the latest: n, mean, se_lm, sigma, se_known = 1/sqrt(sum w), ci_low_lm/ci_high_lm (confint),
#      and the latest check as a new observation of that level, R's predict(..., interval =
#      "prediction", weights = 1/se_latest^2): se_pred_lm (half-width / qt(0.975, n - 1)),
#      t_pred_lm, p_pred_lm; and with the SEs as known: se_pred_known = sqrt(se_latest^2 + 1/sum w),
#      t_pred_known, p_pred_known (t on n - 1 df).
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript make-example-trend-reference.R HISTORY.csv OUT.csv")
suppressPackageStartupMessages(library(drc))
h <- read.csv(args[1], stringsAsFactors = FALSE, na.strings = character(0))
h$cell_line <- trimws(h$cell_line); h$compound <- trimws(h$compound)

blank <- h$compound == "medium" & h$cell_line == ""
vehicle <- h$compound == "DMSO"
treated <- h[!blank & !vehicle, ]
bg <- tapply(h$rlu[blank], h$plate[blank], mean)
top <- tapply(h$rlu[vehicle], paste(h$plate[vehicle], h$cell_line[vehicle]), mean)
treated$response <- as.numeric(100 * (treated$rlu - bg[treated$plate]) / (top[paste(treated$plate, treated$cell_line)] - bg[treated$plate]))
treated$conc <- treated$concentration_nM

fit_one <- function(cd) {
  fits <- list()
  for (ctl in list(drmc(noMessage = TRUE), drmc(useD = TRUE, noMessage = TRUE),
                   drmc(relTol = 1e-12, maxIt = 5000, noMessage = TRUE),
                   drmc(relTol = 1e-12, maxIt = 5000, useD = TRUE, noMessage = TRUE))) {
    f <- tryCatch(drm(response ~ conc, data = cd, fct = LL2.4(), control = ctl), error = function(e) NULL)
    if (!is.null(f)) fits[[length(fits) + 1]] <- f
  }
  rss <- sapply(fits, function(f) sum(residuals(f)^2))
  f <- fits[[which.min(rss)]]
  p <- coef(f); names(p) <- sub(":.*", "", names(p))
  dfr <- df.residual(f); s2 <- sum(residuals(f)^2) / dfr
  lx <- log(cd$conc) - p[["e"]]; u <- exp(p[["b"]] * lx); D <- 1 + u; A <- p[["d"]] - p[["c"]]
  J <- cbind(b = -A * u * lx / D^2, c = 1 - 1 / D, d = 1 / D, e = A * u * p[["b"]] / D^2)
  V <- s2 * solve(crossprod(J))
  list(l10 = p[["e"]] / log(10), se = sqrt(V[4, 4]) / log(10), df = dfr)
}

rows <- list()
put <- function(analysis, ...) {
  v <- list(...)
  for (k in names(v)) rows[[length(rows) + 1]] <<- data.frame(analysis = analysis, quantity = k, value = as.numeric(v[[k]]))
}

passages <- sort(unique(treated$passage))
checks <- do.call(rbind, lapply(passages, function(ps) {
  line <- fit_one(treated[treated$passage == ps & treated$cell_line == "MM1S/R BTZ", ])
  par <- fit_one(treated[treated$passage == ps & treated$cell_line == "MM1S WT", ])
  y <- line$l10 - par$l10; se <- sqrt(line$se^2 + par$se^2)
  nu <- (line$se^2 + par$se^2)^2 / (line$se^4 / line$df + par$se^4 / par$df)
  q <- qt(0.975, nu)
  data.frame(passage = ps, date = treated$date[treated$passage == ps][1], y = y, se = se,
             l10_line = line$l10, se_line = line$se, l10_par = par$l10, se_par = par$se,
             rf_ci_low = 10^(y - q * se), rf_ci_high = 10^(y + q * se))
}))
for (i in seq_len(nrow(checks))) {
  k <- checks[i, ]
  put(paste0("check_", k$passage), log10_ic50_line = k$l10_line, log10_ic50_se_line = k$se_line,
      log10_ic50_parental = k$l10_par, log10_ic50_se_parental = k$se_par, log10_rf = k$y, log10_rf_se = k$se,
      rf_ci_low = k$rf_ci_low, rf_ci_high = k$rf_ci_high)
}

w <- 1 / checks$se^2
for (axis in c("passage", "date")) {
  x <- if (axis == "passage") checks$passage else as.numeric(as.Date(checks$date)) / 30
  fit <- lm(checks$y ~ x, weights = w)
  cf <- summary(fit)$coefficients; ci <- confint(fit, level = 0.95)
  X <- cbind(1, x); Vk <- solve(crossprod(X * sqrt(w)))
  put(paste0("trend_", axis), n = length(x), slope = cf["x", 1], slope_se = cf["x", 2], ci_low = ci["x", 1],
      ci_high = ci["x", 2], p = cf["x", 4], sigma = summary(fit)$sigma, df = fit$df.residual,
      slope_se_known = sqrt(Vk[2, 2]))
}

for (fold in c(2, 5)) {
  above <- checks$rf_ci_low > fold
  at <- which(above)[1]
  if (is.na(at)) {
    put(paste0("fold", fold), established_at = NA, n_fading = 0)
    next
  }
  fading <- checks$passage[seq_along(above) > at & !above]
  put(paste0("fold", fold), established_at = checks$passage[at], n_fading = length(fading))
  for (j in seq_along(fading)) put(paste0("fold", fold), fading = fading[j])
  last <- nrow(checks)
  s <- checks[at:(last - 1), ]; ws <- 1 / s$se^2
  m <- lm(s$y ~ 1, weights = ws)
  n <- nrow(s); df <- n - 1; mu <- unname(coef(m)[1]); ci <- confint(m, level = 0.95)
  pr <- predict(m, newdata = data.frame(one = 1), interval = "prediction", level = 0.95, weights = 1 / checks$se[last]^2)
  se_pred <- (pr[1, "upr"] - pr[1, "lwr"]) / 2 / qt(0.975, df)
  se_known <- sqrt(checks$se[last]^2 + 1 / sum(ws))
  d <- checks$y[last] - mu
  put(paste0("level_fold", fold), n = n, from = s$passage[1], to = s$passage[n], mean = mu,
      se_lm = summary(m)$coefficients[1, 2], sigma = summary(m)$sigma, se_known = 1 / sqrt(sum(ws)),
      ci_low_lm = ci[1, 1], ci_high_lm = ci[1, 2], latest = checks$passage[last], difference = d,
      se_pred_lm = se_pred, t_pred_lm = d / se_pred, p_pred_lm = 2 * pt(-abs(d / se_pred), df),
      se_pred_known = se_known, t_pred_known = d / se_known, p_pred_known = 2 * pt(-abs(d / se_known), df))
}

out <- do.call(rbind, rows)
out$value <- ifelse(is.na(out$value), "NA", sprintf("%.17g", out$value))
write.csv(out, args[2], row.names = FALSE, quote = FALSE)
writeLines(c(paste("R:", R.version.string), paste("drc:", packageVersion("drc")),
             "script: make-example-trend-reference.R (stats: lm, confint, predict, pt, qt)"),
           file.path(dirname(args[2]), "versions-example.txt"))
