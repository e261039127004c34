# Writes small collections of well-known series with real dates, from R's own datasets
# (R's `datasets` and the forecast package), as long tables: <dir>/<name>-train.csv and
# <name>-test.csv (unique_id, ds, y), the last h values of each series in the test table.
# Usage: Rscript r_collections.R <dir>
suppressMessages(library(forecast))
dir <- commandArgs(trailingOnly = TRUE)[1]
write_collection <- function(name, xs, h) {
  tr <- list(); te <- list()
  for (n in names(xs)) {
    x <- xs[[n]]
    tt <- time(x); f <- frequency(x)
    yr <- floor(tt + 1e-9); per <- round((tt - yr) * f) + 1
    month <- if (f == 12) per else (per - 1) * 3 + 1
    ds <- sprintf("%04d-%02d-01", yr, month)
    k <- length(x) - h
    tr[[n]] <- data.frame(unique_id = n, ds = ds[1:k], y = as.numeric(x)[1:k])
    te[[n]] <- data.frame(unique_id = n, ds = ds[(k + 1):length(x)], y = as.numeric(x)[(k + 1):length(x)])
  }
  write.csv(do.call(rbind, tr), file.path(dir, paste0(name, "-train.csv")), row.names = FALSE, quote = FALSE)
  write.csv(do.call(rbind, te), file.path(dir, paste0(name, "-test.csv")), row.names = FALSE, quote = FALSE)
}
write_collection("monthly", list(AirPassengers = AirPassengers, co2 = co2, nottem = nottem, UKDriverDeaths = UKDriverDeaths,
  ldeaths = ldeaths, USAccDeaths = USAccDeaths, wineind = wineind, gas = gas), 18)
write_collection("quarterly", list(austres = austres, JohnsonJohnson = JohnsonJohnson, UKgas = UKgas, woolyrnq = woolyrnq), 8)
sb <- Seatbelts
write_collection("seatbelts", list(mdeaths = mdeaths, fdeaths = fdeaths, front = sb[, "front"], rear = sb[, "rear"], kms = sb[, "kms"],
  PetrolPrice = sb[, "PetrolPrice"], VanKilled = sb[, "VanKilled"], sunspots = window(sunspots, start = c(1950, 1))), 18)
