#!/bin/sh
# Redraws the plots of one run from its CSV: what `make plots RUN=dir` calls.
# usage: sh scripts/plot.sh RUN_DIR     (default results/latest; a symlink such as results/latest
#        is followed). Writes RUN_DIR/plots/*.png with scripts/plot.py and the gnuplot scripts in
#        plots/, then lists them. Exit status non-zero, with one line on stderr, when the run
#        folder or its summary.csv is missing or drawing fails.
# With a second folder (make plots RUN=A COMPARE=B): both runs overlaid, into A/plots-vs-<B>/.
run=${1:-results/latest}
other=${2:-}
here=$(cd "$(dirname "$0")" && pwd)

if [ ! -e "$run" ]; then
    echo "plot: no run folder $run" >&2; exit 1
fi
if [ ! -d "$run" ]; then
    echo "plot: $run is not a folder" >&2; exit 1
fi
dir=$(cd "$run" && pwd -P) || { echo "plot: cannot enter $run" >&2; exit 1; }
if [ ! -f "$dir/summary.csv" ]; then
    echo "plot: no summary.csv in $run" >&2; exit 1
fi
if [ -n "$other" ]; then
    [ -f "$other/summary.csv" ] || { echo "plot: no summary.csv in $other" >&2; exit 1; }
    list=$(python3 "$here/plot.py" "$dir" --compare "$other") || exit 1
else
    list=$(python3 "$here/plot.py" "$dir") || exit 1
fi
n=$(printf '%s\n' "$list" | grep -c .)
printf '%s\n' "$list"
echo "plot: $n image(s) in $(dirname "$(printf '%s\n' "$list" | head -n1)")"
