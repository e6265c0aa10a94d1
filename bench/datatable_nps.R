# datatable_nps.R - the NPS-by-region job in R's data.table, a peer for
# bench/run.sh.
#   Rscript datatable_nps.R FILE [THREADS]   (needs r-cran-data.table; 2 threads
#                                             unless told)
# Prints region,n,nps: n counts the non-empty nps cells, nps is
# 100 * (promoters (9-10) - detractors (0-6)) / n, to 2 decimals.
suppressPackageStartupMessages(library(data.table))
args <- commandArgs(trailingOnly = TRUE)
setDTthreads(if (length(args) > 1) as.integer(args[2]) else 2L)
dt <- fread(args[1], select = c("region", "nps"), na.strings = "",
            colClasses = list(character = "region", numeric = "nps"))
r <- dt[!is.na(nps), .(n = .N, nps = 100 * (sum(nps >= 9) - sum(nps <= 6)) / .N),
        keyby = region]
cat("region,n,nps\n")
cat(sprintf("%s,%d,%.2f\n", r$region, r$n, r$nps), sep = "")
