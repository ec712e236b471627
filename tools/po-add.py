#!/usr/bin/python3
"""Appends translations to po/zh_CN.po and po/zh_TW.po.

usage: tools/po-add.py FILE.tsv   (lines: msgid<TAB>zh_CN<TAB>zh_TW, or for
ngettext: msgid<TAB>msgid_plural<TAB>zh_CN<TAB>zh_TW, Chinese having one form;
"\\n" in a field is a line break)
Entries whose msgid is already in a catalogue are left alone there.
"""
import sys, pathlib

def quote(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n') + '"'

root = pathlib.Path(__file__).resolve().parent.parent
rows = [[f.replace('\\n', '\n') for f in l.rstrip('\n').split('\t')]
        for l in open(sys.argv[1], encoding='utf-8') if l.strip()]
for lang_index, lang in ((0, 'zh_CN'), (1, 'zh_TW')):
    po = root / 'po' / f'{lang}.po'
    text = po.read_text(encoding='utf-8')
    added = []
    for r in rows:
        if f'\nmsgid {quote(r[0])}\n' in text:
            continue
        flag = '#, c-format\n' if '%' in r[0] else ''
        if len(r) == 4:
            added.append(f'\n{flag}msgid {quote(r[0])}\nmsgid_plural {quote(r[1])}\nmsgstr[0] {quote(r[2 + lang_index])}\n')
        else:
            added.append(f'\n{flag}msgid {quote(r[0])}\nmsgstr {quote(r[1 + lang_index])}\n')
    po.write_text(text.rstrip('\n') + '\n' + ''.join(added), encoding='utf-8')
    print(f'{lang}: {len(added)} added')
