# Jain's fairness index over per-thread operation counts against threads, one line per
# implementation: throughput.gp without error bars, the y axis fixed to 0..1.
# Inputs: as throughput.gp (series rows "x jain jain jain"; only the second column is drawn).
if (!exists("ymin")) ymin = 0
if (!exists("ymax")) ymax = 1.05
bars = 0
load "throughput.gp"
