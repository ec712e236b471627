#!/bin/bash
# The command-line contract of the real binary: exit statuses, messages, nothing overwritten.
# usage: test-cli.sh KEFU_DESK_BINARY [NOLINK_SHIM.so]     (prints TAP)
set -u
bin=$1
nolink=${2:-}
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
for cmd in demo import-orders orders unpaid phrases customers roster backup restore; do
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

skip () { n=$((n + 1)); echo "ok $n # SKIP $1"; }
listing () { (cd "$1" && ls -A | sort | tr '\n' ' '); }

# --- a missing or empty --db is never created or adopted (issue 9, item 4)
ok "backup with a missing --db exits 1" status 1 "$bin" backup --db "$tmp/typo.db" -o "$tmp/t.db"
ok "… naming it" grep -q "typo.db" "$tmp/err"
ok "… and creates neither file" test ! -e "$tmp/typo.db" -a ! -e "$tmp/t.db"
ok "roster solve with --db in missing folders exits 1" status 1 "$bin" roster solve --db "$tmp/a/b/x.db" --month 2026-12
ok "… naming it" grep -q "a/b/x.db" "$tmp/err"
ok "… and creates no folder" test ! -e "$tmp/a"
: > "$tmp/empty.db"; chmod 644 "$tmp/empty.db"
ok "a zero-length --db exits 1" status 1 "$bin" roster solve --db "$tmp/empty.db" --month 2026-12
ok "… and stays empty and 0644" test ! -s "$tmp/empty.db" -a "$(stat -c %a "$tmp/empty.db")" = 644
ok "… with nothing beside it" test -z "$(ls -A "$tmp" | grep '^empty.db.')"

# --- restore (item 1)
"$bin" demo -o "$tmp/shop.db" >/dev/null
"$bin" backup --db "$tmp/shop.db" -o "$tmp/shop-backup.db" >/dev/null
sqlite3 "$tmp/shop.db" "INSERT INTO staff (job_number, name, role, created_at, updated_at) VALUES ('KF9', 'After', 'pre-sale', 0, 0)"
ok "restore without a BACKUP exits 2" status 2 "$bin" restore --db "$tmp/shop.db"
ok "restore of a file that is not a database exits 1" status 1 "$bin" restore --db "$tmp/shop.db" "$tmp/orders.csv"
ok "… naming it" grep -q "orders.csv" "$tmp/err"
ok "… and the database keeps its rows" test "$(sqlite3 "$tmp/shop.db" "SELECT count(*) FROM staff WHERE job_number = 'KF9'")" = 1
ok "restore --db FILE BACKUP exits 0" status 0 "$bin" restore --db "$tmp/shop.db" "$tmp/shop-backup.db"
ok "… saying where the previous file is" grep -q "before-restore-" "$tmp/out"
ok "… the file alone is the backup's (no KF9)" test "$(sqlite3 "$tmp/shop.db" "SELECT count(*) FROM staff WHERE job_number = 'KF9'")" = 0
ok "… with no -wal or -shm beside it" test ! -e "$tmp/shop.db-wal" -a ! -e "$tmp/shop.db-shm"
ok "… mode 0600" test "$(stat -c %a "$tmp/shop.db")" = 600
kept=$(ls "$tmp"/shop.db.before-restore-* 2>/dev/null | head -1)
ok "… and the previous file kept aside with KF9" test -n "$kept" -a "$(sqlite3 "$kept" "SELECT count(*) FROM staff WHERE job_number = 'KF9'" 2>/dev/null)" = 1

# --- FAT and exFAT have no hard links (item 6)
if [ -n "$nolink" ] && [ -f "$nolink" ]; then
  ok "backup works where link() fails (as on FAT)" \
    status 0 env LD_PRELOAD="$nolink" ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 \
      "$bin" backup --db "$tmp/demo.db" -o "$tmp/nolink.db"
  ok "… writing a complete copy" test "$(sqlite3 "$tmp/nolink.db" 'SELECT count(*) FROM staff')" -ge 8
  ok "demo -o works where link() fails" \
    status 0 env LD_PRELOAD="$nolink" ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 \
      "$bin" demo -o "$tmp/nolink-demo.db"
else
  skip "no link() shim given"
fi
fat_img="$tmp/fat.img"; fat="$tmp/fat"
if [ "$(id -u)" -eq 0 ] && command -v mkfs.vfat >/dev/null && truncate -s 16M "$fat_img" &&
   mkfs.vfat "$fat_img" >/dev/null 2>&1 && mkdir -p "$fat" && mount -o loop "$fat_img" "$fat" 2>/dev/null; then
  ok "backup onto a loop-mounted vfat exits 0" status 0 "$bin" backup --db "$tmp/demo.db" -o "$fat/k.db"
  ok "… leaving only the backup there" test "$(listing "$fat")" = "k.db "
  ok "… a complete copy" test "$(sqlite3 "$fat/k.db" 'SELECT count(*) FROM staff')" -ge 8
  umount "$fat"
else
  skip "cannot loop-mount a vfat image here (needs root, dosfstools and the vfat module)"
fi

# --- read-only files and folders, as an unprivileged user (item 2)
runas=()
if [ "$(id -u)" -eq 0 ]; then
  if setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
    runas=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  elif runuser -u nobody -- true 2>/dev/null; then
    runas=(runuser -u nobody --)
  fi
fi
if [ "$(id -u)" -ne 0 ] || [ ${#runas[@]} -gt 0 ]; then
  chmod 711 "$tmp"
  mkdir "$tmp/ro" "$tmp/rw" "$tmp/out-dir"
  cp "$tmp/demo.db" "$tmp/ro/shop.db"; cp "$tmp/demo.db" "$tmp/rw/shop.db"
  [ "$(id -u)" -eq 0 ] && chown -R nobody "$tmp/ro" "$tmp/rw" "$tmp/out-dir"
  chmod 600 "$tmp/ro/shop.db"; chmod 555 "$tmp/ro"; chmod 400 "$tmp/rw/shop.db"
  ok "a healthy database in a read-only folder exits 1" \
    status 1 "${runas[@]}" "$bin" roster solve --db "$tmp/ro/shop.db" --month 2026-12 --seconds 1
  ok "… saying the folder is read-only and naming the file" grep -q "ro/shop.db.*folder is read-only" "$tmp/err"
  ok "… not that it is damaged" bash -c "! grep -q damaged '$tmp/err'"
  ok "… and the folder gains nothing" test "$(listing "$tmp/ro")" = "shop.db "
  ok "a read-only file exits 1" \
    status 1 "${runas[@]}" "$bin" roster solve --db "$tmp/rw/shop.db" --month 2026-12 --seconds 1
  ok "… saying the file is read-only and naming it" grep -q "rw/shop.db.*file is read-only" "$tmp/err"
  ok "… before any work, with no SQL in the message" bash -c "! grep -q 'INSERT\|readonly database' '$tmp/err'"
  ok "… and leaves no -wal or -shm" test "$(listing "$tmp/rw")" = "shop.db "
  ok "a read-only file can still be backed up" \
    status 0 "${runas[@]}" "$bin" backup --db "$tmp/rw/shop.db" -o "$tmp/out-dir/b.db"
  ok "… leaving nothing beside it" test "$(listing "$tmp/rw")" = "shop.db "
  chmod 755 "$tmp/ro"
else
  skip "cannot run as an unprivileged user (setpriv and runuser failed)"; skip "read-only folder"
fi

# --- text (item 9): file names as they are, even in the C locale
mkdir -p "$tmp/中文"
ok "in the C locale a Chinese file name is printed as it is" \
  bash -c "LC_ALL=C '$bin' backup --db '$tmp/中文/店.db' -o '$tmp/x.db' 2>&1 | grep -q '中文/店.db'"
ok "a file name that is not UTF-8 is printed as valid UTF-8" \
  bash -c "'$bin' backup --db \$'$tmp/bad\\xff.db' -o '$tmp/x.db' 2>&1 | iconv -f UTF-8 -t UTF-8 >/dev/null"

# --- phrases (issue 10): import, export, search
data=${KD_SOURCE_ROOT:-$(dirname "$0")/../..}/tests/data/phrases
"$bin" demo -o "$tmp/ph.db" >/dev/null 2>&1
ok "phrases with no sub-command exits 2" status 2 "$bin" phrases
ok "an unknown phrases sub-command exits 2" status 2 "$bin" phrases frob
ok "phrases search with no QUERY exits 2" status 2 "$bin" phrases search --db "$tmp/ph.db"
ok "phrases search --limit 0 exits 2" status 2 "$bin" phrases search --db "$tmp/ph.db" --limit 0 th
ok "phrases export --format xml exits 2" status 2 "$bin" phrases export --db "$tmp/ph.db" --format xml "$tmp/x.csv"
ok "phrases search on a missing --db exits 1" status 1 "$bin" phrases search --db "$tmp/none.db" th
ok "… and creates nothing" test ! -e "$tmp/none.db"

ok "the demo has the starter library" test "$(sqlite3 "$tmp/ph.db" 'SELECT count(*) FROM phrases')" -ge 60
ok "phrases search th exits 0" status 0 "$bin" phrases search --db "$tmp/ph.db" th
ok "… the exact shortcut first" test "$(head -n1 "$tmp/out" | cut -f1)" = "th"
ok "… four tab-separated fields a line" test "$(awk -F'\t' 'NF != 4' "$tmp/out" | wc -l)" -eq 0
ok "… bodies on one line with \\n" grep -qF '\n' "$tmp/out"
ok "pinyin: tuihuo finds 退货" bash -c "'$bin' phrases search --db '$tmp/ph.db' tuihuo | grep -q 退货"
ok "pinyin with a space: 'tui huo'" bash -c "'$bin' phrases search --db '$tmp/ph.db' 'tui huo' | grep -q 退货"
ok "Traditional: 退貨 finds 退货" bash -c "'$bin' phrases search --db '$tmp/ph.db' 退貨 | grep -q 退货"
ok "--limit 2 prints two lines" test "$("$bin" phrases search --db "$tmp/ph.db" --limit 2 退 | wc -l)" -eq 2
ok "no match prints nothing and exits 0" test -z "$("$bin" phrases search --db "$tmp/ph.db" 不存在的词)"

ok "phrases export writes the kefu format" status 0 "$bin" phrases export --db "$tmp/ph.db" "$tmp/ph.csv"
ok "… with a BOM and the header" test "$(head -c 29 "$tmp/ph.csv")" = $'\xef\xbb\xbfgroup,shortcut,title,body\r'
ok "phrases export refuses to overwrite (exit 1)" status 1 "$bin" phrases export --db "$tmp/ph.db" "$tmp/ph.csv"
ok "… names the file" grep -q "ph.csv" "$tmp/err"
ok "phrases export --format qianniu writes GBK" status 0 "$bin" phrases export --db "$tmp/ph.db" --format qianniu "$tmp/qn.csv"
ok "… which iconv reads as GBK" bash -c "iconv -f GBK -t UTF-8 '$tmp/qn.csv' | head -n1 | grep -q '^快捷短语编码,快捷短语,快捷短语分组'"

cp "$tmp/ph.db" "$tmp/ph.before"
sqlite3 "$tmp/ph.db" 'SELECT group_id, shortcut, title, body FROM phrases ORDER BY id' > "$tmp/rows.before"
for bad in empty.csv kefu-no-header.csv kefu-duplicate-shortcut.csv kefu-unknown-placeholder.csv kefu-long-body.csv kefu-bad-quote.csv; do
  ok "phrases import refuses $bad (exit 1)" status 1 "$bin" phrases import --db "$tmp/ph.db" "$data/$bad"
  ok "… saying FILE:LINE:" grep -q "$bad:[0-9][0-9]*: " "$tmp/err"
done
sqlite3 "$tmp/ph.db" 'SELECT group_id, shortcut, title, body FROM phrases ORDER BY id' > "$tmp/rows.after"
ok "… and nothing changed" cmp -s "$tmp/rows.before" "$tmp/rows.after"
ok "phrases import of a Qianniu GBK file exits 0" status 0 "$bin" phrases import --db "$tmp/ph.db" "$data/qianniu-gbk.csv"
ok "… and reports its counts" grep -q "1 added, 2 updated, 2 new groups" "$tmp/out"
ok "… the escapes decoded" bash -c "'$bin' phrases search --db '$tmp/ph.db' --limit 1 hy | cut -f4 | grep -qF '您好,欢迎光临！\\n有什么'"

"$bin" demo -o "$tmp/rt.db" >/dev/null 2>&1
sqlite3 "$tmp/rt.db" 'DELETE FROM phrases; DELETE FROM phrase_groups'  # search rows: the app's tokenizer; new rows replace them by id
ok "export → import into an empty library exits 0" status 0 "$bin" phrases import --db "$tmp/rt.db" "$tmp/ph.csv"
ok "… and the library is the same" test "$(sqlite3 "$tmp/rt.db" 'SELECT group_concat(g.name||shortcut||title||body, char(1)) FROM (SELECT * FROM phrases ORDER BY shortcut) p JOIN phrase_groups g ON g.id = p.group_id')" = \
  "$(sqlite3 "$tmp/ph.before" 'SELECT group_concat(g.name||shortcut||title||body, char(1)) FROM (SELECT * FROM phrases ORDER BY shortcut) p JOIN phrase_groups g ON g.id = p.group_id')"
ok "… and searchable" bash -c "'$bin' phrases search --db '$tmp/rt.db' tuihuo | grep -q 退货"

# --- customers (issue 11): search, export, import
"$bin" demo -o "$tmp/cu.db" >/dev/null 2>&1
ok "customers with no sub-command exits 2" status 2 "$bin" customers
ok "customers search with neither QUERY nor --tag exits 2" status 2 "$bin" customers search --db "$tmp/cu.db"
ok "customers search --limit x exits 2" status 2 "$bin" customers search --db "$tmp/cu.db" --limit x 草莓
ok "customers search --tag with an unknown tag exits 1" status 1 "$bin" customers search --db "$tmp/cu.db" --tag 没有这个标签
ok "… naming it" grep -q "没有这个标签" "$tmp/err"
ok "the demo has about 300 customers" test "$(sqlite3 "$tmp/cu.db" 'SELECT count(*) FROM customers')" -ge 280
ok "customers search 草莓 exits 0" status 0 "$bin" customers search --db "$tmp/cu.db" 草莓
ok "… six tab-separated fields a line" test "$(awk -F'\t' 'NF != 6' "$tmp/out" | wc -l)" -eq 0
ok "… every line a nickname with 草莓" test "$(cut -f1 "$tmp/out" | grep -vc 草莓)" -eq 0
ok "… as many as the database has" test "$(wc -l < "$tmp/out")" -eq "$(sqlite3 "$tmp/cu.db" "SELECT min(20, count(*)) FROM customers WHERE nickname LIKE '%草莓%' OR notes LIKE '%草莓%'")"
ok "pinyin caomei finds the same first line" test "$("$bin" customers search --db "$tmp/cu.db" caomei | head -n1)" = "$(head -n1 "$tmp/out")"
ok "two characters of a note (尺码偏大) find customers" bash -c "'$bin' customers search --db '$tmp/cu.db' --limit 1000 尺码偏大 | wc -l | grep -qv '^0$'"
ok "--tag A --tag B is all-of" bash -c "
  n=\$('$bin' customers search --db '$tmp/cu.db' --limit 1000 --tag VIP老客 --tag 爱讲价 | wc -l)
  want=\$(sqlite3 '$tmp/cu.db' \"SELECT count(*) FROM (SELECT customer_id FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name IN ('VIP老客','爱讲价') GROUP BY customer_id HAVING count(*) = 2)\")
  [ \"\$n\" -eq \"\$want\" ] && [ \"\$n\" -gt 0 ]"
ok "--any is any-of" bash -c "
  n=\$('$bin' customers search --db '$tmp/cu.db' --limit 1000 --any --tag VIP老客 --tag 爱讲价 | wc -l)
  want=\$(sqlite3 '$tmp/cu.db' \"SELECT count(DISTINCT customer_id) FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name IN ('VIP老客','爱讲价')\")
  [ \"\$n\" -eq \"\$want\" ]"
ok "… each line carries the tags" bash -c "'$bin' customers search --db '$tmp/cu.db' --limit 1000 --tag VIP老客 | cut -f4 | grep -vc VIP老客 | grep -q '^0$'"

ok "customers export exits 0" status 0 "$bin" customers export --db "$tmp/cu.db" "$tmp/cu.csv"
ok "… a BOM, the header, nickname first" test "$(head -c 11 "$tmp/cu.csv")" = $'\xef\xbb\xbfnickname'
ok "… one row per customer" test "$(($(python3 -c "import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding='utf-8-sig'))))" "$tmp/cu.csv") - 1))" -eq "$(sqlite3 "$tmp/cu.db" 'SELECT count(*) FROM customers')"
ok "… and an audit row" test "$(sqlite3 "$tmp/cu.db" "SELECT n_records FROM audit_log WHERE action = 'customers.export'")" -eq "$(sqlite3 "$tmp/cu.db" 'SELECT count(*) FROM customers')"
ok "customers export refuses to overwrite (exit 1)" status 1 "$bin" customers export --db "$tmp/cu.db" "$tmp/cu.csv"

printf 'nickname,vip,height_cm\n甲,1,170\n乙,2,三米\n' > "$tmp/bad-cu.csv"
before=$(sqlite3 "$tmp/cu.db" 'SELECT count(*) FROM customers')
ok "customers import of a bad row exits 1" status 1 "$bin" customers import --db "$tmp/cu.db" "$tmp/bad-cu.csv"
ok "… naming file, line and column" grep -q "bad-cu.csv:3: height_cm: " "$tmp/err"
ok "… and importing nothing" test "$(sqlite3 "$tmp/cu.db" 'SELECT count(*) FROM customers')" -eq "$before"

"$bin" demo -o "$tmp/cu2.db" >/dev/null 2>&1
sqlite3 "$tmp/cu2.db" "PRAGMA foreign_keys = ON; DELETE FROM customers; DELETE FROM tags"
ok "export → import into an empty shop exits 0" status 0 "$bin" customers import --db "$tmp/cu2.db" "$tmp/cu.csv"
ok "… and the profiles are the same" test "$(sqlite3 "$tmp/cu2.db" "SELECT group_concat(nickname||real_name||vip||notes||tags_sort||height_cm, char(1)) FROM (SELECT * FROM customers ORDER BY nickname)")" = \
  "$(sqlite3 "$tmp/cu.db" "SELECT group_concat(nickname||real_name||vip||notes||tags_sort||height_cm, char(1)) FROM (SELECT * FROM customers ORDER BY nickname)")"
ok "… and searchable" bash -c "'$bin' customers search --db '$tmp/cu2.db' caomei | grep -q 草莓"

# --- orders (issue 12): import-orders, orders list
od=${KD_SOURCE_ROOT:-$(dirname "$0")/../..}/tests/data/orders
"$bin" demo -o "$tmp/or.db" >/dev/null 2>&1
ok "import-orders with no REPORT exits 2" status 2 "$bin" import-orders --db "$tmp/or.db"
ok "--rejects without --skip-bad-rows exits 2" status 2 "$bin" import-orders --db "$tmp/or.db" --rejects "$tmp/r.csv" "$od/items.csv"
ok "orders list --flag pink-ish nonsense exits 2" status 2 "$bin" orders list --db "$tmp/or.db" --flag orange
ok "orders list --since 2017-13-01 exits 2" status 2 "$bin" orders list --db "$tmp/or.db" --since 2017-13-01
ok "the demo has about 2 000 orders" test "$(sqlite3 "$tmp/or.db" 'SELECT count(*) FROM orders')" -ge 1900
before=$(sqlite3 "$tmp/or.db" 'SELECT count(*) FROM orders')
ok "a GBK report and a good UTF-8 one with a bad row in a third: exit 1" status 1 "$bin" import-orders --db "$tmp/or.db" "$od/report-2017-gbk.csv" "$od/report-later-utf8.csv" "$od/bad-money.csv"
ok "… naming file, line and column" grep -q "bad-money.csv:2: 总金额: " "$tmp/err"
ok "… and nothing imported" test "$(sqlite3 "$tmp/or.db" 'SELECT count(*) FROM orders')" -eq "$before"
ok "the three good reports import (exit 0)" status 0 "$bin" import-orders --db "$tmp/or.db" "$od/items.csv" "$od/report-2017-gbk.csv" "$od/report-later-utf8.csv"
ok "… with a summary" grep -q "Read 10 rows: 8 orders added, 0 updated, 0 unchanged; 2 item lines; " "$tmp/out"
ok "… every buyer has exactly one profile" test "$(sqlite3 "$tmp/or.db" "SELECT count(*) FROM customers WHERE nickname IN ('爱吃草莓的猫','晚风','tb_8823','小鹿','新买家小周')")" -eq 5
ok "re-import updates in place" status 0 "$bin" import-orders --db "$tmp/or.db" "$od/reimport.csv"
ok "… 1 updated, 1 unchanged" grep -q "0 orders added, 1 updated, 1 unchanged" "$tmp/out"
ok "… and no duplicates" test "$(sqlite3 "$tmp/or.db" "SELECT count(*) FROM orders WHERE order_no LIKE '3515313147329357%'")" -eq 4
ok "--skip-bad-rows --rejects writes the bad rows" status 0 "$bin" import-orders --db "$tmp/or.db" --skip-bad-rows --rejects "$tmp/rej.csv" "$od/bad-scientific.csv"
ok "… with their reasons" grep -q "2.47448E+18.*订单编号: " "$tmp/rej.csv"
ok "orders list prints seven tab-separated fields" status 0 "$bin" orders list --db "$tmp/or.db" --since 2017-07-01 --search 3515313 --limit 10
ok "… a line per order (the skipped file's good row too)" test "$(awk -F'\t' 'NF == 7' "$tmp/out" | wc -l)" -eq 5
ok "… status keys, ISO 8601 times, two-decimal amounts" grep -qP '^3515313147329357902\t晚风\tpaid\t2017-07-08T\S+\t69\.90\tnone\t$' "$tmp/out"
ok "orders list --flag green --status paid filters" bash -c "'$bin' orders list --db '$tmp/or.db' --flag green --status paid --limit 1000 | awk -F'\t' '\$6 != \"green\" || \$3 != \"paid\"' | wc -l | grep -q '^0$'"
ok "orders list --agent 3 only has orders with a remark by 3" bash -c "'$bin' orders list --db '$tmp/or.db' --agent 3 --limit 5 | wc -l | grep -q '^5$'"
# --- roster (issue 14): the demo comes rostered; --fill keeps what is filled
KEFU_DESK_NOW=2026-11-25T09:00:00+08:00 "$bin" demo -o "$tmp/ro.db" >/dev/null
dec () { sqlite3 "$tmp/ro.db" "SELECT group_concat(staff_id||day||coalesce(shift_id,'-'), ',') FROM (SELECT * FROM roster_assignments WHERE day LIKE '2026-12-%' ORDER BY staff_id, day)"; }
cells () { sqlite3 "$tmp/ro.db" "SELECT count(*) FROM roster_assignments WHERE day LIKE '$1%'"; }
ok "the demo is rostered for the clock's month and the next" \
  test "$(cells 2026-11-)" -eq 330 -a "$(cells 2026-12-)" -eq 341
before=$(dec)
ok "roster solve --fill on a full month exits 0" \
  status 0 "$bin" roster solve --db "$tmp/ro.db" --month 2026-12 --fill --iterations 20000 --seconds 60
ok "… and changes nothing" test "$(dec)" = "$before"
sqlite3 "$tmp/ro.db" "DELETE FROM roster_assignments WHERE staff_id = (SELECT id FROM staff WHERE job_number = '7') AND day >= '2026-12-20' AND day LIKE '2026-12-%'"
others=$(sqlite3 "$tmp/ro.db" "SELECT group_concat(staff_id||day||coalesce(shift_id,'-'), ',') FROM (SELECT * FROM roster_assignments a WHERE day LIKE '2026-12-%' AND staff_id <> (SELECT id FROM staff WHERE job_number = '7') ORDER BY staff_id, day)")
ok "roster solve --fill fills the emptied cells" \
  status 0 "$bin" roster solve --db "$tmp/ro.db" --month 2026-12 --fill --iterations 20000 --seconds 60
ok "… all of them" test "$(cells 2026-12-)" -eq 341
ok "… and leaves everybody else's as they were" test "$(sqlite3 "$tmp/ro.db" "SELECT group_concat(staff_id||day||coalesce(shift_id,'-'), ',') FROM (SELECT * FROM roster_assignments a WHERE day LIKE '2026-12-%' AND staff_id <> (SELECT id FROM staff WHERE job_number = '7') ORDER BY staff_id, day)")" = "$others"
ok "roster solve fills a month not rostered yet" \
  status 0 "$bin" roster solve --db "$tmp/ro.db" --month 2027-01 --iterations 20000 --seconds 60
ok "… every cell" test "$(cells 2027-01-)" -eq 341
ok "--fill without --month exits 2" status 2 "$bin" roster solve --db "$tmp/ro.db" --fill

echo "1..$n"
[ "$failed" -eq 0 ]
