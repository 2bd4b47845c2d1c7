# Common look of every syncbench plot: loaded by the other scripts in plots/ (found through
# GNUPLOT_LIB, which scripts/plot.py points at this folder).
# Inputs (gnuplot variables): out (image file to write); optional width, height (pixels),
# fmt ("png", the default, or "svg": the report inlines SVG).
if (!exists("width"))  width = 1000
if (!exists("height")) height = 640
if (!exists("fmt")) fmt = "png"
# noenhanced: names such as pthread_spin must print as written, not with subscripts.
if (fmt eq "svg") {
    set terminal svg noenhanced size width, height font "DejaVu Sans,10" linewidth 1.3 background "#ffffff"
} else {
    set terminal pngcairo noenhanced size width, height font "DejaVu Sans,10" linewidth 1.3
}
set output out
set encoding utf8
set grid xtics ytics mxtics mytics lc rgb "#dddddd" lw 0.8, lc rgb "#eeeeee" lw 0.5
set border 3 lc rgb "#555555"
set tics nomirror
set key outside right top vertical Left reverse samplen 3.5 spacing 1.15 width 1 box lc rgb "#bbbbbb"
set bmargin 4
# 16 distinguishable line types (colour and point shape both change), so that a family with
# a dozen implementations still reads: colours from the Tableau/ColorBrewer sets.
array sb_colours[16] = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", \
                        "#e377c2", "#17becf", "#7f7f7f", "#bcbd22", "#393b79", "#637939", \
                        "#843c39", "#7b4173", "#000000", "#e6550d"]
array sb_points[16] = [7, 5, 9, 11, 13, 15, 4, 6, 8, 10, 12, 14, 1, 2, 3, 7]
do for [i=1:16] {
    set linetype i lc rgb sb_colours[i] pt sb_points[i] ps 1.0 lw 1.6 dt 1
}
# 17..32: the same colours dashed, with open points: run B of an overlay (make plots COMPARE=B)
do for [i=1:16] {
    set linetype i + 16 lc rgb sb_colours[i] pt (sb_points[i] % 2 == 1 ? sb_points[i] - 1 : sb_points[i]) ps 1.0 lw 1.6 dt 2
}
set linetype cycle 32
