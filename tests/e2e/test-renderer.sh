#!/bin/bash
# test-renderer.sh KEFU_DESK: on a PC without a GPU render node the window
# leaves GL off (Mesa's software GL alone maps ~150 MB); KEFU_DESK_GL=1 and
# a GDK_DEBUG/GSK_RENDERER of the user's own keep GTK's choice. TAP output.
set -u
exe=$1
echo "1..3"

if ls /dev/dri/renderD* >/dev/null 2>&1; then
  for i in 1 2 3; do echo "ok $i # SKIP this machine has a GPU render node"; done
  exit 0
fi
if ! command -v xdotool >/dev/null; then
  for i in 1 2 3; do echo "ok $i # SKIP no xdotool"; done
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data XDG_CACHE_HOME=$work/cache
export GSETTINGS_BACKEND=memory

GL_RE='/[^ ]*(libLLVM|libGLX_mesa|libEGL_mesa|libgallium|swrast_dri|_dri\.so)[^ ]*'

# Starts the app with the environment given and prints the GL libraries
# it has mapped once its window is up (nothing when GL is off), or, with
# MODE=expect-gl, as soon as any is mapped (GTK opens GL with the display,
# before the window: no need to wait for a window that a slow software GL
# under a sanitizer may take long to draw).
gl_libraries () {
  local mode=$1; shift
  env -u GDK_DEBUG -u GSK_RENDERER "$@" "$exe" --demo >"$work/app.log" 2>&1 &
  local pid=$! found=""
  if [ "$mode" = expect-gl ]; then
    for _ in $(seq 1 600); do
      found=$(grep -oE "$GL_RE" "/proc/$pid/maps" 2>/dev/null | sort -u)
      [ -n "$found" ] && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  elif timeout 60 xdotool search --sync --onlyvisible --pid "$pid" --name . >/dev/null 2>&1; then
    sleep 1
    found=$(grep -oE "$GL_RE" "/proc/$pid/maps" | sort -u)
  else
    found=NO-WINDOW
  fi
  if { [ "$mode" = expect-gl ] && [ -z "$found" ]; } || [ "$found" = NO-WINDOW ]; then
    sed 's/^/# app: /' "$work/app.log" | tail -20 >&2
  fi
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  echo "$found"
}

libs=$(gl_libraries expect-none X_UNUSED=1)
if [ -z "$libs" ]; then echo "ok 1 - no render node: the window opens with GL off"
elif [ "$libs" = NO-WINDOW ]; then echo "not ok 1 - no window within 60 s"
else echo "not ok 1 - GL libraries mapped with no render node: $libs"; fi

libs=$(gl_libraries expect-gl KEFU_DESK_GL=1)
if [ -n "$libs" ]; then echo "ok 2 - KEFU_DESK_GL=1 keeps GL ($(echo "$libs" | wc -l) GL libraries)"; else echo "not ok 2 - KEFU_DESK_GL=1: no GL libraries mapped ($libs)"; fi

libs=$(gl_libraries expect-gl GSK_RENDERER=cairo)
if [ -n "$libs" ]; then echo "ok 3 - a GSK_RENDERER of the user's own is left alone (GTK still opens GL)"; else echo "not ok 3 - GSK_RENDERER=cairo: GL was turned off behind the user's back ($libs)"; fi
