# One value per implementation, for a scenario measured at a single point (e.g. `uncontended`,
# one thread): a bar at the median per implementation, error bars from min to max, and optional
# extra values (e.g. p99 beside a p50 bar) as marks.
#
# Inputs (gnuplot variables):
#   out        PNG file to write
#   datafile   rows: "index \"label\" median min max linetype [extra1 extra2 ...]"
#   title, ylabel                                      text (may hold "\n")
# optional:
#   xlabel     (default "implementation")
#   bars       0: no error bars; default 1
#   bartitle   legend name of the bars (default "median")
#   extratitles legend names of the extra columns (7, 8, ...), e.g. "p99"
#   ylog, ymin, ymax, yformat, note: as in throughput.gp
load "style.gp"
if (!exists("xlabel")) xlabel = "implementation"
if (!exists("bars")) bars = 1
if (!exists("bartitle")) bartitle = "median"
if (!exists("ylog")) ylog = 0
if (!exists("extratitles")) extratitles = ""
if (!exists("yformat")) yformat = "%g"

set title title font ",12"
set xlabel xlabel
set ylabel ylabel
set format y yformat
set grid noxtics nomxtics
set xtics rotate by -30 left scale 0
set bmargin 7
set boxwidth 0.6
set style fill solid 0.55 border -1
set key inside left top
stats datafile using 1 nooutput
set xrange [STATS_min - 0.7 : STATS_max + 0.7]
if (ylog) { set logscale y 10 }
if (!ylog && !exists("ymin")) { ymin = 0 }
if (exists("ymin")) { set yrange [ymin:*] }
if (exists("ymax")) { set yrange [*:ymax] }
if (exists("ymin") && exists("ymax")) { set yrange [ymin:ymax] }
if (exists("note")) { set label 1 note at screen 0.01, screen 0.02 left font ",9" tc rgb "#444444" }

nextra = words(extratitles)
plot datafile using 1:3:6:xtic(2) with boxes lc variable title bartitle, \
     for [k=1:bars] datafile using 1:3:4:5 with yerrorbars lc rgb "#000000" pt 0 title "min..max", \
     for [k=1:nextra] datafile using 1:(column(6 + k)) with points lc rgb "#000000" pt 2 + 4 * (k - 1) ps 1.6 \
         title word(extratitles, k)
