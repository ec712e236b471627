#!/bin/bash
# `kefu-desk roster export`: the formats as files, exit statuses, never overwriting.
# usage: test-cli-roster-export.sh KEFU_DESK_BINARY     (prints TAP)
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
export KEFU_DESK_NOW=2026-11-25T09:00:00+08:00

ok () {
  local what=$1; shift
  n=$((n + 1))
  if "$@"; then echo "ok $n - $what"; else echo "not ok $n - $what"; failed=$((failed + 1)); fi
}

status () {
  local want=$1; shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  [ "$got" -eq "$want" ] || { echo "# expected exit $want, got $got: $*"; sed 's/^/# /' "$tmp/err"; return 1; }
}

"$bin" demo -o "$tmp/d.db" >/dev/null
"$bin" roster solve --db "$tmp/d.db" --month 2026-12 --iterations 500 >/dev/null

ok "csv exits 0" status 0 "$bin" roster export --db "$tmp/d.db" --month 2026-12 --format csv -o "$tmp/r.csv"
ok "… and says what it wrote" grep -q "Exported 2026-12 to .*r.csv: 11 people, .* shifts, 4 leave days" "$tmp/out"
ok "… BOM, then the header with 31 days, CRLF" test "$(head -n1 "$tmp/r.csv")" = \
  $'\xef\xbb\xbf工号,姓名,'"$(seq -f '2026-12-%02g' 1 31 | paste -sd,)"$'\r'
ok "… one row per rostered person" test "$(wc -l < "$tmp/r.csv")" -eq 12
ok "… each with 33 fields" test "$(tail -n +2 "$tmp/r.csv" | awk -F, '{print NF}' | sort -u)" = 33
ok "… 刘佳怡's annual leave on the 15th and 16th as 年" \
  bash -c "grep '^6,刘佳怡,' '$tmp/r.csv' | cut -d, -f17-18 | grep -qx '年,年'"
ok "… 孙浩然's personal leave on the 3rd as 事" bash -c "grep '^11,孙浩然,' '$tmp/r.csv' | cut -d, -f5 | grep -qx '事'"
ok "… and 周文博's approved request on the 22nd too" bash -c "grep '^9,周文博,' '$tmp/r.csv' | cut -d, -f24 | grep -qx '事'"
ok "… the owner is not on the roster" bash -c "! grep -q '^1,' '$tmp/r.csv'"
ok "… only shift codes, leave codes or empty" \
  bash -c "tail -n +2 '$tmp/r.csv' | tr -d '\r' | cut -d, -f3- | tr ',' '\n' | grep -vxE 'D|N|R|年|病|事|调|假|' | wc -l | grep -qx 0"
cp "$tmp/r.csv" "$tmp/r.copy"
ok "exporting over a file exits 1" status 1 "$bin" roster export --db "$tmp/d.db" --month 2026-12 --format csv -o "$tmp/r.csv"
ok "… names it" grep -q "r.csv" "$tmp/err"
ok "… and left it as it was" cmp -s "$tmp/r.csv" "$tmp/r.copy"

ok "ics for one person exits 0" status 0 "$bin" roster export --db "$tmp/d.db" --month 2026-12 --format ics --staff 5 -o "$tmp/5.ics"
ok "… is a calendar" bash -c "head -n1 '$tmp/5.ics' | grep -q '^BEGIN:VCALENDAR'"
ok "… with CRLF line ends" bash -c "head -n1 '$tmp/5.ics' | grep -q $'\r$'"
ok "… and a VTIMEZONE for the local zone" grep -q "X-LIC-LOCATION:Asia/Shanghai" "$tmp/5.ics"
ok "… only 张雨婷's days" test "$(grep -c '^UID:.*-5-' "$tmp/5.ics")" -eq "$(grep -c '^BEGIN:VEVENT' "$tmp/5.ics")"
ok "ics for all exits 0" status 0 "$bin" roster export --db "$tmp/d.db" --month 2026-12 --format ics -o "$tmp/all.ics"
ok "… one event per shift or leave day" test "$(grep -c '^BEGIN:VEVENT' "$tmp/all.ics")" -eq \
  "$(tail -n +2 "$tmp/r.csv" | tr -d '\r' | cut -d, -f3- | tr ',' '\n' | grep -c .)"

ok "xlsx exits 0" status 0 "$bin" roster export --db "$tmp/d.db" --month 2026-12 --format xlsx -o "$tmp/r.xlsx"
ok "… is a zip with the sheet" bash -c "unzip -l '$tmp/r.xlsx' | grep -q 'xl/worksheets/sheet1.xml'"
ok "… named by the month" bash -c "unzip -p '$tmp/r.xlsx' xl/workbook.xml | grep -q 'name=\"2026-12\"'"
ok "… with the day shift's colour" bash -c "unzip -p '$tmp/r.xlsx' xl/styles.xml | grep -q 'FFF6D32D'"
ok "… and 12 rows" test "$(unzip -p "$tmp/r.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l)" -eq 12

ok "an unknown format exits 2" status 2 "$bin" roster export --db "$tmp/d.db" --month 2026-12 --format pdf -o "$tmp/x"
ok "no -o exits 2" status 2 "$bin" roster export --db "$tmp/d.db" --month 2026-12 --format csv
ok "a bad month exits 2" status 2 "$bin" roster export --db "$tmp/d.db" --month 2026-13 --format csv -o "$tmp/x"
ok "an unknown job number exits 1" status 1 "$bin" roster export --db "$tmp/d.db" --month 2026-12 --format ics --staff 99 -o "$tmp/x.ics"
ok "… names it" grep -q "99" "$tmp/err"
ok "… and writes nothing" test ! -e "$tmp/x.ics"
ok "a missing --db exits 1" status 1 "$bin" roster export --db "$tmp/nope.db" --month 2026-12 --format csv -o "$tmp/x"
ok "… and writes nothing" test ! -e "$tmp/x"
ok "no temporary files are left" test -z "$(ls -A "$tmp" | grep '\.tmp$')"
ok "zh_CN messages" bash -c "LANGUAGE=zh_CN LC_ALL=C.UTF-8 '$bin' roster export --db '$tmp/d.db' --month 2026-12 --format csv -o '$tmp/r.csv' 2>&1 | grep -q '已存在'"

echo "1..$n"
[ "$failed" -eq 0 ]
