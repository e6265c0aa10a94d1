# tests/oracle/segment.R -- independent R oracle for segment(1).
#
# Regenerate (from anywhere; paths are resolved from this file's location):
#
#     Rscript tests/oracle/segment.R
#
# Reads  samples/drivers.csv
# Writes tests/oracle/segment_label.tsv         labels per respondent (TSV)
#        tests/oracle/segment_cuts.txt          quantile cut points
#        tests/oracle/segment_compare.csv       each region against the rest
#        tests/oracle/segment_pairwise.csv      every pair of regions
#        tests/oracle/segment_drivers.csv       key-driver tables
#        tests/oracle/segment_small.csv         small key-driver cases of the CLI tests
#        tests/oracle/segment_padjust.txt       p.adjust on the STATS.md examples
#
# Nothing here uses surveykit.  The two-group tests follow STATS.md; the
# unweighted share test is prop.test(correct = FALSE); weighted SEs come
# from survey::svymean on one design per group (the group's own rows);
# adjusted p-values from p.adjust; correlations from cor() and cov.wt();
# standardized coefficients from lm() (unweighted: on scale()d variables;
# weighted: lm(weights = w) on the raw variables, rescaled by weighted SDs);
# relative weights by Johnson's method written out with eigen().
#
# Numbers are printed with sprintf("%.17g"); an undefined one is empty.

suppressPackageStartupMessages(library(survey))

args_all <- commandArgs(trailingOnly = FALSE)
self <- sub("^--file=", "", args_all[grep("^--file=", args_all)])
here <- if (length(self)) dirname(normalizePath(self)) else file.path(getwd(), "tests", "oracle")
root <- normalizePath(file.path(here, "..", ".."))

fmt <- function(x) {
  if (is.character(x)) return(x)
  ifelse(is.na(x), "", sprintf("%.17g", x))
}
write_out <- function(df, name, sep = ",") {
  out <- as.data.frame(lapply(df, fmt), stringsAsFactors = FALSE,
                       check.names = FALSE)
  write.table(out, file.path(here, name), sep = sep, quote = FALSE,
              row.names = FALSE, na = "")
}

d <- read.csv(file.path(root, "samples", "drivers.csv"),
              colClasses = "character", na.strings = character(0))
num <- function(s) { s <- trimws(s); ifelse(s == "" | s == "NA", NA_real_, as.numeric(s)) }
for (v in c("tenure_months", "nps", "csat", "sat_speed", "sat_price",
            "sat_support", "sat_ease", "weight"))
  d[[v]] <- num(d[[v]])
stopifnot(all(d$weight > 0))

# ---- labelling ---------------------------------------------------------------

# --bin tenure_months=0,3,12,24: [0,3) [3,12) [12,24) [24,inf)
bin <- as.character(cut(d$tenure_months, c(0, 3, 12, 24, Inf), right = FALSE,
                        labels = c("[0,3)", "[3,12)", "[12,24)", "[24,inf)")))
bin[is.na(bin)] <- ""

# --quantiles tenure_months=K: cut at quantile(type = 7) of the non-missing
# values, probabilities j/K; right-closed bins (findInterval, left.open)
quant <- function(x, K) {
  probs <- (1:(K - 1)) / K
  cuts <- quantile(x, probs, type = 7, names = FALSE, na.rm = TRUE)
  lab <- ifelse(is.na(x), "", paste0("Q", 1 + findInterval(x, cuts, left.open = TRUE)))
  list(label = lab, cuts = cuts)
}
q4 <- quant(d$tenure_months, 4)
q3 <- quant(d$tenure_months, 3)
q5 <- quant(d$sat_price, 5)

cat_nps <- ifelse(is.na(d$nps), "",
                  ifelse(d$nps >= 9, "promoter", ifelse(d$nps >= 7, "passive", "detractor")))

# --rule 'Fan: nps >= 9 and sat_support >= 4' --rule 'At risk: nps <= 6'
# --rule 'Price-sensitive: sat_price < 3 and plan != Enterprise' --default Other
# (a condition on a missing cell is false)
istrue <- function(x) !is.na(x) & x
rule <- ifelse(istrue(d$nps >= 9 & d$sat_support >= 4), "Fan",
        ifelse(istrue(d$nps <= 6), "At risk",
        ifelse(istrue(d$sat_price < 3 & d$plan != "Enterprise"), "Price-sensitive", "Other")))

write_out(data.frame(respondent_id = d$respondent_id, bin = bin,
                     quartile = q4$label, tercile = q3$label,
                     price_quintile = q5$label, nps_category = cat_nps,
                     rule = rule, stringsAsFactors = FALSE),
          "segment_label.tsv", sep = "\t")    # tab-separated: labels hold commas
writeLines(c(paste(c("tenure_months_4", fmt(q4$cuts)), collapse = " "),
             paste(c("tenure_months_3", fmt(q3$cuts)), collapse = " "),
             paste(c("sat_price_5", fmt(q5$cuts)), collapse = " ")),
           file.path(here, "segment_cuts.txt"))

# ---- two-group tests --------------------------------------------------------------

z_p <- function(diff, se) {
  z <- ifelse(se > 0, diff / se, NA_real_)
  list(z = z, p = 2 * pnorm(-abs(z)))
}

# NPS from counts (STATS.md): plug-in SE; adjusted Wald adds 3/4 P, 3/4 D, 3 n
nps_counts <- function(y) {
  y <- y[!is.na(y)]
  c(P = sum(y >= 9), A = sum(y >= 7 & y <= 8), D = sum(y <= 6))
}
nps_est <- function(k) {
  n <- sum(k); p <- k[["P"]] / n; dd <- k[["D"]] / n
  c(n = n, nps = 100 * (k[["P"]] - k[["D"]]) / n,
    se = 100 * sqrt((p + dd - (p - dd)^2) / n))
}
nps_adj <- function(k) {
  na <- sum(k) + 3; p <- (k[["P"]] + 0.75) / na; dd <- (k[["D"]] + 0.75) / na
  c(centre = 100 * (k[["P"]] - k[["D"]]) / na, se = 100 * sqrt((p + dd - (p - dd)^2) / na))
}
test_nps <- function(y1, y2) {
  k1 <- nps_counts(y1); k2 <- nps_counts(y2)
  a <- nps_est(k1); b <- nps_est(k2)
  diff <- a[["nps"]] - b[["nps"]]; se <- sqrt(a[["se"]]^2 + b[["se"]]^2)
  tz <- z_p(diff, se)
  aa <- nps_adj(k1); ab <- nps_adj(k2)
  sea <- sqrt(aa[["se"]]^2 + ab[["se"]]^2)
  ta <- z_p(aa[["centre"]] - ab[["centre"]], sea)
  data.frame(n = a[["n"]], value = a[["nps"]], rest_n = b[["n"]], rest_value = b[["nps"]],
             diff = diff, se = se, z = tz$z, p = tz$p,
             awald_se = sea, awald_z = ta$z, awald_p = ta$p)
}

# Top box (4-5 of 1-5): prop.test(correct = FALSE) gives p; z and the
# pooled SE written out, checked against the chi-square statistic
test_share <- function(y1, y2, top = 4) {
  y1 <- y1[!is.na(y1)]; y2 <- y2[!is.na(y2)]
  x <- c(sum(y1 >= top), sum(y2 >= top)); n <- c(length(y1), length(y2))
  pt <- suppressWarnings(prop.test(x, n, correct = FALSE))
  pbar <- sum(x) / sum(n)
  se <- 100 * sqrt(pbar * (1 - pbar) * (1 / n[1] + 1 / n[2]))
  diff <- 100 * x[1] / n[1] - 100 * x[2] / n[2]
  z <- diff / se
  stopifnot(abs(z^2 - unname(pt$statistic)) < 1e-9 * max(1, z^2))
  stopifnot(abs(2 * pnorm(-abs(z)) - pt$p.value) < 1e-12)
  data.frame(n = n[1], value = 100 * x[1] / n[1], rest_n = n[2],
             rest_value = 100 * x[2] / n[2], diff = diff, se = se, z = z,
             p = pt$p.value, awald_se = NA, awald_z = NA, awald_p = NA)
}

# Weighted: svymean on each group's own design; SE of the difference from
# the two independent SEs
svy_mean_se <- function(y, w) {
  ok <- !is.na(y)
  des <- svydesign(ids = ~1, weights = ~w, data = data.frame(y = y[ok], w = w[ok]))
  m <- svymean(~y, des)
  c(n = sum(ok), mean = unname(coef(m)), se = unname(SE(m)))
}
test_weighted <- function(y1, w1, y2, w2) {
  a <- svy_mean_se(y1, w1); b <- svy_mean_se(y2, w2)
  diff <- 100 * (a[["mean"]] - b[["mean"]]); se <- 100 * sqrt(a[["se"]]^2 + b[["se"]]^2)
  tz <- z_p(diff, se)
  data.frame(n = a[["n"]], value = 100 * a[["mean"]], rest_n = b[["n"]],
             rest_value = 100 * b[["mean"]], diff = diff, se = se, z = tz$z, p = tz$p,
             awald_se = NA, awald_z = NA, awald_p = NA)
}

y_nps <- ifelse(is.na(d$nps), NA, ifelse(d$nps >= 9, 1, ifelse(d$nps >= 7, 0, -1)))
y_top <- ifelse(is.na(d$csat), NA, as.numeric(d$csat >= 4))

regions <- sort(unique(d$region), method = "radix")    # C byte order
plans <- sort(unique(d$plan), method = "radix")

compare_rest <- function(metric, by, levels) {
  rows <- lapply(levels, function(g) {
    i <- d[[by]] == g
    r <- switch(metric,
      nps = test_nps(d$nps[i], d$nps[!i]),
      csat = test_share(d$csat[i], d$csat[!i]),
      nps_w = test_weighted(y_nps[i], d$weight[i], y_nps[!i], d$weight[!i]),
      csat_w = test_weighted(y_top[i], d$weight[i], y_top[!i], d$weight[!i]))
    cbind(data.frame(metric = metric, by = by, segment = g, stringsAsFactors = FALSE), r)
  })
  r <- do.call(rbind, rows)
  r$p_holm <- p.adjust(r$p, "holm")
  r$p_bh <- p.adjust(r$p, "BH")
  r$awald_p_holm <- p.adjust(r$awald_p, "holm")
  r
}
cmp <- rbind(compare_rest("nps", "region", regions), compare_rest("csat", "region", regions),
             compare_rest("nps_w", "region", regions), compare_rest("csat_w", "region", regions),
             compare_rest("nps", "plan", plans), compare_rest("csat", "plan", plans))
write_out(cmp, "segment_compare.csv")

pairwise <- function(metric, levels) {
  rows <- list()
  for (a in seq_along(levels)) for (b in seq_along(levels)) if (a < b) {
    ia <- d$region == levels[a]; ib <- d$region == levels[b]
    r <- switch(metric,
      nps = test_nps(d$nps[ia], d$nps[ib]),
      csat = test_share(d$csat[ia], d$csat[ib]),
      nps_w = test_weighted(y_nps[ia], d$weight[ia], y_nps[ib], d$weight[ib]))
    rows[[length(rows) + 1]] <- cbind(data.frame(metric = metric,
      segment_a = levels[a], segment_b = levels[b], stringsAsFactors = FALSE), r)
  }
  r <- do.call(rbind, rows)
  names(r)[names(r) == "n"] <- "n_a"; names(r)[names(r) == "value"] <- "value_a"
  names(r)[names(r) == "rest_n"] <- "n_b"; names(r)[names(r) == "rest_value"] <- "value_b"
  r$p_holm <- p.adjust(r$p, "holm")
  r$p_bh <- p.adjust(r$p, "BH")
  r
}
write_out(rbind(pairwise("nps", regions), pairwise("csat", regions),
                pairwise("nps_w", regions)), "segment_pairwise.csv")

# ---- key drivers -----------------------------------------------------------------

drivers <- c("sat_speed", "sat_price", "sat_support", "sat_ease")

# Johnson's relative weights, written out: Rxx = V diag(ev) V',
# Lambda = V diag(sqrt(ev)) V', beta* = Lambda^-1 rxy, weights = Lambda^2 beta*^2
relweights <- function(R, ynames = 1) {
  rxx <- R[-1, -1]; rxy <- R[-1, 1]
  e <- eigen(rxx, symmetric = TRUE)
  L <- e$vectors %*% diag(sqrt(e$values)) %*% t(e$vectors)
  bstar <- solve(L, rxy)
  drop((L^2) %*% (bstar^2))
}

# weighted midranks: the weight below a value plus half the weight at it
wrank <- function(x, w) {
  u <- sort(unique(x)); W <- sapply(u, function(v) sum(w[x == v]))
  r <- cumsum(W) - W / 2
  r[match(x, u)]
}
wcor <- function(a, b, w) cov.wt(cbind(a, b), wt = w / sum(w), cor = TRUE)$cor[1, 2]

kda <- function(outcome, weighted) {
  vars <- c(outcome, drivers)
  cc <- complete.cases(d[, vars])
  x <- d[cc, vars]; w <- d$weight[cc]
  n <- nrow(x)
  if (!weighted) {
    R <- cor(x, method = "pearson")
    S <- cor(x, method = "spearman")
    fit <- lm(reformulate(paste0("scale(", drivers, ")"), paste0("scale(", outcome, ")")),
              data = x)
    beta <- unname(coef(fit)[-1])
    r2 <- summary(fit)$r.squared
  } else {
    R <- cov.wt(x, wt = w / sum(w), cor = TRUE)$cor
    S <- sapply(drivers, function(v) wcor(wrank(x[[v]], w), wrank(x[[outcome]], w), w))
    fit <- lm(reformulate(drivers, outcome), data = x, weights = w)
    wsd <- function(v) sqrt(cov.wt(cbind(v), wt = w / sum(w))$cov[1, 1])
    beta <- unname(coef(fit)[-1]) * sapply(x[drivers], wsd) / wsd(x[[outcome]])
    r2 <- sum(beta * R[drivers, outcome])
    # lm's own R^2 of the weighted fit agrees
    stopifnot(abs(r2 - summary(fit)$r.squared) < 1e-12)
  }
  rw <- relweights(R[vars, vars])
  stopifnot(abs(sum(rw) - r2) < 1e-12)
  data.frame(outcome = outcome, weighted = as.integer(weighted), driver = drivers,
             n = n, pearson = unname(R[drivers, outcome]),
             spearman = if (weighted) unname(S) else unname(S[drivers, outcome]),
             beta = beta, rel_weight = rw, rel_weight_pct = 100 * rw / r2,
             r_squared = r2, n_used = n, stringsAsFactors = FALSE)
}
write_out(rbind(kda("nps", FALSE), kda("csat", FALSE), kda("nps", TRUE),
                kda("csat", TRUE)), "segment_drivers.csv")

# ---- small key-driver cases of the golden CLI tests ------------------------------
# (tests/cli/segment/drivers-skip-invalid, drivers-collinear; the rows that
# segment uses after skipping the invalid and the incomplete ones)
small <- function(case, nps, a, b) {
  x <- data.frame(nps = nps, a = a, b = b)
  R <- cor(x)
  S <- cor(x, method = "spearman")
  fit <- lm(scale(nps) ~ scale(a) + scale(b), data = x)
  beta <- unname(coef(fit)[-1])
  e <- eigen(R[-1, -1], symmetric = TRUE)$values
  if (any(is.na(beta)) || min(e) < 1e-10 * max(e)) {
    beta <- c(NA, NA); rw <- c(NA, NA); r2 <- NA
  } else {
    r2 <- summary(fit)$r.squared; rw <- relweights(R)
  }
  data.frame(case = case, driver = c("a", "b"), n = nrow(x),
             pearson = unname(R[c("a", "b"), "nps"]), spearman = unname(S[c("a", "b"), "nps"]),
             beta = beta, rel_weight = rw, rel_weight_pct = 100 * rw / r2,
             r_squared = r2, n_used = nrow(x), stringsAsFactors = FALSE)
}
write_out(rbind(
  # rows 9,5,1  7,3,3  3,1,5  6,2,2  5,4,4 (8,x,2 invalid; 10,5,empty incomplete)
  small("skip_invalid", c(9, 7, 3, 6, 5), c(5, 3, 1, 2, 4), c(1, 3, 5, 2, 4)),
  small("collinear", c(9, 8, 7, 3), c(5, 4, 3, 1), c(5, 4, 3, 1))), "segment_small.csv")

# ---- p.adjust on the published examples of STATS.md ---------------------------------
holm <- p.adjust(c(.5, .003, .32, .054, .0003), "holm")
bh <- p.adjust(c(.008, .03, .123, .6, .2), "BH")
bh2 <- as.integer(p.adjust(c(.50, .01, .001, .69, .02, .05, .0025), "BH") <= 0.05)
stopifnot(all(abs(holm - c(.64, .012, .64, .162, .0015)) < 1e-12))
stopifnot(all(abs(bh - c(.04, .075, .205, .6, .25)) < 1e-12))
stopifnot(identical(bh2, c(0L, 1L, 1L, 0L, 1L, 0L, 1L)))
writeLines(c(paste(c("holm", fmt(holm)), collapse = " "),
             paste(c("bh", fmt(bh)), collapse = " "),
             paste(c("bh_decisions_0.05", bh2), collapse = " ")),
           file.path(here, "segment_padjust.txt"))
cat("segment oracle written to", here, "\n")
