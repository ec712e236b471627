#!/usr/bin/python3
"""Appends translations to po/zh_CN.po and po/zh_TW.po.

usage: tools/po-add.py FILE.tsv
  lines: msgid<TAB>zh_CN<TAB>zh_TW[<TAB>msgid_plural[<TAB>msgctxt]]
  (an empty msgid_plural column: no plural; Chinese has one form, so the
  translation serves every count)
Entries whose msgid (in its context) is already in a catalogue are left alone there.
"""
import sys, pathlib

def quote(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n') + '"'

root = pathlib.Path(__file__).resolve().parent.parent
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1], encoding='utf-8') if l.strip()]
for col, lang in ((1, 'zh_CN'), (2, 'zh_TW')):
    po = root / 'po' / f'{lang}.po'
    text = po.read_text(encoding='utf-8')
    added = []
    for r in rows:
        plural = r[3] if len(r) > 3 and r[3] else None
        ctxt = f'msgctxt {quote(r[4])}\n' if len(r) > 4 and r[4] else ''
        if f'\n{ctxt}msgid {quote(r[0])}\n' in text:
            continue
        flag = '#, c-format\n' if '%' in r[0] else ''
        if plural:
            added.append(f'\n{flag}{ctxt}msgid {quote(r[0])}\nmsgid_plural {quote(plural)}\nmsgstr[0] {quote(r[col])}\n')
        else:
            added.append(f'\n{flag}{ctxt}msgid {quote(r[0])}\nmsgstr {quote(r[col])}\n')
    po.write_text(text.rstrip('\n') + '\n' + ''.join(added), encoding='utf-8')
    print(f'{lang}: {len(added)} added')
