# One figure of a metric against a swept parameter, one line per implementation:
# points at the median, error bars from the minimum to the maximum over repetitions.
# Drawn by scripts/plot.py for ns/op and ops/s against threads; it knows no metric or family,
# so other sweeps (rwlock read%, semaphore permits, ...) draw through it too.
#
# Inputs (gnuplot variables, e.g. gnuplot -e "out='a.png'; n=3; ..." throughput.gp):
#   out      PNG file to write                    datadir  folder of the series files
#   n        number of series: datadir/01.dat .. NN.dat, one per implementation; the first row of
#            each is a header whose first field (quoted) is the legend title; then rows
#            "x median min max"
#   title, xlabel, ylabel                         text (may hold "\n")
# optional:
#   lts      linetype of each series, e.g. "1 2 5" (default: series i uses linetype i)
#   xlog     1: log2 x axis                       ylog  1: log10 y axis
#   xvals    x positions to label, e.g. "1 2 4 8" (default: gnuplot's own tics)
#   xmin, xmax, ymin, ymax                        axis ranges (default: automatic)
#   bars     0: no error bars (the min/max columns are ignored); default 1
#   dodge    shift series i by (i - (n+1)/2) * dodge along x (in octaves on a log2 axis), so
#            that error bars at the same x stay apart; default 0
#   yformat  format of the y tic labels (default "%g"; "%.1s%c" gives 1.2M)
#   note     a line of text under the plot
load "style.gp"
if (!exists("lts"))  lts = ""
if (!exists("xlog")) xlog = 0
if (!exists("ylog")) ylog = 0
if (!exists("bars")) bars = 1
if (!exists("dodge")) dodge = 0
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
shift(i) = (i - (n + 1) / 2.0) * dodge
xpos(x, i) = xlog ? x * 2 ** shift(i) : x + shift(i)

if (bars) {
    plot for [i=1:n] series(i) using (xpos($1, i)):2:3:4 with yerrorlines lt lt_of(i) title columnheader(1)
} else {
    plot for [i=1:n] series(i) using (xpos($1, i)):2 with linespoints lt lt_of(i) title columnheader(1)
}
