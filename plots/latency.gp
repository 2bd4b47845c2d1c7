# Latency percentiles against a swept parameter (threads), one colour per implementation and one
# dash style per percentile (solid p50, dashed p99 by default).
#
# Inputs (gnuplot variables):
#   out, datadir, n, title, xlabel, ylabel: as in throughput.gp; series files datadir/NN.dat have a
#            header row (first field = legend title) then rows "x p50 p90 p99 p999 below", where
#            below is the y at which to mark a p50 that was below the clock's resolution (else NaN)
# optional:
#   cols       columns to draw (default "2 4": p50 and p99)
#   coltitles  their names in the legend (default "p50 p99")
#   belowclock 1: some p50 was below the clock: draw the marks and say so in the legend
#   lts, dodge, axes: as in throughput.gp
load "style.gp"
if (!exists("lts"))  lts = ""
if (!exists("cols")) cols = "2 4"
if (!exists("coltitles")) coltitles = "p50 p99"
if (!exists("belowclock")) belowclock = 0
if (!exists("dodge")) dodge = 0

set title title font ",12"
set xlabel xlabel
set ylabel ylabel
load "axes.gp"

series(i) = sprintf("%s/%02d.dat", datadir, i)
lt_of(i) = (words(lts) >= i) ? int(word(lts, i)) : i
col(k) = int(word(cols, k))
ncols = words(cols)
shift(i) = (i - (n + 1) / 2.0) * dodge
xpos(x, i) = xlog ? x * 2 ** shift(i) : x + shift(i)

# The implementation names go in the legend once (first percentile); the dash styles get one
# black legend entry each.
plot for [k=1:ncols] for [i=1:n] series(i) using (xpos($1, i)):col(k) with linespoints lt lt_of(i) dt k \
         title (k == 1 ? columnheader(1) : ""), \
     for [k=1:ncols] NaN with lines lc rgb "#000000" dt k title word(coltitles, k), \
     for [b=1:belowclock] for [i=1:n] series(i) using (xpos($1, i)):6 with points lt lt_of(i) pt 9 ps 1.8 notitle, \
     for [b=1:belowclock] NaN with points lc rgb "#000000" pt 9 ps 1.8 title "p50 below clock"
