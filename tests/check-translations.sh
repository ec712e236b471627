#!/bin/sh
# Fails when a translatable string in the sources has no zh_CN or zh_TW
# translation, or a translation is fuzzy or malformed.
# usage: check-translations.sh SOURCE_ROOT
set -eu
src=$1
tmp=$(mktemp -d)
trap "rm -rf $tmp" EXIT; [ -n "${KEEP_TMP:-}" ] && trap - EXIT && echo "$tmp"

grep -v '^#' "$src/po/POTFILES.in" | grep -v '^$' > "$tmp/files"
xgettext --directory="$src" --files-from="$tmp/files" --output="$tmp/kefu-desk.pot" \
  --from-code=UTF-8 --add-comments --package-name=kefu-desk \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_strdup_printf:1:c-format --flag=g_set_error:4:c-format

status=0
for lang in $(grep -v '^#' "$src/po/LINGUAS"); do
  msgmerge --quiet --no-fuzzy-matching "$src/po/$lang.po" "$tmp/kefu-desk.pot" -o "$tmp/$lang.po"
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1) || { echo "$lang: $stats"; status=1; continue; }
  echo "$lang: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*)
      status=1
      echo "Untranslated or fuzzy in po/$lang.po:"
      msgattrib --untranslated --only-fuzzy "$tmp/$lang.po" 2>/dev/null | grep '^msgid' || true
      msgattrib --untranslated "$tmp/$lang.po" | grep '^msgid' | grep -v '^msgid ""$' || true
      ;;
  esac
done
exit $status
