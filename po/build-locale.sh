#!/bin/sh
# Compiles po/*.po into an uninstalled locale tree (LANG/LC_MESSAGES/kefu-desk.mo)
# so that `meson devenv` and the tests see translations without installing.
# usage: build-locale.sh PO_DIR OUT_DIR STAMP
set -eu
po_dir=$1 out_dir=$2 stamp=$3
for lang in $(grep -v '^#' "$po_dir/LINGUAS"); do
  mkdir -p "$out_dir/$lang/LC_MESSAGES"
  msgfmt --check -o "$out_dir/$lang/LC_MESSAGES/kefu-desk.mo" "$po_dir/$lang.po"
done
touch "$stamp"
