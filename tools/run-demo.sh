#!/bin/bash
# Installs what is missing, builds Kefu Desk in ./build and opens it on a fresh demo database.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
[ -f build/build.ninja ] || meson setup build
meson compile -C build
exec meson devenv -C build kefu-desk --demo "$@"
