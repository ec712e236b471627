#!/bin/bash
# The command-line contract of the real binary: exit statuses, messages, nothing overwritten.
# usage: test-cli.sh KEFU_DESK_BINARY     (prints TAP)
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

ok () {  # ok DESCRIPTION COMMAND... : passes when the command succeeds
  local what=$1; shift
  n=$((n + 1))
  if "$@"; then echo "ok $n - $what"; else echo "not ok $n - $what"; failed=$((failed + 1)); fi
}

status () {  # status EXPECTED COMMAND... → true when the exit status matches
  local want=$1; shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  [ "$got" -eq "$want" ] || { echo "# expected exit $want, got $got: $*"; sed 's/^/# /' "$tmp/err"; return 1; }
}

ok "--help lists every sub-command and exits 0" status 0 "$bin" --help
for cmd in demo import-orders unpaid phrases customers roster backup; do
  ok "--help mentions $cmd" grep -q "kefu-desk $cmd" "$tmp/out"
done

ok "an unknown sub-command exits 2" status 2 "$bin" frobnicate
ok "… and says which" grep -q "frobnicate" "$tmp/err"
ok "an unknown option exits 2" status 2 "$bin" --frobnicate
ok "--demo with --db exits 2" status 2 "$bin" --demo --db "$tmp/x.db"
ok "a bad --now exits 2" status 2 "$bin" backup --now yesterday -o "$tmp/b.db"
ok "demo without -o exits 2" status 2 "$bin" demo

ok "demo -o writes a database" status 0 "$bin" demo -o "$tmp/demo.db"
ok "… which is mode 0600" test "$(stat -c %a "$tmp/demo.db")" = 600
ok "… holding the demo staff" test "$(sqlite3 "$tmp/demo.db" 'SELECT count(*) FROM staff')" -ge 8
cp "$tmp/demo.db" "$tmp/demo.copy"
ok "demo -o refuses to overwrite (exit 1)" status 1 "$bin" demo -o "$tmp/demo.db"
ok "… names the file" grep -q "$tmp/demo.db" "$tmp/err"
ok "… and left it as it was" cmp -s "$tmp/demo.db" "$tmp/demo.copy"

ok "backup --db -o writes a copy" status 0 "$bin" backup --db "$tmp/demo.db" -o "$tmp/backup.db"
ok "… with the same staff" test "$(sqlite3 "$tmp/backup.db" 'SELECT group_concat(job_number) FROM staff')" = \
                                "$(sqlite3 "$tmp/demo.db" 'SELECT group_concat(job_number) FROM staff')"
ok "backup refuses to overwrite (exit 1)" status 1 "$bin" backup --db "$tmp/demo.db" -o "$tmp/backup.db"

printf '订单编号,买家会员名\n1001,小王\n' > "$tmp/orders.csv"
cp "$tmp/orders.csv" "$tmp/orders.copy"
ok "--db on a file that is not a database exits 1" status 1 "$bin" backup --db "$tmp/orders.csv" -o "$tmp/b2.db"
ok "… with one message naming the file" grep -q "orders.csv" "$tmp/err"
ok "… and the file untouched" cmp -s "$tmp/orders.csv" "$tmp/orders.copy"
ok "… and no backup written" test ! -e "$tmp/b2.db"

head -c 8192 "$tmp/demo.db" > "$tmp/truncated.db"
cp "$tmp/truncated.db" "$tmp/truncated.copy"
ok "a truncated database exits 1" status 1 "$bin" backup --db "$tmp/truncated.db" -o "$tmp/b3.db"
ok "… and stays byte-for-byte as it was" cmp -s "$tmp/truncated.db" "$tmp/truncated.copy"

ok "LANGUAGE=zh_CN gives Chinese messages" \
  bash -c "LANGUAGE=zh_CN LC_ALL=C.UTF-8 '$bin' demo -o '$tmp/demo.db' 2>&1 | grep -q '已存在'"

echo "1..$n"
[ "$failed" -eq 0 ]
