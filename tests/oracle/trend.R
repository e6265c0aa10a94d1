# tests/oracle/trend.R -- independent R oracle for surveykit's trend figures.
#
# Regenerate (from anywhere; paths are resolved from this file's location):
#
#     Rscript tests/oracle/trend.R
#
# Reads  samples/monthly.csv
# Writes tests/oracle/trend_nps_month.csv        NPS by region and month,
#                                                 with the (all) series and a
#                                                 3-month rolling value
#        tests/oracle/trend_nps_month_summary.csv the summary of those series
#        tests/oracle/trend_nps_weighted.csv      weighted NPS by region, month
#        tests/oracle/trend_nps_weighted_summary.csv
#        tests/oracle/trend_csat_quarter.csv      CSAT (top 2 of 1-5) by region
#                                                 and quarter
#        tests/oracle/trend_csat_quarter_summary.csv
#        tests/oracle/trend_csat_weighted.csv     weighted CSAT by region and
#                                                 quarter (the change test of
#                                                 weighted shares uses their
#                                                 linearisation SEs, unpooled)
#        tests/oracle/trend_csat_weighted_summary.csv
#        tests/oracle/trend_nps_week_south.csv    NPS of South by ISO week,
#                                                 2025-03-01 .. 2025-06-30
#        tests/oracle/trend_nps_week_south_summary.csv
#        tests/oracle/trend_small_week.csv        NPS by g and ISO week of
#                                                 tests/cli/trend/skip-invalid
#        tests/oracle/trend_spark.txt             sparklines of NPS by region
#        tests/oracle/trend_published.txt         STATS.md's published trend
#                                                 examples, recomputed
#
# Nothing here uses surveykit.  The formulas are written out from STATS.md
# (Trend, NPS, CSAT):
#   - Mann-Kendall z, p and Kendall's tau-b come from
#     cor.test(t, y, method = "kendall", exact = FALSE, continuity = TRUE);
#     S is counted pair by pair; Var S from the tie groups (table(y)), and
#     checked against cor.test's z.
#   - The R package 'trend' is not installed here, so Sen's slope and its
#     interval are written out below by trend::sens.slope's rule:
#     median of the pairwise slopes (y_j - y_i)/(t_j - t_i);
#     C = qnorm(1 - (1 - conf)/2) * sqrt(Var S);
#     lower = sorted slope of rank round((N - C)/2), upper = rank
#     round((N + C)/2 + 1), NA outside 1..N (R's round: half to even).
#   - WLS: summary(lm(value ~ t, weights = 1/se^2)) on the periods with
#     se > 0: coefficient, its (residual-scaled) SE, and the t-test p.
#   - Weighted NPS and its SE: survey::svymean with
#     svydesign(ids = ~1, weights = ~weight) on each period's rows.
#   - Wilson intervals: prop.test(x, n, correct = FALSE)$conf.int; the
#     change test of shares: prop.test(c(x1, x2), c(n1, n2), correct =
#     FALSE)$p.value (the pooled two-proportion z test).
#   - ISO weeks: format(date, "%G-W%V").
#
# Numbers are printed with sprintf("%.17g"); an undefined statistic is empty.

suppressPackageStartupMessages(library(survey))

args_all <- commandArgs(trailingOnly = FALSE)
self <- sub("^--file=", "", args_all[grep("^--file=", args_all)])
here <- if (length(self)) dirname(normalizePath(self)) else file.path(getwd(), "tests", "oracle")
root <- normalizePath(file.path(here, "..", ".."))

conf <- 0.95
z <- qnorm(1 - (1 - conf) / 2)
alpha <- 0.05
min_n <- 30

fmt <- function(x) {
  if (is.character(x)) return(ifelse(is.na(x), "", x))
  ifelse(is.na(x), "", sprintf("%.17g", x))
}
write_out <- function(df, name) {
  out <- as.data.frame(lapply(df, fmt), stringsAsFactors = FALSE, check.names = FALSE)
  write.table(out, file.path(here, name), sep = ",", quote = FALSE,
              row.names = FALSE, na = "")
}
clip <- function(x, lo, hi) pmin(pmax(x, lo), hi)

# ---- the data --------------------------------------------------------------

d <- read.csv(file.path(root, "samples", "monthly.csv"), colClasses = "character",
              na.strings = character(0), fileEncoding = "UTF-8", check.names = FALSE)
d$day <- as.Date(substr(d$date, 1, 10))
d$month <- format(d$day, "%Y-%m")
d$quarter <- paste0(format(d$day, "%Y"), "-Q", (as.integer(format(d$day, "%m")) - 1) %/% 3 + 1)
d$week <- format(d$day, "%G-W%V")
d$monday <- d$day - (as.integer(format(d$day, "%u")) - 1)
d$nps_v <- suppressWarnings(as.integer(d$nps))
d$csat_v <- suppressWarnings(as.integer(d$csat))
d$w <- as.numeric(d$weight)
stopifnot(all(is.na(d$nps_v) == (d$nps == "")), all(is.na(d$csat_v) == (d$csat == "")))

# period ordinals, for t: months and quarters since year 0, weeks of 7 days
month_ord <- function(key) as.integer(substr(key, 1, 4)) * 12 + as.integer(substr(key, 6, 7)) - 1
quarter_ord <- function(key) as.integer(substr(key, 1, 4)) * 4 + as.integer(substr(key, 7, 7)) - 1

# ---- trend statistics, written out -----------------------------------------

mk_S <- function(y) {
  n <- length(y); s <- 0
  if (n >= 2) for (i in 1:(n - 1)) for (j in (i + 1):n) s <- s + sign(y[j] - y[i])
  s
}
mk_varS <- function(y) {
  n <- length(y); g <- as.numeric(table(y))
  (n * (n - 1) * (2 * n + 5) - sum(g * (g - 1) * (2 * g + 5))) / 18
}
sen <- function(t, y, varS) {
  n <- length(y)
  if (n < 2) return(c(NA, NA, NA))
  d <- c()
  for (i in 1:(n - 1)) for (j in (i + 1):n) d <- c(d, (y[j] - y[i]) / (t[j] - t[i]))
  N <- length(d); sd <- sort(d)
  lo <- up <- NA
  if (is.finite(varS) && varS > 0) {
    C <- z * sqrt(varS)
    rl <- round((N - C) / 2); ru <- round((N + C) / 2 + 1)
    if (rl >= 1 && rl <= N) lo <- sd[rl]
    if (ru >= 1 && ru <= N) up <- sd[ru]
  }
  c(median(d), lo, up)
}

# one summary row from a series (t, y, se) of the periods with data
summarise <- function(keys, t, y, se) {
  n <- length(y)
  S <- mk_S(y); vS <- mk_varS(y)
  zz <- pp <- tau <- NA
  if (n >= 3 && vS > 0) {
    ct <- suppressWarnings(cor.test(t, y, method = "kendall", exact = FALSE, continuity = TRUE))
    zz <- unname(ct$statistic); pp <- ct$p.value; tau <- unname(ct$estimate)
    stopifnot(abs(zz - (S - sign(S)) / sqrt(vS)) < 1e-12 * max(1, abs(zz)))
  }
  s3 <- sen(t, y, vS)
  keep <- is.finite(se) & se > 0
  ws <- wse <- wp <- NA
  if (sum(keep) >= 2) {
    tt <- t[keep]; yy <- y[keep]; ww <- 1 / se[keep]^2
    fit <- lm(yy ~ tt, weights = ww)
    ws <- unname(coef(fit)[2])
    if (sum(keep) >= 3) {
      co <- summary(fit)$coefficients
      wse <- co["tt", "Std. Error"]; wp <- co["tt", "Pr(>|t|)"]
    }
  }
  dir <- if (is.na(pp)) NA else if (pp < alpha && S > 0) "up" else if (pp < alpha && S < 0) "down" else "flat"
  data.frame(periods = n, first = keys[1], last = keys[n], first_value = y[1],
             last_value = y[n], mk_s = if (n >= 2) S else NA, mk_tau = tau, mk_z = zz,
             mk_p = pp, sen_slope = s3[1], sen_low = s3[2], sen_high = s3[3],
             wls_slope = ws, wls_se = wse, wls_p = wp, periods_dropped = sum(!keep),
             direction = dir, stringsAsFactors = FALSE)
}

# ---- NPS per period (unweighted) -------------------------------------------

nps_period <- function(v) {
  v <- v[!is.na(v)]; n <- length(v)
  P <- sum(v >= 9); D <- sum(v <= 6)
  p <- P / n; dd <- D / n
  se <- 100 * sqrt((p + dd - (p - dd)^2) / n)
  na <- n + 3; pa <- (P + 0.75) / na; da <- (D + 0.75) / na
  c_adj <- 100 * (P - D) / na; se_adj <- 100 * sqrt((pa + da - (pa - da)^2) / na)
  c(n = n, P = P, D = D, value = 100 * (P - D) / n, se = se,
    ci_low = clip(c_adj - z * se_adj, -100, 100), ci_high = clip(c_adj + z * se_adj, -100, 100))
}

# The per-period table of one series: rows of a data frame with columns
# key, ord, n, value, se, ci_low, ci_high plus what the change test and the
# control chart need (P, D or x), computed by the callbacks.
series_table <- function(keys, ord, est, change_p, limits, window = 0, pooled = NULL) {
  k <- length(keys)
  tt <- ord - ord[1]
  out <- data.frame(period = keys, t = tt, n = est[, "n"], value = est[, "value"],
                    se = est[, "se"], ci_low = est[, "ci_low"], ci_high = est[, "ci_high"],
                    change = NA_real_, change_p = NA_real_, stringsAsFactors = FALSE)
  for (i in seq_len(k)[-1]) {
    out$change[i] <- est[i, "value"] - est[i - 1, "value"]
    out$change_p[i] <- change_p(est[i - 1, ], est[i, ])
  }
  if (window > 0) {
    out$rolling_value <- NA_real_; out$rolling_n <- NA_real_
    for (i in seq_len(k)) if (i >= window) {
      r <- pooled(seq(i - window + 1, i))
      out$rolling_value[i] <- r["value"]; out$rolling_n[i] <- r["n"]
    }
  }
  lim <- limits(est)
  out$lcl <- lim[, 1]; out$ucl <- lim[, 2]
  out$out <- as.integer(out$value < out$lcl | out$value > out$ucl)
  out$low_base <- as.integer(out$n < min_n)
  out
}

nps_change_p <- function(a, b) {
  s <- sqrt(a["se"]^2 + b["se"]^2)
  if (s > 0) 2 * pnorm(-abs((b["value"] - a["value"]) / s)) else NA
}

nps_series <- function(rows, key, ordf, window = 0) {
  keys <- sort(unique(rows[[key]]))
  est <- t(sapply(keys, function(k) nps_period(rows$nps_v[rows[[key]] == k])))
  pooled <- function(idx) nps_period(rows$nps_v[rows[[key]] %in% keys[idx]])
  limits <- function(est) {
    P <- sum(est[, "P"]); D <- sum(est[, "D"]); n <- sum(est[, "n"])
    p <- P / n; dd <- D / n; centre <- 100 * (P - D) / n
    h <- 3 * 100 * sqrt((p + dd - (p - dd)^2) / est[, "n"])
    cbind(clip(centre - h, -100, 100), clip(centre + h, -100, 100))
  }
  tab <- series_table(keys, ordf(keys), est, nps_change_p, limits, window, pooled)
  list(tab = tab, sum = summarise(keys, tab$t, tab$value, tab$se))
}

d_nps <- d[!is.na(d$nps_v), ]
regions <- sort(unique(d$region))
per <- list(); sums <- list()
for (r in c(regions, "(all)")) {
  rows <- if (r == "(all)") d_nps else d_nps[d_nps$region == r, ]
  s <- nps_series(rows, "month", month_ord, window = 3)
  per[[r]] <- cbind(region = r, s$tab, stringsAsFactors = FALSE)
  sums[[r]] <- cbind(region = r, s$sum, stringsAsFactors = FALSE)
}
write_out(do.call(rbind, per), "trend_nps_month.csv")
write_out(do.call(rbind, sums), "trend_nps_month_summary.csv")

# ---- NPS by ISO week, South, 2025-03-01 .. 2025-06-30 -----------------------

south <- d_nps[d_nps$region == "South" & d_nps$day >= as.Date("2025-03-01") &
               d_nps$day <= as.Date("2025-06-30"), ]
week_ord <- function(keys) {
  m <- sapply(keys, function(k) min(south$monday[south$week == k]))
  as.numeric(m) / 7
}
s <- nps_series(south, "week", week_ord)
write_out(cbind(region = "South", s$tab, stringsAsFactors = FALSE), "trend_nps_week_south.csv")
write_out(cbind(region = "South", s$sum, stringsAsFactors = FALSE),
          "trend_nps_week_south_summary.csv")

# ---- a small input by ISO week, with a bad and an empty date ----------------
# tests/cli/trend/skip-invalid/input.csv, as trend --skip-invalid reads it:
# the row dated 2025-02-30 is no date and the row without a date has no
# period (both left out, counted); NA in nps is missing.

sm <- read.csv(file.path(root, "tests", "cli", "trend", "skip-invalid", "input.csv"),
               colClasses = "character", na.strings = character(0))
sm$day <- as.Date(substr(sm$date, 1, 10), format = "%Y-%m-%d")
stopifnot(sum(is.na(sm$day)) == 2)          # 2025-02-30 and the empty one
sm <- sm[!is.na(sm$day), ]
sm$nps_v <- suppressWarnings(as.integer(sm$nps))
sm <- sm[!is.na(sm$nps_v), ]
sm$week <- format(sm$day, "%G-W%V")
sm$monday <- sm$day - (as.integer(format(sm$day, "%u")) - 1)
per <- list()
for (g in sort(unique(sm$g))) {
  rows <- sm[sm$g == g, ]
  wo <- function(keys) sapply(keys, function(k) as.numeric(min(rows$monday[rows$week == k])) / 7)
  s <- nps_series(rows, "week", wo)
  per[[g]] <- cbind(g = g, s$tab, stringsAsFactors = FALSE)
}
write_out(do.call(rbind, per), "trend_small_week.csv")

# ---- sparklines of the NPS by region and month, and of (all) ----------------
# one block per month from the lowest (U+2581) to the highest (U+2588):
# level floor((v - min)/(max - min) * 7 + 0.5); the name padded to the
# longest name; then the first and last month and value with 2 decimals.

blocks <- c("\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588")
sp <- c()
for (r in c(regions, "(all)")) {
  v <- sapply(sort(unique(d_nps$month)), function(k) {
    x <- d_nps$nps_v[(r == "(all)" | d_nps$region == r) & d_nps$month == k]
    100 * (sum(x >= 9) - sum(x <= 6)) / length(x) })
  lv <- floor((v - min(v)) / (max(v) - min(v)) * 7 + 0.5)
  keys <- names(v)
  sp <- c(sp, sprintf("%-*s  %s  %s %.2f \u2192 %s %.2f", max(nchar(regions)), r,
                      paste(blocks[lv + 1], collapse = ""), keys[1], v[1],
                      keys[length(keys)], v[length(v)]))
}
con <- file(file.path(here, "trend_spark.txt"), "w", encoding = "UTF-8")
writeLines(enc2utf8(sp), con)
close(con)

# ---- weighted NPS by region and month (survey::svymean) -------------------

wnps_period <- function(rows) {
  n <- nrow(rows)
  rows$y <- ifelse(rows$nps_v >= 9, 1, ifelse(rows$nps_v <= 6, -1, 0))
  des <- svydesign(ids = ~1, weights = ~w, data = rows)
  m <- svymean(~y, des)
  v <- 100 * unname(coef(m)); se <- 100 * unname(SE(m))
  pw <- sum(rows$w[rows$y == 1]) / sum(rows$w); dw <- sum(rows$w[rows$y == -1]) / sum(rows$w)
  c(n = n, value = v, se = se, ci_low = clip(v - z * se, -100, 100),
    ci_high = clip(v + z * se, -100, 100), neff = sum(rows$w)^2 / sum(rows$w^2),
    sig1 = 100 * sqrt(pw + dw - (pw - dw)^2))
}
per <- list(); sums <- list()
for (r in regions) {
  rows <- d_nps[d_nps$region == r, ]
  keys <- sort(unique(rows$month))
  est <- t(sapply(keys, function(k) wnps_period(rows[rows$month == k, ])))
  all <- wnps_period(rows)
  limits <- function(est) {
    h <- 3 * all["sig1"] / sqrt(est[, "neff"])
    cbind(clip(all["value"] - h, -100, 100), clip(all["value"] + h, -100, 100))
  }
  tab <- series_table(keys, month_ord(keys), est, nps_change_p, limits)
  per[[r]] <- cbind(region = r, tab, stringsAsFactors = FALSE)
  sums[[r]] <- cbind(region = r, summarise(keys, tab$t, tab$value, tab$se),
                     stringsAsFactors = FALSE)
}
write_out(do.call(rbind, per), "trend_nps_weighted.csv")
write_out(do.call(rbind, sums), "trend_nps_weighted_summary.csv")

# ---- CSAT (share of 4-5 on 1-5) by region and quarter ----------------------

csat_period <- function(v) {
  v <- v[!is.na(v)]; n <- length(v); x <- sum(v >= 4)
  ci <- prop.test(x, n, correct = FALSE, conf.level = conf)$conf.int
  p <- x / n
  c(n = n, x = x, value = 100 * x / n, se = 100 * sqrt(p * (1 - p) / n),
    ci_low = 100 * ci[1], ci_high = 100 * ci[2])
}
csat_change_p <- function(a, b)
  suppressWarnings(prop.test(c(a["x"], b["x"]), c(a["n"], b["n"]), correct = FALSE)$p.value)
d_csat <- d[!is.na(d$csat_v), ]
per <- list(); sums <- list()
for (r in regions) {
  rows <- d_csat[d_csat$region == r, ]
  keys <- sort(unique(rows$quarter))
  est <- t(sapply(keys, function(k) csat_period(rows$csat_v[rows$quarter == k])))
  limits <- function(est) {
    pbar <- sum(est[, "x"]) / sum(est[, "n"])
    h <- 3 * sqrt(pbar * (1 - pbar) / est[, "n"])
    cbind(100 * clip(pbar - h, 0, 1), 100 * clip(pbar + h, 0, 1))
  }
  tab <- series_table(keys, quarter_ord(keys), est, csat_change_p, limits)
  per[[r]] <- cbind(region = r, tab, stringsAsFactors = FALSE)
  sums[[r]] <- cbind(region = r, summarise(keys, tab$t, tab$value, tab$se),
                     stringsAsFactors = FALSE)
}
write_out(do.call(rbind, per), "trend_csat_quarter.csv")
write_out(do.call(rbind, sums), "trend_csat_quarter_summary.csv")

# ---- weighted CSAT by region and quarter (survey::svymean) ------------------

wcsat_period <- function(rows) {
  rows$y <- as.numeric(rows$csat_v >= 4)
  des <- svydesign(ids = ~1, weights = ~w, data = rows)
  m <- svymean(~y, des)
  v <- 100 * unname(coef(m)); se <- 100 * unname(SE(m))
  pw <- sum(rows$w[rows$y == 1]) / sum(rows$w)
  c(n = nrow(rows), value = v, se = se, ci_low = clip(v - z * se, 0, 100),
    ci_high = clip(v + z * se, 0, 100), neff = sum(rows$w)^2 / sum(rows$w^2),
    sig1 = 100 * sqrt(pw * (1 - pw)))
}
per <- list(); sums <- list()
for (r in regions) {
  rows <- d_csat[d_csat$region == r, ]
  keys <- sort(unique(rows$quarter))
  est <- t(sapply(keys, function(k) wcsat_period(rows[rows$quarter == k, ])))
  all <- wcsat_period(rows)
  limits <- function(est) {
    h <- 3 * all["sig1"] / sqrt(est[, "neff"])
    cbind(clip(all["value"] - h, 0, 100), clip(all["value"] + h, 0, 100))
  }
  tab <- series_table(keys, quarter_ord(keys), est, nps_change_p, limits)
  per[[r]] <- cbind(region = r, tab, stringsAsFactors = FALSE)
  sums[[r]] <- cbind(region = r, summarise(keys, tab$t, tab$value, tab$se),
                     stringsAsFactors = FALSE)
}
write_out(do.call(rbind, per), "trend_csat_weighted.csv")
write_out(do.call(rbind, sums), "trend_csat_weighted_summary.csv")

# ---- STATS.md published examples, recomputed -------------------------------

y <- c(12.9, 14.8, 13.2, 15.7, 13.8, 15.6, 12.9, 11.0, 17.3, 15.9, 19.0, 18.3, 20.1, 21.7)
ct <- cor.test(seq_along(y), y, method = "kendall", exact = FALSE, continuity = TRUE)
s3 <- sen(seq_along(y), y, mk_varS(y))
pbar <- 117 / 2000
lines <- c(
  "# STATS.md, Trend: published examples recomputed in R (tests/oracle/trend.R)",
  "# Mann-Kendall series 12.9 14.8 13.2 15.7 13.8 15.6 12.9 11.0 17.3 15.9 19.0 18.3 20.1 21.7",
  sprintf("mk_s %.17g", mk_S(y)),
  sprintf("mk_var_s %.17g", mk_varS(y)),
  sprintf("mk_z %.17g", unname(ct$statistic)),
  sprintf("mk_p %.17g", ct$p.value),
  sprintf("mk_tau %.17g", unname(ct$estimate)),
  sprintf("sen_slope %.17g", s3[1]),
  sprintf("sen_low %.17g", s3[2]),
  sprintf("sen_high %.17g", s3[3]),
  "# p-chart: 20 samples of 100 with 117 defectives",
  sprintf("pchart_pbar %.17g", pbar),
  sprintf("pchart_ucl %.17g", pbar + 3 * sqrt(pbar * (1 - pbar) / 100)),
  sprintf("pchart_lcl_unclipped %.17g", pbar - 3 * sqrt(pbar * (1 - pbar) / 100)))
writeLines(lines, file.path(here, "trend_published.txt"))
cat("trend oracle written to", here, "\n")
