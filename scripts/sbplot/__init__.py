"""sbplot: the plot library of syncbench's drivers (standard library only).

  table    reading summary.csv by column name, numbers, parameters, grouping
  gnuplot  running the scripts in plots/ (PNG or SVG), gnuplot literals, SI tick labels
  kinds    the tables: implementation kinds per family, what one operation is per scenario
  draw     charts and the Plotter: one image of lines (a sweep) or of bars (one point)

The programs (scripts/plot.py, plot_sweeps.py, plot_latency_events.py, report.py) import this
package; nothing in it imports a program.
"""
