# The axes of a figure, loaded by throughput.gp, latency.gp and bars.gp after style.gp.
# Inputs (gnuplot variables, all optional):
#   xlog, ylog           1: log2 x axis / log10 y axis
#   xmin, xmax, ymin, ymax  axis ranges (default: automatic)
#   xvals, xlabels       tick positions on x and their labels (words, same count)
#   yvals, ylabels       the same on y (scripts/sbplot writes every label in one SI style: 500, 2k, 10M)
#   note                 a line of text under the plot
if (!exists("xlog")) xlog = 0
if (!exists("ylog")) ylog = 0
if (xlog) { set logscale x 2 }
if (ylog) { set logscale y 10 }
if (exists("xvals")) {
    set xtics ()
    do for [k=1:words(xvals)] {
        set xtics add ((exists("xlabels") ? word(xlabels, k) : word(xvals, k)) word(xvals, k)+0)
    }
    set mxtics 1
}
if (exists("yvals")) {
    set ytics ()
    do for [k=1:words(yvals)] {
        set ytics add ((exists("ylabels") ? word(ylabels, k) : word(yvals, k)) word(yvals, k)+0)
    }
    set mytics 1
}
if (exists("xmin")) { set xrange [xmin:*] }
if (exists("xmax")) { set xrange [*:xmax] }
if (exists("xmin") && exists("xmax")) { set xrange [xmin:xmax] }
if (exists("ymin")) { set yrange [ymin:*] }
if (exists("ymax")) { set yrange [*:ymax] }
if (exists("ymin") && exists("ymax")) { set yrange [ymin:ymax] }
if (exists("note")) { set label 1 note at screen 0.01, screen 0.02 left font ",9" tc rgb "#444444" }
