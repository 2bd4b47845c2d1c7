# One value per implementation, for a scenario measured at a single point (e.g. `uncontended`,
# one thread): a bar at the median per implementation (a dot when the y axis is logarithmic: a
# bar's length means nothing there), error bars from min to max, the value written above, and
# optional extra values (e.g. p99 beside a p50 bar) as marks.
#
# Inputs (gnuplot variables):
#   out        image file to write
#   datafile   rows: index "label" median min max linetype "value label" label_y [extra1 ...]
#              (median NaN and value label "below clock": nothing measurable to draw)
#   nbars      number of rows
#   title, ylabel                                      text (may hold "\n")
# optional:
#   xlabel     (default "implementation")
#   bars       0: no error bars; default 1
#   bartitle   legend name of the bars (default "median")
#   extratitles legend names of the extra columns (9, 10, ...), e.g. "p99"
#   legend, legendlts  words: legend entries for the bar colours and their linetypes
#   axes: as in axes.gp (ylog, ymin, ymax, yvals/ylabels, note)
load "style.gp"
if (!exists("xlabel")) xlabel = "implementation"
if (!exists("bars")) bars = 1
if (!exists("bartitle")) bartitle = "median"
if (!exists("extratitles")) extratitles = ""
if (!exists("legend")) legend = ""
if (!exists("legendlts")) legendlts = ""

set title title font ",12"
set xlabel xlabel
set ylabel ylabel
set grid noxtics nomxtics
set xtics rotate by -30 left scale 0
set bmargin 7
set boxwidth 0.6
set style fill solid 0.55 border -1
load "axes.gp"
set xrange [0.3 : nbars + 0.7]

nextra = words(extratitles)
nlegend = words(legend)
shape = ylog ? "points pt 7 ps 2" : "boxes"
# the legend of the bar colours, when given (an empty "for [k=1:0]" clause upsets the labels)
legendpart = nlegend ? ", for [k=1:nlegend] NaN with " . shape . " lt int(word(legendlts, k)) title word(legend, k)" : ""
# the bars' own legend entry is grey: their colour is the implementation's (or the legend's)
plot datafile using 1:3:6:xtic(2) with @shape lc variable notitle, \
     NaN with @shape lc rgb "#999999" title bartitle, \
     for [k=1:bars] datafile using 1:3:4:5 with yerrorbars lc rgb "#000000" pt 0 title "min..max", \
     for [k=1:nextra] datafile using 1:(column(8 + k)) with points lc rgb "#000000" pt int(word("2 8 4", k)) ps 1.6 \
         title word(extratitles, k), \
     datafile using 1:8:7 with labels offset 0, 0.9 font ",9" tc rgb "#333333" notitle @legendpart
