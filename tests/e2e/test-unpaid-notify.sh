#!/bin/bash
# Unpaid-order notifications against a real D-Bus notification server
# (python3-dbusmock's notification_daemon) on a private session bus: what
# `unpaid --notify` raises, what the running app raises with its buttons,
# "Followed up" pressed in the notification, a payment imported by another
# program withdrawing its notification, and no repeat after a restart.
# usage: test-unpaid-notify.sh KEFU_DESK_BINARY      (prints TAP)
set -u
bin=$1
if [ -z "${KD_UNPAID_INNER:-}" ]; then
  # Our own bus, so no other test's notifications mix with ours.
  export KD_UNPAID_INNER=1
  exec dbus-run-session -- bash "$0" "$@" 2> >(grep -v 'Failed to set fd limit' >&2)
fi

export LANGUAGE=C LC_ALL=C.UTF-8 TZ=Asia/Shanghai
export GSETTINGS_BACKEND=memory
export KEFU_DESK_UNPAID_CHECK_SECONDS=1
tmp=$(mktemp -d)
n=0
failed=0
app=
mock=

cleanup () {
  [ -n "$app" ] && kill "$app" 2>/dev/null && wait "$app" 2>/dev/null
  [ -n "$mock" ] && kill "$mock" 2>/dev/null && wait "$mock" 2>/dev/null
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

has_name () {
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner org.freedesktop.Notifications 2>/dev/null | grep -q true
}

# The server's log, from line $log_from on (each part reads only its own).
log_from=1
log () { tail -n "+$log_from" "$tmp/mock.log" 2>/dev/null; }
notify_count () { log | grep -ac ' Notify "' || true; }
at_least () { [ "$(notify_count)" -ge "$1" ]; }

/usr/bin/python3 -m dbusmock --template notification_daemon -l "$tmp/mock.log" \
  -p '{"capabilities": "body actions"}' >/dev/null 2>&1 &
mock=$!
check "the notification server is up" wait_for 20 has_name

# Ten minutes from now, the demo's three orders (two buyers) that pass the
# 12-hour threshold a few minutes after it is written are overdue.
now=$(date -d '+10 min' -Iseconds)
"$bin" demo -o "$tmp/cli.db" >/dev/null
"$bin" unpaid --db "$tmp/cli.db" --now "$now" > "$tmp/before.txt"
check "three orders of two buyers are new before any check" test "$(grep -c $'\tnew$' "$tmp/before.txt")" = 3

# A third unpaid order for the buyer who has two, imported from a report.
buyer_a=$(grep $'\tnew$' "$tmp/before.txt" | head -1 | cut -f2)
created_a=$(grep $'\tnew$' "$tmp/before.txt" | head -1 | cut -f3 | sed -E 's/T/ /; s/\+08(:00)?$//')
printf '订单编号,买家会员名,订单状态,订单创建时间,总金额\n3599999999999999901,%s,等待买家付款,%s,66.00\n' \
  "$buyer_a" "$created_a" > "$tmp/third.csv"
check "a third order of the same buyer imports" \
  bash -c "\"$bin\" import-orders --db \"$tmp/cli.db\" --now \"$now\" \"$tmp/third.csv\" >/dev/null"
"$bin" unpaid --db "$tmp/cli.db" --now "$now" > "$tmp/before.txt"

# ---- `unpaid --notify`: one notification per buyer, recorded
"$bin" unpaid --db "$tmp/cli.db" --now "$now" --notify > "$tmp/after.txt"
check "--notify exits 0 and lists the same orders" test "$(wc -l < "$tmp/after.txt")" = "$(wc -l < "$tmp/before.txt")"
check "two notifications for two buyers" wait_for 5 at_least 2
check "the buyer with three orders gets one notification for all three" \
  bash -c "tail -n +$log_from '$tmp/mock.log' | grep -aq 'Notify \"Kefu Desk\" 0 \"io.github.kefudesk.KefuDesk\" \"$buyer_a: 3 orders unpaid for over 12 hours\"'"
check "the body names amount, time placed, hours and the agent" \
  grep -aEq '^¥[0-9.,]+, placed [0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}, unpaid for 12 hours$' "$tmp/mock.log"
check "the body names the routed agent" grep -aEq '^Agent: .+ \([0-9]+\)' "$tmp/mock.log"
check "notifications of a process that exits carry no buttons" grep -aq '" \[\] {' "$tmp/mock.log"
check "the orders are recorded as alerted" test "$(grep -c $'\talerted$' "$tmp/after.txt")" = 4
"$bin" unpaid --db "$tmp/cli.db" --now "$now" --notify >/dev/null
check "a second --notify raises nothing again" test "$(notify_count)" = 2

# Four buyers at once: one summary instead of four notifications.
placed=$(date -d "$now - 13 hours" '+%Y-%m-%d %H:%M:%S')
{ echo '订单编号,买家会员名,订单状态,订单创建时间,总金额'
  for i in 1 2 3 4; do echo "359999999999999991$i,新买家$i,等待买家付款,$placed,50.00"; done; } > "$tmp/four.csv"
"$bin" import-orders --db "$tmp/cli.db" --now "$now" "$tmp/four.csv" >/dev/null
"$bin" unpaid --db "$tmp/cli.db" --now "$now" --notify >/dev/null
check "four buyers at once make one summary" wait_for 5 at_least 3
check "… that says how many orders" grep -aq 'Notify "Kefu Desk" 0 "io.github.kefudesk.KefuDesk" "4 orders unpaid for over 12 hours"' "$tmp/mock.log"
sleep 1
check "… and nothing else" test "$(notify_count)" = 3

# ---- the running app (--background): buttons, Followed up, withdrawal, restart
first_id=$(( $(notify_count) + 1 ))     # the server numbers notifications 1, 2, …
log_from=$(( $(wc -l < "$tmp/mock.log") + 1 ))
"$bin" demo -o "$tmp/app.db" >/dev/null
"$bin" --db "$tmp/app.db" --background --now "$now" &
app=$!
check "the app in the background raises two notifications" wait_for 60 at_least 2
sleep 2
check "… and only two" test "$(notify_count)" = 2 || log | grep -a Notify >&2
check "with Followed up, Snooze 1 hour and Open order buttons" \
  bash -c "tail -n +$log_from '$tmp/mock.log' | grep -aqF '[\"default\", \"Open Order\", \"followed-up\", \"Followed Up\", \"snooze\", \"Snooze 1 Hour\", \"open\", \"Open Order\"]'"

# The app's first notification (id $first_id): whose, and which agent it names.
first_title=$(log | grep -a ' Notify "' | head -1 | sed -E 's/^[^"]*"[^"]*" [0-9]+ "[^"]*" "([^:]*):.*/\1/')
agent_job=$(log | awk -v b="$first_title" '$0 ~ "Notify" && index($0, "\"" b ":") {f=1} f && /^Agent: / {print; exit}' \
            | sed -E 's/.*\(([0-9]+)\).*/\1/')
gdbus call --session --dest org.freedesktop.Notifications --object-path /org/freedesktop/Notifications \
  --method org.freedesktop.DBus.Mock.EmitSignal org.freedesktop.Notifications ActionInvoked us \
  "[<uint32 $first_id>, <'followed-up'>]" >/dev/null

followed_by_agent () {
  "$bin" unpaid --db "$tmp/app.db" --now "$now" > "$tmp/state.txt" 2>/dev/null || return 1
  test "$(awk -F'\t' -v b="$first_title" -v j="$agent_job" '$2 == b && $5 == j && $6 == "followed-up"' "$tmp/state.txt" | wc -l)" -ge 1
}
check "Followed up in the notification marks the buyer's orders followed up by the routed agent ($agent_job)" \
  wait_for 20 followed_by_agent
check "both of that buyer's orders are followed up" \
  test "$(awk -F'\t' -v b="$first_title" '$2 == b && $6 == "followed-up"' "$tmp/state.txt" | wc -l)" = 2

# The other buyer pays: a report imported by another program.
other=$(awk -F'\t' -v b="$first_title" '$6 == "alerted" && $2 != b' "$tmp/state.txt" | head -1)
other_no=$(printf '%s' "$other" | cut -f1)
other_buyer=$(printf '%s' "$other" | cut -f2)
other_created=$(printf '%s' "$other" | cut -f3 | sed -E 's/T/ /; s/\+08(:00)?$//')
printf '订单编号,买家会员名,订单状态,订单创建时间,总金额,买家实际支付金额,订单付款时间\n%s,%s,买家已付款，等待卖家发货,%s,79.00,79.00,%s\n' \
  "$other_no" "$other_buyer" "$other_created" "$(date -d "$now" '+%Y-%m-%d %H:%M:%S')" > "$tmp/paid.csv"
check "the payment imports" bash -c "\"$bin\" import-orders --db \"$tmp/app.db\" --now \"$now\" \"$tmp/paid.csv\" >/dev/null"
check "its notification is withdrawn (CloseNotification $((first_id + 1)))" \
  wait_for 30 grep -aq "CloseNotification $((first_id + 1))" "$tmp/mock.log"
"$bin" unpaid --db "$tmp/app.db" --now "$now" > "$tmp/state.txt"
check "the paid order is no longer listed" bash -c "! grep -q '^$other_no' '$tmp/state.txt'"

# Restart: nothing raised again.
kill "$app"; wait "$app" 2>/dev/null; app=
count=$(notify_count)
"$bin" --db "$tmp/app.db" --background --now "$now" &
app=$!
# Proof that the restarted app has checked: a new buyer's overdue order,
# imported now, is raised — and nothing raised before is raised again.
placed=$(date -d "$now - 13 hours" '+%Y-%m-%d %H:%M:%S')
printf '订单编号,买家会员名,订单状态,订单创建时间,总金额\n3599999999999999981,重启后的买家,等待买家付款,%s,30.00\n' \
  "$placed" > "$tmp/after-restart.csv"
"$bin" import-orders --db "$tmp/app.db" --now "$now" "$tmp/after-restart.csv" >/dev/null
check "the restarted app raises the new order" wait_for 60 at_least $((count + 1))
sleep 2
check "a restart repeats no notification" test "$(notify_count)" = $((count + 1))
check "… the one raised is the new buyer's" bash -c "tail -n +$log_from '$tmp/mock.log' | grep -a ' Notify \"' | tail -1 | grep -q '重启后的买家'"
check "the app is still running in the background" kill -0 "$app"
kill "$app"; wait "$app" 2>/dev/null; app=

# ---- no notification server: the app keeps working, the list has everything.
# A bus of our own that can start no service (dunst would be started otherwise).
kill "$mock"; wait "$mock" 2>/dev/null; mock=
cat > "$tmp/bus.conf" <<'CONF'
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
"$bin" demo -o "$tmp/none.db" >/dev/null
dbus-run-session --config-file="$tmp/bus.conf" -- \
  "$bin" unpaid --db "$tmp/none.db" --now "$now" --notify > "$tmp/none.txt" 2> "$tmp/none.err"
check "without a server --notify still exits 0" test $? = 0
check "… logs one warning" test "$(grep -c 'cannot be shown on the desktop' "$tmp/none.err")" = 1
check "… and records the alerts" test "$(grep -c $'\talerted$' "$tmp/none.txt")" = 3

echo "1..$n"
[ $failed -eq 0 ]
