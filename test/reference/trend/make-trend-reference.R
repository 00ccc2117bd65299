# make-trend-reference.R -- weighted regression and weighted means of a passage history, base R.
#
# Usage: Rscript make-trend-reference.R HISTORY.csv OUT.csv
#   HISTORY.csv: passage,date,log10_rf,log10_rf_se,... (one row per check, sorted by passage)
#   OUT.csv: analysis,quantity,value (one number per row; see README.md). Also writes versions.txt.
#
# Trend (y = log10_rf, x = passage, w = 1/se^2), for "all" checks and for passage <= 12:
#   wls_lm_<subset>: lm(y ~ x, weights = w) -- R's weighted least squares: the residual variance
#     is estimated (sigma^2 = sum w r^2 / (n - 2)), so SEs scale with the scatter about the line.
#     slope, slope_se, t = slope/slope_se, df = n - 2, ci_low/ci_high = confint(fit) (t(0.975, df)),
#     p (two-sided t), intercept, intercept_se, sigma (the residual standard error), n.
#   wls_known_<subset>: the same slope with the SEs taken as known (fixed-effect): Var = (X'WX)^-1,
#     slope_se_known, z = slope/slope_se_known, p_normal = 2 pnorm(-|z|), ci_low/high with 1.96.
# Weighted mean of y over a window, and the last check against it:
#   windows: "before_last4" = the 4 checks before the last; "before_last_all" = every check before
#   the last. For each:
#   mean (= sum w y / sum w), mean_se_lm (lm(y ~ 1, weights = w): SE scaled by the estimated
#   residual variance, df = n - 1), mean_se_fixed = 1/sqrt(sum w), sigma_lm, n, df = n - 1,
#   last_y, last_se, and for each SE version v in (fixed, lm):
#   z_v = (y_last - mean)/sqrt(se_last^2 + se_mean_v^2), p_normal_v = 2 pnorm(-|z_v|),
#   p_t_v = 2 pt(-|z_v|, df = n - 1).
#   And the last check as a new observation of the window's level (a prediction): R's
#   predict(lm(y ~ 1, weights = w), interval = "prediction", weights = 1/se_last^2), whose
#   variance is sigma_lm^2 * (se_last^2 + 1/sum w) -- the residual scale applied to both terms:
#   pred_low, pred_high (95 %), se_pred = half-width / qt(0.975, n - 1),
#   z_pred = (y_last - mean)/se_pred, p_t_pred = 2 pt(-|z_pred|, n - 1).
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript make-trend-reference.R HISTORY.csv OUT.csv")
h <- read.csv(args[1], stringsAsFactors = FALSE)
h <- h[order(h$passage), ]
rows <- list()
put <- function(analysis, ...) {
  v <- list(...)
  for (k in names(v)) rows[[length(rows) + 1]] <<- data.frame(analysis = analysis, quantity = k,
                                                             value = as.numeric(v[[k]]))
}

for (subset in c("all", "upto12")) {
  s <- if (subset == "all") h else h[h$passage <= 12, ]
  w <- 1 / s$log10_rf_se^2
  fit <- lm(log10_rf ~ passage, data = s, weights = w)
  cf <- summary(fit)$coefficients; ci <- confint(fit, level = 0.95)
  put(paste0("wls_lm_", subset), n = nrow(s), slope = cf["passage", 1], slope_se = cf["passage", 2],
      t = cf["passage", 3], df = fit$df.residual, ci_low = ci["passage", 1], ci_high = ci["passage", 2],
      p = cf["passage", 4], intercept = cf["(Intercept)", 1], intercept_se = cf["(Intercept)", 2],
      sigma = summary(fit)$sigma)
  X <- cbind(1, s$passage); V <- solve(crossprod(X * sqrt(w)))
  se_k <- sqrt(V[2, 2]); z <- cf["passage", 1] / se_k; q <- qnorm(0.975)
  put(paste0("wls_known_", subset), n = nrow(s), slope = cf["passage", 1], slope_se_known = se_k, z = z,
      p_normal = 2 * pnorm(-abs(z)), ci_low = cf["passage", 1] - q * se_k, ci_high = cf["passage", 1] + q * se_k)
}

last <- h[nrow(h), ]
for (win in c("before_last4", "before_last_all")) {
  s <- if (win == "before_last4") h[(nrow(h) - 4):(nrow(h) - 1), ] else h[1:(nrow(h) - 1), ]
  w <- 1 / s$log10_rf_se^2
  m <- lm(log10_rf ~ 1, data = s, weights = w)
  mu <- unname(coef(m)[1]); se_lm <- summary(m)$coefficients[1, 2]; se_fx <- 1 / sqrt(sum(w))
  df <- nrow(s) - 1
  z_fx <- (last$log10_rf - mu) / sqrt(last$log10_rf_se^2 + se_fx^2)
  z_lm <- (last$log10_rf - mu) / sqrt(last$log10_rf_se^2 + se_lm^2)
  put(paste0("wmean_", win), n = nrow(s), passage_from = min(s$passage), passage_to = max(s$passage),
      mean = mu, mean_check = sum(w * s$log10_rf) / sum(w), mean_se_lm = se_lm, mean_se_fixed = se_fx,
      sigma_lm = summary(m)$sigma, df = df, last_passage = last$passage, last_y = last$log10_rf,
      last_se = last$log10_rf_se,
      z_fixed = z_fx, p_normal_fixed = 2 * pnorm(-abs(z_fx)), p_t_fixed = 2 * pt(-abs(z_fx), df),
      z_lm = z_lm, p_normal_lm = 2 * pnorm(-abs(z_lm)), p_t_lm = 2 * pt(-abs(z_lm), df))
  pr <- predict(m, newdata = data.frame(one = 1), interval = "prediction", level = 0.95,
                weights = 1 / last$log10_rf_se^2)
  se_pred <- (pr[1, "upr"] - pr[1, "lwr"]) / 2 / qt(0.975, df)
  z_pred <- (last$log10_rf - mu) / se_pred
  put(paste0("wmean_", win), pred_low = pr[1, "lwr"], pred_high = pr[1, "upr"], se_pred = se_pred,
      z_pred = z_pred, p_t_pred = 2 * pt(-abs(z_pred), df))
}
out <- do.call(rbind, rows)
write.csv(out, args[2], row.names = FALSE, quote = FALSE)
writeLines(c(paste("R:", R.version.string), "packages: base R stats only (lm, confint, predict, pt, pnorm, qt)",
             "script: make-trend-reference.R"), file.path(dirname(args[2]), "versions.txt"))
