# tests/oracle/csat.R -- independent R oracle for surveykit's csat figures.
#
# Regenerate (from anywhere; paths are resolved from this file's location):
#
#     Rscript tests/oracle/csat.R
#
# Reads  samples/survey.csv
#        tests/cli/csat/yes-no/input.csv      (the --yes-no golden case)
#        tests/cli/csat/metric-ces/input.csv  (the --metric ces golden case)
# Writes tests/oracle/csat_sample_unweighted.csv
#        tests/oracle/csat_sample_weighted.csv
#        tests/oracle/csat_yes_no.csv
#        tests/oracle/csat_ces.csv
#        tests/oracle/csat_published.txt
#
# Nothing here uses surveykit.  The definitions are /work/shared/STATS.md's
# (docs), and every interval, test and weighted figure comes from an R
# function analysts use:
#   Wilson            prop.test(x, n, correct = FALSE)$conf.int
#   Clopper-Pearson   binom.test(x, n)$conf.int
#   Agresti-Coull     the STATS.md formula (R has no built-in one):
#                     n~ = n + z^2, p~ = (x + z^2/2)/n~, p~ -/+ z sqrt(p~(1-p~)/n~)
#   Wald              p -/+ z sqrt(p(1-p)/n), clipped to [0, 1]
#   mean interval     t.test(scores)$conf.int; sd() for the SD; median()
#   benchmark test    prop.test(x, n, p = P/100, correct = FALSE): the score
#                     test; z = sign(x/n - P/100) * sqrt(X-squared)
#   weighted          survey::svymean (share of top box, mean score) with
#                     svydesign(ids = ~1, weights = ~w); SD = sqrt(svyvar);
#                     median = svyquantile(qrule = "hf2"); Wald intervals
#                     with z = qnorm(0.975); the benchmark test is
#                     (share - P)/SE with the linearisation SE.
#
# The column names are those of csat's output, so tests/t/csat_oracle.sh can
# compare by name; extra columns (cp_*, ac_*, wald_*, se, mean_se) hold the
# other interval methods and the SEs.  Shares and their intervals are in
# percent.  Numbers are printed with %.17g; an undefined statistic is empty.
# Groups are sorted in C byte order and the row "(all)" comes last.

suppressPackageStartupMessages(library(survey))

args_all <- commandArgs(trailingOnly = FALSE)
self <- sub("^--file=", "", args_all[grep("^--file=", args_all)])
here <- if (length(self)) dirname(normalizePath(self)) else file.path(getwd(), "tests", "oracle")
root <- normalizePath(file.path(here, "..", ".."))

z <- qnorm(0.975)            # 1.959963984540054, not 1.96
B <- 70                      # benchmark in percent for the one-sample test
MIN_N <- 30

fmt <- function(x) {
  if (is.character(x)) return(x)
  ifelse(is.na(x), "", sprintf("%.17g", x))
}

read_text <- function(path) {
  read.csv(path, colClasses = "character", na.strings = character(0),
           fileEncoding = "UTF-8", check.names = FALSE, strip.white = FALSE)
}

# Answers on an integer scale lo..hi; blank or NA is missing; anything else
# must be an integer in the scale (surrounding spaces are ignored).
parse_scale <- function(s, lo, hi) {
  s <- trimws(s)
  miss <- s == "" | s == "NA"
  ok <- grepl("^[+-]?[0-9]+$", s)
  v <- rep(NA_integer_, length(s))
  v[ok] <- as.integer(s[ok])
  bad <- !miss & (!ok | is.na(v) | v < lo | v > hi)
  if (any(bad)) stop("invalid answer(s): ", paste(unique(s[bad]), collapse = ", "))
  list(value = v, missing = miss)
}

# yes/no answers, case-insensitive: 1 = yes, 0 = no.
parse_yes_no <- function(s) {
  s <- trimws(s)
  miss <- s == "" | s == "NA"
  l <- tolower(s)
  v <- ifelse(l %in% c("yes", "y", "true", "1", "good"), 1L,
       ifelse(l %in% c("no", "n", "false", "0", "bad"), 0L, NA_integer_))
  if (any(!miss & is.na(v))) stop("invalid yes/no answer(s)")
  list(value = v, missing = miss)
}

parse_weight <- function(s) {
  w <- suppressWarnings(as.numeric(trimws(s)))
  w[!is.finite(w) | w <= 0] <- NA_real_
  w
}

# ---- unweighted figures of one group -----------------------------------

unweighted <- function(v, missing, lo, hi, top, bottom = NA, bench = NA) {
  v <- v[!is.na(v)]
  n <- length(v)
  x <- sum(v >= top)
  r <- list(n = n, missing = missing, invalid = 0, top = x)
  na <- NA_real_
  if (n == 0) {
    r[c("share", "ci_low", "ci_high", "cp_low", "cp_high", "ac_low", "ac_high",
        "wald_low", "wald_high", "mean", "sd", "mean_ci_low", "mean_ci_high",
        "median")] <- na
  } else {
    p <- x / n
    r$share <- 100 * x / n
    # (prop.test warns that the chi-squared approximation may be poor at
    # small n; the Wilson interval it returns is what we compare with)
    w <- suppressWarnings(prop.test(x, n, correct = FALSE))$conf.int
    cp <- binom.test(x, n)$conf.int
    nt <- n + z^2; pt <- (x + z^2 / 2) / nt
    r$ci_low <- 100 * w[1]; r$ci_high <- 100 * w[2]
    r$cp_low <- 100 * cp[1]; r$cp_high <- 100 * cp[2]
    r$ac_low <- 100 * max(0, pt - z * sqrt(pt * (1 - pt) / nt))
    r$ac_high <- 100 * min(1, pt + z * sqrt(pt * (1 - pt) / nt))
    r$wald_low <- 100 * max(0, p - z * sqrt(p * (1 - p) / n))
    r$wald_high <- 100 * min(1, p + z * sqrt(p * (1 - p) / n))
    r$mean <- mean(v)
    r$sd <- if (n > 1) sd(v) else na
    if (n > 1 && sd(v) > 0) {
      ti <- t.test(v)$conf.int
      r$mean_ci_low <- ti[1]; r$mean_ci_high <- ti[2]
    } else if (n > 1) {
      # t.test refuses constant data; the t interval is then the point
      r$mean_ci_low <- r$mean_ci_high <- mean(v)
    } else {
      r$mean_ci_low <- r$mean_ci_high <- na
    }
    r$median <- median(v)
  }
  r$low_base <- as.integer(n < MIN_N)
  if (!is.na(bottom)) {
    r$bottom <- sum(v <= bottom)
    r$bottom_share <- if (n > 0) 100 * r$bottom / n else na
  }
  for (k in lo:hi) r[[paste0("count_", k)]] <- sum(v == k)
  if (!is.na(bench)) {
    if (n > 0) {
      pt <- suppressWarnings(prop.test(x, n, p = bench / 100, correct = FALSE))
      r$z <- sign(x / n - bench / 100) * sqrt(unname(pt$statistic))
      r$p <- pt$p.value
    } else {
      r$z <- r$p <- na
    }
  }
  r
}

# ---- weighted figures of one group ----------------------------------------

weighted <- function(v, w, missing, top, bottom = NA, bench = NA) {
  n <- sum(!is.na(v))
  keep <- !is.na(v) & !is.na(w)
  s <- data.frame(v = v[keep], w = w[keep])
  s$y <- as.numeric(s$v >= top)
  s$b <- as.numeric(s$v <= bottom)
  nw <- nrow(s)
  sw <- sum(s$w)
  des <- svydesign(ids = ~1, weights = ~w, data = s)
  my <- svymean(~y, des)
  mv <- svymean(~v, des)
  share <- 100 * unname(coef(my))
  se <- 100 * unname(SE(my))[1]
  mean_se <- unname(SE(mv))[1]
  r <- list(n = n, weight_sum = sw, n_eff = sw^2 / sum(s$w^2),
            weight_dropped = n - nw, missing = missing, invalid = 0,
            top = sum(v >= top, na.rm = TRUE), share = share, se = se,
            ci_low = max(0, share - z * se), ci_high = min(100, share + z * se),
            mean = unname(coef(mv)), mean_se = mean_se,
            sd = sqrt(unname(coef(svyvar(~v, des)))))
  r$mean_ci_low <- r$mean - z * mean_se
  r$mean_ci_high <- r$mean + z * mean_se
  ci <- confint(mv)            # svymean's own Wald interval agrees
  stopifnot(isTRUE(all.equal(unname(ci[1, ]), c(r$mean_ci_low, r$mean_ci_high),
                             tolerance = 1e-13)))
  r$median <- unname(coef(svyquantile(~v, des, 0.5, qrule = "hf2")))
  r$low_base <- as.integer(n < MIN_N)
  if (!is.na(bottom)) {
    r$bottom <- sum(v <= bottom, na.rm = TRUE)
    r$bottom_share <- 100 * unname(coef(svymean(~b, des)))
  }
  if (!is.na(bench)) {
    r$z <- (share - bench) / se
    r$p <- 2 * pnorm(-abs(r$z))
  }
  r
}

# group rows (regions in C byte order, then "(all)") -> data frame
by_groups <- function(d, col, f) {
  keys <- sort(unique(d[[col]]), method = "radix")
  gs <- c(lapply(keys, function(k) d[d[[col]] == k, ]), list(d))
  names(gs) <- c(keys, "(all)")
  rows <- lapply(names(gs), function(g) {
    r <- f(gs[[g]])
    df <- as.data.frame(lapply(r, fmt), stringsAsFactors = FALSE)
    cbind(setNames(data.frame(g, stringsAsFactors = FALSE), col), df)
  })
  do.call(rbind, rows)
}

write_oracle <- function(df, name) {
  write.csv(df, file.path(here, name), row.names = FALSE, quote = FALSE)
}

# ---- samples/survey.csv: csat on 1-5, top 4-5, bottom 1-2 ------------------

d <- read_text(file.path(root, "samples", "survey.csv"))
stopifnot(identical(names(d), c("respondent_id", "date", "region", "plan",
                                "nps", "csat", "weight", "comment")))
cs <- parse_scale(d$csat, 1L, 5L)
d$v <- cs$value
d$miss <- cs$missing
d$w <- parse_weight(d$weight)

unw <- by_groups(d, "region", function(s)
  unweighted(s$v, sum(s$miss), 1L, 5L, top = 4L, bottom = 2L, bench = B))
wtd <- by_groups(d, "region", function(s)
  weighted(s$v, s$w, sum(s$miss), top = 4L, bottom = 2L, bench = B))
write_oracle(unw, "csat_sample_unweighted.csv")
write_oracle(wtd, "csat_sample_weighted.csv")

# property: all-one weights give the unweighted share, mean, SD and median
for (g in unique(d$region)) {
  s <- d[d$region == g, ]
  a <- unweighted(s$v, 0, 1L, 5L, top = 4L)
  b <- weighted(s$v, rep(1, nrow(s)), 0, top = 4L)
  stopifnot(isTRUE(all.equal(c(a$share, a$mean, a$sd, a$median),
                             c(b$share, b$mean, b$sd, b$median), tolerance = 1e-13)))
}
cat("all-one weights reproduce the unweighted share, mean, sd and median\n")

# ---- the --yes-no golden case: share of yes by channel -------------------

yn <- read_text(file.path(root, "tests", "cli", "csat", "yes-no", "input.csv"))
p <- parse_yes_no(yn$resolved)
yn$v <- p$value
yn$miss <- p$missing
write_oracle(by_groups(yn, "channel", function(s)
  unweighted(s$v, sum(s$miss), 0L, 1L, top = 1L)), "csat_yes_no.csv")

# ---- the --metric ces golden case: 1-7, top 5-7 --------------------------

ce <- read_text(file.path(root, "tests", "cli", "csat", "metric-ces", "input.csv"))
p <- parse_scale(ce$ces, 1L, 7L)
ce_r <- unweighted(p$value, sum(p$missing), 1L, 7L, top = 5L)
write_oracle(as.data.frame(lapply(ce_r, fmt), stringsAsFactors = FALSE), "csat_ces.csv")

# ---- STATS.md published examples, recomputed -------------------------------

g17 <- function(x) sprintf("%.17g", x)
wilson196 <- function(x, n) {       # the score interval with z = 1.96 written down
  zz <- 1.96; p <- x / n
  c <- p + zz^2 / (2 * n); h <- zz * sqrt(p * (1 - p) / n + zz^2 / (4 * n^2))
  pmin(1, pmax(0, c(c - h, c + h) / (1 + zz^2 / n)))
}
ac22 <- function(x, n) {            # "add 2 and 2", half-width with the exact z
  pt <- (x + 2) / (n + 4); h <- z * sqrt(pt * (1 - pt) / (n + 4)); c(pt - h, pt + h)
}
out <- c(
  "# STATS.md published CSAT examples recomputed in R -- generated by tests/oracle/csat.R",
  sprintf("# R %s.%s, survey %s", R.version$major, R.version$minor, as.character(packageVersion("survey"))),
  sprintf("share 42/32/10/9/14 (5..1): 100*74/107 = %s", g17(100 * 74 / 107)),
  sprintf("share 10/20/10/5/5 (5..1): 100*30/50 = %s", g17(100 * 30 / 50)),
  sprintf("wilson z=1.96 10/100: %s %s", g17(wilson196(10, 100)[1]), g17(wilson196(10, 100)[2])),
  sprintf("wilson z=1.96 25/100: %s %s", g17(wilson196(25, 100)[1]), g17(wilson196(25, 100)[2])),
  sprintf("wilson z=1.96 1/11: %s %s", g17(wilson196(1, 11)[1]), g17(wilson196(1, 11)[2])),
  sprintf("wilson z=1.96 0/1: %s %s", g17(wilson196(0, 1)[1]), g17(wilson196(0, 1)[2])),
  sprintf("wilson exact z 10/100 (prop.test): %s %s",
          g17(prop.test(10, 100, correct = FALSE)$conf.int[1]),
          g17(prop.test(10, 100, correct = FALSE)$conf.int[2])),
  sprintf("clopper-pearson 7/50 (binom.test): %s %s",
          g17(binom.test(7, 50)$conf.int[1]), g17(binom.test(7, 50)$conf.int[2])),
  sprintf("clopper-pearson 2/12 (binom.test): %s %s",
          g17(binom.test(2, 12)$conf.int[1]), g17(binom.test(2, 12)$conf.int[2])),
  sprintf("agresti-coull add 2 and 2, 15/50: %s %s", g17(ac22(15, 50)[1]), g17(ac22(15, 50)[2])),
  sprintf("t interval mean 18.4 sd 4.8 n 34: %s %s",
          g17(18.4 - qt(0.975, 33) * 4.8 / sqrt(34)), g17(18.4 + qt(0.975, 33) * 4.8 / sqrt(34))),
  sprintf("median 1,2,3,4 (R median): %s; median 4,4,5,5,5: %s",
          g17(median(c(1, 2, 3, 4))), g17(median(c(4, 4, 5, 5, 5))))
)
writeLines(out, file.path(here, "csat_published.txt"), useBytes = TRUE)
cat(out, sep = "\n")
cat("wrote", file.path(here, c("csat_sample_unweighted.csv", "csat_sample_weighted.csv",
                                "csat_yes_no.csv", "csat_ces.csv", "csat_published.txt")),
    sep = "\n  ")
cat("\n")
