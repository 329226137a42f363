# Runs the M4 organisers' statistical benchmarks (their "Benchmarks and Evaluation.R", copied into
# data/m4/ by scripts/fetch-m4.sh; never committed here) on series from an M4-format train CSV and
# writes every benchmark's point forecasts, plus the fitted ETS parameters, as long CSVs.
# Only the script's function definitions are evaluated: its demo data block and evaluation loop are not.
#
#   Rscript scripts/m4/reference-forecasts.R REFERENCE.R TRAIN.csv FREQUENCY HORIZON OUT_PREFIX [ID,ID,...]
#
# Writes OUT_PREFIX-forecasts.csv (id,method,step,value) and OUT_PREFIX-params.csv
# (id,model,alpha,beta,phi,l0,b0,mse,seasonal). Needs R's forecast package (Debian: r-cran-forecast).
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 5) stop("usage: reference-forecasts.R REFERENCE.R TRAIN.csv FREQUENCY HORIZON OUT_PREFIX [IDS]")
ref <- args[1]; train_file <- args[2]; frq <- as.integer(args[3]); fh <- as.integer(args[4]); out <- args[5]
wanted <- if (length(args) >= 6 && nchar(args[6]) > 0) strsplit(args[6], ",")[[1]] else NULL

# Evaluate only `name <- function(...)` definitions from the reference script.
for (e in parse(file = ref)) {
  if (is.call(e) && identical(e[[1]], as.name("<-")) && is.call(e[[3]]) && identical(e[[3]][[1]], as.name("function"))) {
    eval(e, envir = globalenv())
  }
}
stopifnot(exists("Benchmarks"), exists("SeasonalityTest"))

train <- read.csv(train_file, stringsAsFactors = FALSE)
ids <- train[[1]]
if (!is.null(wanted)) train <- train[match(wanted, ids), , drop = FALSE]
ids <- train[[1]]
names_b <- c("Naive", "sNaive", "Naive2", "SES", "Holt", "Damped", "Theta", "Com")

fc_rows <- vector("list", nrow(train)); par_rows <- vector("list", nrow(train))
for (i in seq_len(nrow(train))) {
  v <- as.numeric(train[i, -1]); v <- v[!is.na(v)]
  input <- ts(v, frequency = frq)
  f <- Benchmarks(input = input, fh = fh)
  fc_rows[[i]] <- do.call(rbind, lapply(seq_along(names_b), function(j)
    data.frame(id = ids[i], method = names_b[j], step = seq_len(fh), value = as.numeric(f[[j]]))))
  # The same seasonal adjustment as the reference, to report the fitted ETS parameters.
  st <- frq > 1 && SeasonalityTest(input, frq)
  des <- if (st) input / decompose(input, type = "multiplicative")$seasonal else input
  fits <- list(ses = ses(des, h = fh)$model, holt = holt(des, h = fh)$model, damped = holt(des, h = fh, damped = TRUE)$model)
  par_rows[[i]] <- do.call(rbind, lapply(names(fits), function(k) {
    p <- fits[[k]]$par
    g <- function(nm) if (nm %in% names(p)) unname(p[nm]) else NA
    data.frame(id = ids[i], model = k, alpha = g("alpha"), beta = g("beta"), phi = g("phi"), l0 = g("l"), b0 = g("b"),
               mse = fits[[k]]$mse, seasonal = st)
  }))
}
write.csv(do.call(rbind, fc_rows), paste0(out, "-forecasts.csv"), row.names = FALSE)
write.csv(do.call(rbind, par_rows), paste0(out, "-params.csv"), row.names = FALSE)
cat(sprintf("%d series, forecast %s\n", nrow(train), as.character(packageVersion("forecast"))))
