# One figure of a metric against a swept parameter, one line per implementation:
# points at the median, error bars from the minimum to the maximum over repetitions.
# Drawn by scripts/sbplot for ns/op and ops/s against threads; it knows no metric or family,
# so other sweeps (rwlock read%, semaphore permits, ...) draw through it too.
#
# Inputs (gnuplot variables, e.g. gnuplot -e "out='a.png'; n=3; ..." throughput.gp):
#   out      image file to write                  datadir  folder of the series files
#   n        number of series: datadir/01.dat .. NN.dat, one per implementation; the first row of
#            each is a header whose first field (quoted) is the legend title; then rows
#            "x median min max"
#   title, xlabel, ylabel                         text (may hold "\n")
# optional:
#   lts      linetype of each series, e.g. "1 2 5" (default: series i uses linetype i)
#   bars     0: no error bars (the min/max columns are ignored); default 1
#   dodge    shift series i by (i - (n+1)/2) * dodge along x (in octaves on a log2 axis), so
#            that error bars at the same x stay apart; default 0
#   axes: as in axes.gp (xlog, ylog, ranges, xvals/xlabels, yvals/ylabels, note)
load "style.gp"
if (!exists("lts"))  lts = ""
if (!exists("bars")) bars = 1
if (!exists("dodge")) dodge = 0

set title title font ",12"
set xlabel xlabel
set ylabel ylabel
load "axes.gp"

series(i) = sprintf("%s/%02d.dat", datadir, i)
lt_of(i) = (words(lts) >= i) ? int(word(lts, i)) : i
shift(i) = (i - (n + 1) / 2.0) * dodge
xpos(x, i) = xlog ? x * 2 ** shift(i) : x + shift(i)

if (bars) {
    plot for [i=1:n] series(i) using (xpos($1, i)):2:3:4 with yerrorlines lt lt_of(i) title columnheader(1)
} else {
    plot for [i=1:n] series(i) using (xpos($1, i)):2 with linespoints lt lt_of(i) title columnheader(1)
}
