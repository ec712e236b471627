#!/bin/sh
# run-nsp.sh: solves all 24 Curtois & Qu instances, checks each roster
# independently and writes the results table (default: bench/RESULTS-nsp.md).
# usage: bench/run-nsp.sh [BUILD_DIR] [SECONDS] [OUT.md]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build-rel}
seconds=${2:-10}
out=${3:-$here/RESULTS-nsp.md}
nsp=${NSP_DIR:-$here/../../shared/benchmarks/nsp}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

{
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $seconds s per instance, seed 1, $(date -u +%Y-%m-%d)."
  echo
  echo "| instance | objective | best known | ratio | time (s) | independent check |"
  echo "| --- | ---: | ---: | ---: | ---: | --- |"
} > "$tmp/table"

for i in $(seq 1 24); do
  inst="$nsp/Instance$i.txt"
  best=$(grep "^Instance$i," "$nsp/best_known.csv" | cut -d, -f6)
  t0=$(date +%s.%N)
  last=$("$build/bench/nsp-bench" "$inst" --seconds "$seconds" --seed 1 --roster "$tmp/r$i.csv" | tail -n 1)
  # Wall time: the solver stops early once a roster meets a proven bound.
  elapsed=$(python3 -c "print(f'{$(date +%s.%N) - $t0:.1f}')")
  check=$(python3 "$here/check_nsp.py" "$inst" "$tmp/r$i.csv" 2>/dev/null || true)
  case "$last" in
    objective*)
      obj=${last#objective }
      ratio=$(python3 -c "print(f'{$obj/$best:.3f}')")
      ;;
    *)
      obj="$last"; ratio="—"
      ;;
  esac
  case "$check" in
    "feasible $obj") verified="feasible, objective agrees" ;;
    *) verified="$check" ;;
  esac
  echo "| $i | $obj | $best | $ratio | $elapsed | $verified |" >> "$tmp/table"
  echo "Instance$i: $last (check: $check)" >&2
done
cp "$tmp/table" "$out"
cat "$out"
