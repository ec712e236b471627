#!/bin/bash
# Keyboard alone: the real binary under Xvfb, driven by synthetic key presses
# (xdotool), checked in the database. There is no window manager here, so the
# test gives a new window the focus a window manager would give it.
# usage: test-e2e-keyboard.sh KEFU_DESK_BINARY      (prints TAP)
set -u
bin=$1
tmp=$(mktemp -d)
n=0
failed=0
app=

cleanup () {
  [ -n "$app" ] && kill "$app" 2>/dev/null && wait "$app" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

check () {
  local what=$1; shift
  n=$((n + 1))
  if "$@"; then echo "ok $n - $what"; else echo "not ok $n - $what"; failed=$((failed + 1)); fi
}

wait_for () {  # wait_for SECONDS COMMAND...
  local end=$((SECONDS + $1)); shift
  until "$@"; do
    [ $SECONDS -ge $end ] && return 1
    sleep 0.2
  done
}

# After a check that the app quit: if it did not, end it, so a failure is
# reported instead of the test waiting for it until meson's timeout.
reap () {
  kill -0 "$app" 2>/dev/null && kill "$app" 2>/dev/null
  wait "$app" 2>/dev/null; app=
}

focus () {  # focus WINDOW-TITLE: what a window manager does for a new window
  local id
  id=$(xdotool search --name "^$1\$" 2>/dev/null | head -1)
  [ -n "$id" ] || return 1
  xdotool windowfocus --sync "$id" && sleep 0.8
}

window_exists () { xdotool search --name "^$1\$" >/dev/null 2>&1; }
staff_count () { sqlite3 "$tmp/demo.db" "SELECT count(*) FROM staff WHERE job_number = '$1'"; }
has_staff () { [ "$(staff_count "$1")" = 1 ]; }
lacks_staff () { [ "$(staff_count "$1")" = 0 ]; }
key () { xdotool key --delay 60 "$@"; sleep 0.4; }
type_text () { xdotool type --delay 60 "$1"; sleep 0.3; }

"$bin" demo -o "$tmp/demo.db" >/dev/null || { echo "not ok 1 - demo database"; echo "1..1"; exit 1; }
LANGUAGE=en "$bin" --db "$tmp/demo.db" &
app=$!

check "the main window appears" wait_for 20 window_exists "Kefu Desk"
focus "Kefu Desk"

key alt+1 ctrl+n
check "Ctrl+N on the Orders page is the Orders page's: a new order, no staff dialog" bash -c "sleep 1; ! xdotool search --name '^Add Staff Member\$' >/dev/null 2>&1"
check "… the New Order dialog" wait_for 10 window_exists "New Order"
focus "New Order"
key Escape
check "… which Escape closes" wait_for 10 bash -c "! xdotool search --name '^New Order\$' >/dev/null 2>&1"
focus "Kefu Desk"

key alt+4 ctrl+n
check "Alt+4 then Ctrl+N opens the add dialog" wait_for 20 window_exists "Add Staff Member"
focus "Add Staff Member"
type_text "KF9"
key Tab
type_text "Keyboard Only"
key Tab Tab
type_text "13800009999"
key Return
check "Enter saves the new staff member" wait_for 10 has_staff KF9
check "… and closes the dialog" wait_for 10 bash -c "! xdotool search --name '^Add Staff Member\$' >/dev/null 2>&1"
check "… with the phone typed" test "$(sqlite3 "$tmp/demo.db" "SELECT phone FROM staff WHERE job_number = 'KF9'")" = 13800009999

focus "Kefu Desk"
key ctrl+f
type_text "KF9"
key Return Delete
check "Ctrl+F, the job number, Enter and Delete delete them" wait_for 10 lacks_staff KF9
key ctrl+z
check "Ctrl+Z brings them back" wait_for 10 has_staff KF9

key ctrl+e
check "Ctrl+E opens the edit dialog for the selected person" wait_for 10 window_exists "Edit Staff Member"
focus "Edit Staff Member"
key Escape
check "Escape closes it without saving" wait_for 10 bash -c "! xdotool search --name '^Edit Staff Member\$' >/dev/null 2>&1"
check "… and nothing changed" test "$(sqlite3 "$tmp/demo.db" "SELECT name FROM staff WHERE job_number = 'KF9'")" = "Keyboard Only"

# Quitting closes every connection: the file alone, copied, has every
# change (issue 9, item 1), after a real SIGTERM and after Ctrl+Q.
alone_has () {  # alone_has JOB_NUMBER: a copy of the main file without its -wal
  rm -f "$tmp/copy.db"*; cp "$tmp/demo.db" "$tmp/copy.db"
  [ "$(sqlite3 "$tmp/copy.db" "SELECT count(*) FROM staff WHERE job_number = '$1'")" = 1 ]
}
kill -TERM "$app"; wait "$app" 2>/dev/null; app=
check "after SIGTERM no -wal is left" test ! -e "$tmp/demo.db-wal"
check "… and a copy of the file alone has KF9" alone_has KF9

LANGUAGE=en "$bin" --db "$tmp/demo.db" &
app=$!
check "the window opens again" wait_for 20 window_exists "Kefu Desk"
focus "Kefu Desk"
key alt+4 ctrl+n
check "the add dialog opens again" wait_for 10 window_exists "Add Staff Member"
focus "Add Staff Member"
type_text "KF10"
key Tab
type_text "Quit Test"
key Return
check "KF10 is saved" wait_for 10 has_staff KF10
focus "Kefu Desk"
key ctrl+q
check "Ctrl+Q quits" wait_for 30 bash -c "! kill -0 $app 2>/dev/null"
reap
check "after Ctrl+Q no -wal is left" test ! -e "$tmp/demo.db-wal"
check "… and a copy of the file alone has KF10" alone_has KF10

# --demo: a private temporary database, removed again when the app quits.
mkdir -p "$tmp/t"
TMPDIR="$tmp/t" LANGUAGE=en "$bin" --demo &
app=$!
check "--demo opens a window" wait_for 20 window_exists "Kefu Desk"
check "… on a database in a temporary folder" bash -c "ls '$tmp'/t/kefu-desk-demo-*/kefu-desk-demo.db >/dev/null 2>&1"
focus "Kefu Desk"
key ctrl+q
check "Ctrl+Q quits" wait_for 30 bash -c "! kill -0 $app 2>/dev/null"
reap
check "… and the demo folder is gone" bash -c "[ -z \"\$(ls -A '$tmp/t')\" ]"

echo "1..$n"
[ "$failed" -eq 0 ]
