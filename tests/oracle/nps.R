# tests/oracle/nps.R -- independent R oracle for surveykit's NPS figures.
#
# Regenerate (from anywhere; paths are resolved from this file's location):
#
#     Rscript tests/oracle/nps.R
#
# Reads  samples/survey.csv
# Writes tests/oracle/nps_sample_unweighted.csv
#        tests/oracle/nps_sample_weighted.csv
#        tests/oracle/nps_small_cases.txt
#
# Nothing here uses surveykit: the formulas are written out from
# /work/shared/STATS.md (docs) and the weighted standard errors come from
# survey::svymean.  R is not a dependency of surveykit or its CI; the
# committed output files are the oracle.
#
# Numbers are printed with sprintf("%.17g"), which round-trips an IEEE double.
# An undefined statistic (n = 0, or z when SE = 0) is printed as an empty field.
#
# Verified property (checked below with stopifnot, on every region and overall):
#   with all weights equal, svymean's SE equals the unweighted plug-in SE
#   times sqrt(n/(n-1)), i.e. svymean uses the n/(n-1) linearisation variance
#   while the plug-in SE uses denominator n.  On samples/survey.csv (R 4.2.2,
#   survey 4.1-1) the largest relative difference between
#   SE_svymean(w = const) and SE_plugin * sqrt(n/(n-1)) is 1.8e-15, i.e. a few
#   ulp (printed when the script runs), for weights all 1 and all 1.37.

suppressPackageStartupMessages(library(survey))

args_all <- commandArgs(trailingOnly = FALSE)
self <- sub("^--file=", "", args_all[grep("^--file=", args_all)])
here <- if (length(self)) dirname(normalizePath(self)) else file.path(getwd(), "tests", "oracle")
root <- normalizePath(file.path(here, "..", ".."))

B <- 30                      # benchmark for the one-sample test
z <- qnorm(0.975)            # 1.959963984540054, not 1.96

fmt <- function(x) {
  if (is.character(x)) return(x)
  ifelse(is.na(x), "", sprintf("%.17g", x))
}

# ---- reading and validity (STATS.md "Validity of an answer") ---------------

# Everything as text so that we decide what is missing / valid ourselves.
d <- read.csv(file.path(root, "samples", "survey.csv"),
              colClasses = "character", na.strings = character(0),
              fileEncoding = "UTF-8", check.names = FALSE)
stopifnot(identical(names(d), c("respondent_id", "date", "region", "plan",
                                "nps", "csat", "weight", "comment")))

parse_nps <- function(s) {
  s <- trimws(s)
  miss <- s == "" | s == "NA"
  ok <- grepl("^[0-9]+$", s)
  v <- rep(NA_integer_, length(s))
  v[ok] <- as.integer(s[ok])
  bad <- !miss & (!ok | is.na(v) | v < 0L | v > 10L)
  if (any(bad)) stop("invalid nps value(s): ", paste(unique(s[bad]), collapse = ", "))
  list(value = v, missing = miss)
}

parse_weight <- function(s) {
  w <- suppressWarnings(as.numeric(trimws(s)))
  w[!is.finite(w) | w <= 0] <- NA_real_   # dropped from weighted estimates
  w
}

np <- parse_nps(d$nps)
d$score   <- np$value
d$missing <- np$missing
d$w       <- parse_weight(d$weight)
d$y       <- ifelse(is.na(d$score), NA_real_,
                    ifelse(d$score >= 9L, 1, ifelse(d$score <= 6L, -1, 0)))

# ---- unweighted ------------------------------------------------------------

# Counts -> every unweighted statistic, straight from the formulas.
nps_stats <- function(P, A, D) {
  n <- P + A + D
  if (n == 0) {
    na <- NA_real_
    return(list(n = 0, P = P, A = A, D = D, pct_p = na, pct_a = na, pct_d = na,
                nps = na, v = na, se = na, wald_low = na, wald_high = na,
                adj_centre = na, adj_se = na, adj_low = na, adj_high = na,
                z30 = na, p30 = na))
  }
  p <- P / n
  dd <- D / n
  nps <- 100 * (P - D) / n                # one division of exact integer counts
  v <- p + dd - (p - dd)^2
  se <- 100 * sqrt(v / n)
  clip <- function(x) pmin(100, pmax(-100, x))
  # adjusted Wald: +3/4 promoters, +3/4 detractors, +3 n (so +3/2 passives)
  P2 <- P + 0.75; D2 <- D + 0.75; n2 <- n + 3
  p2 <- P2 / n2; d2 <- D2 / n2
  centre <- 100 * (P2 - D2) / n2
  se2 <- 100 * sqrt((p2 + d2 - (p2 - d2)^2) / n2)
  zz <- if (se > 0) (nps - B) / se else NA_real_
  list(n = n, P = P, A = A, D = D,
       pct_p = 100 * P / n, pct_a = 100 * A / n, pct_d = 100 * D / n,
       nps = nps, v = v, se = se,
       wald_low = clip(nps - z * se), wald_high = clip(nps + z * se),
       adj_centre = centre, adj_se = se2,
       adj_low = clip(centre - z * se2), adj_high = clip(centre + z * se2),
       z30 = zz, p30 = if (is.na(zz)) NA_real_ else 2 * pnorm(-abs(zz)))
}

regions <- sort(unique(d$region), method = "radix")   # radix sort = C byte order
groups <- c(lapply(regions, function(r) d[d$region == r, ]), list(d))
names(groups) <- c(regions, "(all)")

unw <- do.call(rbind, lapply(names(groups), function(g) {
  s <- groups[[g]]
  sc <- s$score[!is.na(s$score)]
  st <- nps_stats(sum(sc >= 9L), sum(sc >= 7L & sc <= 8L), sum(sc <= 6L))
  data.frame(region = g, n = fmt(st$n), missing = fmt(sum(s$missing)),
             promoters = fmt(st$P), passives = fmt(st$A), detractors = fmt(st$D),
             pct_promoters = fmt(st$pct_p), pct_passives = fmt(st$pct_a),
             pct_detractors = fmt(st$pct_d), nps = fmt(st$nps), se = fmt(st$se),
             wald_low = fmt(st$wald_low), wald_high = fmt(st$wald_high),
             adj_low = fmt(st$adj_low), adj_high = fmt(st$adj_high),
             z30 = fmt(st$z30), p30 = fmt(st$p30), stringsAsFactors = FALSE)
}))

# ---- weighted --------------------------------------------------------------

wtd <- do.call(rbind, lapply(names(groups), function(g) {
  s <- groups[[g]]
  s <- s[!is.na(s$y) & !is.na(s$w), ]     # valid answer AND positive finite weight
  n <- nrow(s)
  sw <- sum(s$w)
  n_eff <- sw^2 / sum(s$w^2)
  pct <- function(k) 100 * sum(s$w[s$y == k]) / sw
  nps_w <- 100 * sum(s$w * s$y) / sw
  des <- svydesign(ids = ~1, weights = ~w, data = s)
  m <- svymean(~y, des)
  stopifnot(isTRUE(all.equal(unname(coef(m)) * 100, nps_w, tolerance = 1e-13)))
  se <- 100 * unname(SE(m))[1]
  data.frame(region = g, n = fmt(n), weight_sum = fmt(sw), n_eff = fmt(n_eff),
             pct_promoters = fmt(pct(1)), pct_passives = fmt(pct(0)),
             pct_detractors = fmt(pct(-1)), nps = fmt(nps_w), se = fmt(se),
             ci_low = fmt(max(-100, nps_w - z * se)),
             ci_high = fmt(min(100, nps_w + z * se)), stringsAsFactors = FALSE)
}))

# ---- property: equal weights -> svymean SE = plug-in SE * sqrt(n/(n-1)) ------

worst <- 0
for (g in names(groups)) {
  s <- groups[[g]]
  s <- s[!is.na(s$y), ]
  n <- nrow(s)
  st <- nps_stats(sum(s$y == 1), sum(s$y == 0), sum(s$y == -1))
  for (const in c(1, 1.37)) {
    s$cw <- const
    se_svy <- 100 * unname(SE(svymean(~y, svydesign(ids = ~1, weights = ~cw, data = s))))[1]
    expect <- st$se * sqrt(n / (n - 1))
    rel <- abs(se_svy - expect) / expect
    worst <- max(worst, rel)
    stopifnot(rel < 1e-12)
  }
}
cat(sprintf("equal-weights property holds: max relative difference %.3g\n", worst))

write.csv(unw, file.path(here, "nps_sample_unweighted.csv"), row.names = FALSE, quote = FALSE)
write.csv(wtd, file.path(here, "nps_sample_weighted.csv"), row.names = FALSE, quote = FALSE)

# ---- small hand-checkable cases -------------------------------------------

g17 <- function(x) if (is.na(x)) "" else sprintf("%.17g", x)
g6  <- function(x) sprintf("%.10g", x)

cases <- list(
  list(name = "mixed6", scores = "10,9,8,7,6,0", P = 2, A = 2, D = 2,
       note = "p = d = 1/3: v = 2/3, SE = 100*sqrt(1/9) = 100/3 mathematically (the double is 1 ulp below 100.0/3 = 33.333333333333336); adjusted: p' = d' = 2.75/9, v' = 5.5/9, SE' = 100*sqrt(5.5)/9"),
  list(name = "all10", scores = "10,10,10,10,10", P = 5, A = 0, D = 0,
       note = "v = 1 - 1 = 0: SE 0, Wald degenerate [100, 100]; adjusted: p' = 5.75/8, d' = 0.75/8, centre 62.5, v' = 0.8125 - 0.625^2 = 0.421875, upper limit clipped to 100"),
  list(name = "n1", scores = "3", P = 0, A = 0, D = 1,
       note = "n = 1: v = 1 - 1 = 0, SE 0; adjusted: P' = 0.75, D' = 1.75, n' = 4, centre -25, v' = 0.625 - 0.0625 = 0.5625, SE' = 100*sqrt(0.5625/4) = 37.5 exactly"),
  list(name = "all7", scores = "7,7,7,7", P = 0, A = 4, D = 0,
       note = "all passives: NPS 0, v = 0, SE 0, Wald [0, 0]; adjusted: p' = d' = 0.75/7, centre 0, v' = 1.5/7, SE' = 100*sqrt(1.5)/7"),
  list(name = "stats1024", scores = "341 detractors, 342 passives, 341 promoters", P = 341, A = 342, D = 341,
       note = "STATS.md example: v = 682/1024, SE = 100*sqrt(682)/1024; full Wald width 2*z*SE = 10.00 (approx 320/sqrt(1024))"),
  list(name = "p30d20", scores = "3 promoters, 5 passives, 2 detractors", P = 3, A = 5, D = 2,
       note = "STATS.md example 30 % promoters, 20 % detractors -> +10: v = 0.5 - 0.01 = 0.49, SE = 100*sqrt(0.049)"),
  list(name = "halfthirdsixth", scores = "3 promoters, 2 passives, 1 detractor", P = 3, A = 2, D = 1,
       note = "STATS.md example shares (1/2, 1/3, 1/6) -> NPS 33.33, v = 2/3 - 1/9 = 5/9, SE = 100*sqrt(5/54)"),
  list(name = "clip9of10", scores = "9 promoters, 1 detractor", P = 9, A = 0, D = 1,
       note = "Wald upper limit exceeds 100 and is clipped: v = 1 - 0.64 = 0.36, SE = 100*sqrt(0.036)")
)

out <- c(
  "# surveykit NPS small cases -- generated by tests/oracle/nps.R (do not edit by hand)",
  sprintf("# R %s, survey %s", paste(R.version$major, R.version$minor, sep = "."), as.character(packageVersion("survey"))),
  sprintf("# z = qnorm(0.975) = %s", g17(z)),
  "# NPS = 100*(P-D)/n; p = P/n, d = D/n; v = p + d - (p-d)^2; SE = 100*sqrt(v/n)",
  "# Wald = NPS +/- z*SE; adjusted Wald: P' = P+0.75, D' = D+0.75, n' = n+3,",
  "#   centre = 100*(P'-D')/n', SE' = 100*sqrt((p'+d'-(p'-d')^2)/n'), centre +/- z*SE'.",
  "# All limits clipped to [-100, 100]. Values printed with %.17g.",
  "# Computed in exactly this operation order in double precision. Another order can",
  "#   differ in the last bits (see mixed6: SE is 33.333333333333329, not 100.0/3), so",
  "#   compare with a relative tolerance of about 1e-12, not bit for bit.",
  "# One line per case: whitespace-separated fields in the order of the header line.",
  "#",
  "# Degenerate case not listed as a row: n = 0 (no valid answers) -> P = A = D = 0 and",
  "#   every statistic (NPS, SE, both intervals) is empty; NPS is never printed as 0.",
  "",
  "name P A D n nps v se wald_low wald_high adj_centre adj_se adj_low adj_high"
)
for (cs in cases) {
  st <- nps_stats(cs$P, cs$A, cs$D)
  n <- st$n
  out <- c(out, "",
    sprintf("# %s: scores %s", cs$name, cs$scores),
    sprintf("#   NPS = 100*(%g-%g)/%g = %s;  v = %g/%g + %g/%g - ((%g-%g)/%g)^2 = %s;  SE = 100*sqrt(%s/%g) = %s",
            cs$P, cs$D, n, g6(st$nps), cs$P, n, cs$D, n, cs$P, cs$D, n, g6(st$v), g6(st$v), n, g6(st$se)),
    sprintf("#   Wald = %s -/+ %s*%s = [%s, %s] (clipped)",
            g6(st$nps), g6(z), g6(st$se), g6(st$wald_low), g6(st$wald_high)),
    sprintf("#   adjusted: P' = %g, D' = %g, n' = %g; centre = 100*(%g-%g)/%g = %s; SE' = %s; [%s, %s] (clipped)",
            cs$P + 0.75, cs$D + 0.75, n + 3, cs$P + 0.75, cs$D + 0.75, n + 3,
            g6(st$adj_centre), g6(st$adj_se), g6(st$adj_low), g6(st$adj_high)),
    sprintf("#   %s", cs$note),
    paste(cs$name, cs$P, cs$A, cs$D, n, g17(st$nps), g17(st$v), g17(st$se),
          g17(st$wald_low), g17(st$wald_high), g17(st$adj_centre), g17(st$adj_se),
          g17(st$adj_low), g17(st$adj_high)))
}
writeLines(out, file.path(here, "nps_small_cases.txt"), useBytes = TRUE)

cat("wrote", file.path(here, c("nps_sample_unweighted.csv", "nps_sample_weighted.csv",
                                "nps_small_cases.txt")), sep = "\n  ")
cat("\n")
