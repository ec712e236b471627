#!/usr/bin/python3
"""Proves the layering is enforced by the build: with each layer's own
compiler flags (from compile_commands.json), a header from a higher layer,
sqlite3.h outside store/, glpk.h outside the solver and gtk/gtk.h in core/
and store/ fail to compile; the allowed headers compile. Prints TAP."""
import json
import os
import shlex
import subprocess
import sys
import tempfile

build = sys.argv[1]
commands = json.load(open(os.path.join(build, 'compile_commands.json')))


def flags_for(fragment):
    for c in commands:
        if fragment in c['file']:
            args = shlex.split(c['command'])
            out, skip = [], False
            for a in args[1:]:
                if skip:
                    skip = False
                    continue
                if a in ('-o', '-MF', '-MQ', '-c'):
                    skip = True
                    continue
                if a in ('-MD',):
                    continue
                out.append(a)
            return args[0], out, c['directory']
    return None


# (layer, a source file of it, header, must compile)
cases = [
    ('core', 'app/core/common/kd-text.c', '"kd-store.h"', False),
    ('core', 'app/core/common/kd-text.c', '<sqlite3.h>', False),
    ('core', 'app/core/common/kd-text.c', '<glpk.h>', False),
    ('core', 'app/core/common/kd-text.c', '<gtk/gtk.h>', False),
    ('core', 'app/core/common/kd-text.c', '"kd-staff.h"', True),
    ('solver', 'app/core/roster/solver/kd-roster-colgen.c', '<glpk.h>', True),
    ('store', 'app/store/kd-store.c', '<sqlite3.h>', True),
    ('store', 'app/store/kd-store.c', '"kd-context.h"', False),
    ('store', 'app/store/kd-store.c', '<gtk/gtk.h>', False),
    ('store', 'app/store/kd-store.c', '<glpk.h>', False),
    ('services', 'app/services/kd-context.c', '<sqlite3.h>', False),
    ('services', 'app/services/kd-context.c', '"kd-store-private.h"', False),
    ('services', 'app/services/kd-context.c', '"kd-window.h"', False),
    ('services', 'app/services/kd-context.c', '<gtk/gtk.h>', False),
    ('services', 'app/services/kd-context.c', '"kd-staff-repo.h"', True),
    ('ui', 'app/ui/shell/kd-window.c', '<sqlite3.h>', False),
    ('ui', 'app/ui/shell/kd-window.c', '"kd-staff-repo.h"', False),
    ('ui', 'app/ui/shell/kd-window.c', '"kd-store-private.h"', False),
    ('ui', 'app/ui/shell/kd-window.c', '"kd-cli.h"', False),
    ('ui', 'app/ui/shell/kd-window.c', '"kd-staff-service.h"', True),
    ('cli', 'app/cli/kd-cli.c', '<sqlite3.h>', False),
    ('cli', 'app/cli/kd-cli.c', '"kd-window.h"', False),
]

n = 0
failed = 0
with tempfile.TemporaryDirectory() as tmp:
    for layer, source, header, allowed in cases:
        n += 1
        found = flags_for(source)
        if found is None:
            print(f'not ok {n} - {layer}: no compile command for {source}')
            failed += 1
            continue
        cc, flags, directory = found
        snippet = os.path.join(tmp, f'probe{n}.c')
        with open(snippet, 'w') as f:
            f.write(f'#include {header}\nint kd_probe (void);\nint kd_probe (void) {{ return 0; }}\n')
        r = subprocess.run([cc] + flags + ['-fsyntax-only', snippet], cwd=directory,
                           capture_output=True, text=True)
        ok = (r.returncode == 0) == allowed
        verb = 'compiles' if allowed else 'is refused'
        print(f'{"ok" if ok else "not ok"} {n} - {layer}: #include {header} {verb}')
        if not ok:
            failed += 1
            print('# ' + (r.stderr.strip().splitlines() or ['(compiled)'])[0])
print(f'1..{n}')
sys.exit(1 if failed else 0)
