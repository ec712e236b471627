#!/bin/bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in ./build-fuzz and
# runs each for FUZZ_SECONDS (default 30) from its seed corpus.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-30}
builddir=build-fuzz
if [ ! -f "$builddir/build.ninja" ]; then
  CC=clang meson setup "$builddir" -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false >/dev/null || exit 1
fi
status=0
for target in fuzz-iso8601 fuzz-store-open fuzz-csv fuzz-customer-csv fuzz-order-report; do
  ninja -C "$builddir" "tests/fuzz/$target" >/dev/null || { echo "fuzz: $target did not build"; exit 1; }
  name=${target#fuzz-}
  work=$(mktemp -d)
  cp -r "tests/fuzz/corpus/$name/." "$work/"
  if "$builddir/tests/fuzz/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
       -artifact_prefix="$builddir/$target-" "$work" > "$builddir/$target.log" 2>&1; then
    echo "fuzz: $target ok ($(grep -o 'Done [0-9]* runs' "$builddir/$target.log"))"
  else
    echo "fuzz: $target FAILED, see $builddir/$target.log"
    tail -30 "$builddir/$target.log"
    status=1
  fi
  rm -rf "$work"
done
exit $status
