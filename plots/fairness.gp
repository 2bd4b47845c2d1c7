# Jain's fairness index over per-thread operation counts against threads, one line per
# implementation: throughput.gp without error bars (the y axis 0..1 comes from scripts/sbplot).
# Inputs: as throughput.gp (series rows "x jain jain jain"; only the second column is drawn).
bars = 0
load "throughput.gp"
