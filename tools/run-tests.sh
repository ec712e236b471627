#!/bin/bash
# Installs what is missing, builds with AddressSanitizer/UBSan and -Werror in
# ./build-test and runs the whole suite headless (Xvfb + a private D-Bus).
# Prints "N passed, N failed" last; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh || exit 1

builddir=${KD_TEST_BUILDDIR:-build-test}
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false || exit 1
fi
meson compile -C "$builddir" || { echo "0 passed, 1 failed"; exit 1; }

export XDG_RUNTIME_DIR=$(mktemp -d)
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# -noreset: the accessibility bus launcher connects and leaves; without it
# Xvfb resets right then and a client starting at that moment cannot connect.
xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp -noreset" \
  dbus-run-session -- meson test -C "$builddir" --print-errorlogs --num-processes 2 "$@"
status=$?

# Count from meson's machine-readable log.
read -r passed failed < <(/usr/bin/python3 - "$builddir/meson-logs/testlog.json" <<'PY'
import json, sys
p = f = 0
for line in open(sys.argv[1]):
    r = json.loads(line).get('result')
    if r in ('OK', 'EXPECTEDFAIL', 'SKIP'):
        p += r != 'SKIP'
    else:
        f += 1
print(p, f)
PY
)
echo "${passed:-0} passed, ${failed:-1} failed"
exit $status
