#!/bin/sh
# Checks that what a target needs is installed; names what is missing and how to get it.
# usage: need.sh build|bench
missing=""
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
have_cmd cc || missing="$missing build-essential"
have_cmd pkg-config || missing="$missing pkg-config"
have_pc liburcu-memb || missing="$missing liburcu-dev"
have_pc benchmark || missing="$missing libbenchmark-dev"
if [ "$1" = build ]; then
    have_pc criterion || missing="$missing libcriterion-dev"
fi
have_cmd gnuplot || missing="$missing gnuplot-nox"
have_cmd python3 || missing="$missing python3"
if [ -n "$missing" ]; then
    echo "syncbench: missing Debian packages:$missing" >&2
    echo "  install them with: make deps   (or: apt-get install -y$missing)" >&2
    exit 1
fi
