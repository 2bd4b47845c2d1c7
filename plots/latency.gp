# Latency percentiles against a swept parameter (threads), one colour per implementation and one
# dash style per percentile (solid p50, dashed p99 by default).
#
# Inputs (gnuplot variables):
#   out, datadir, n, title, xlabel, ylabel: as in throughput.gp; series files datadir/NN.dat have a
#            header row (first field = legend title) then rows "x p50 p90 p99 p999"
# optional:
#   cols       columns to draw (default "2 4": p50 and p99)
#   coltitles  their names in the legend (default "p50 p99")
#   lts, xlog, ylog, xvals, xmin, xmax, ymin, ymax, yformat, note: as in throughput.gp
load "style.gp"
if (!exists("lts"))  lts = ""
if (!exists("xlog")) xlog = 0
if (!exists("ylog")) ylog = 0
if (!exists("cols")) cols = "2 4"
if (!exists("coltitles")) coltitles = "p50 p99"
if (!exists("yformat")) yformat = "%g"

set title title font ",12"
set xlabel xlabel
set ylabel ylabel
set format y yformat
if (xlog) { set logscale x 2 }
if (ylog) { set logscale y 10 }
if (exists("xvals")) {
    set xtics ()
    do for [v in xvals] { set xtics add (v v+0) }
    set mxtics 1
}
if (exists("xmin")) { set xrange [xmin:*] }
if (exists("xmax")) { set xrange [*:xmax] }
if (exists("xmin") && exists("xmax")) { set xrange [xmin:xmax] }
if (exists("ymin")) { set yrange [ymin:*] }
if (exists("ymax")) { set yrange [*:ymax] }
if (exists("ymin") && exists("ymax")) { set yrange [ymin:ymax] }
if (exists("note")) { set label 1 note at screen 0.01, screen 0.02 left font ",9" tc rgb "#444444" }

series(i) = sprintf("%s/%02d.dat", datadir, i)
lt_of(i) = (words(lts) >= i) ? int(word(lts, i)) : i
col(k) = int(word(cols, k))
ncols = words(cols)

# The implementation names go in the legend once (first percentile); the dash styles get one
# black legend entry each.
plot for [k=1:ncols] for [i=1:n] series(i) using 1:col(k) with linespoints lt lt_of(i) dt k \
         title (k == 1 ? columnheader(1) : ""), \
     for [k=1:ncols] NaN with lines lc rgb "#000000" dt k title word(coltitles, k)
