#!/bin/sh
# run-all.sh: the roster benchmarks — 24 NSP instances at 10 s and the shop month —
# into bench/RESULTS-nsp.md and bench/RESULTS-shop.txt (bench/RESULTS.md quotes them).
# usage: bench/run-all.sh [BUILD_DIR]   (a release build: meson setup build-rel --buildtype=release)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build-rel}
ninja -C "$build" bench/nsp-bench bench/roster-shop-bench
"$build/bench/roster-shop-bench" | tee "$here/RESULTS-shop.txt"
"$here/run-nsp.sh" "$build" 10 "$here/RESULTS-nsp.md"
