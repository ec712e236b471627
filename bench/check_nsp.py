#!/usr/bin/python3
"""check_nsp.py: independent feasibility and objective check of a Curtois & Qu roster CSV.

Written from the instance README, not from the C evaluator, so the two can
catch each other's mistakes.  Usage: check_nsp.py INSTANCE.txt ROSTER.csv
Prints "feasible OBJ" or "infeasible N" (and the violations on stderr).
"""
import csv
import sys


def read_instance(path):
    sections = {}
    cur = None
    for raw in open(path, encoding="utf-8"):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            cur = line
            sections[cur] = []
            continue
        sections[cur].append([f.strip() for f in line.split(",")])
    inst = {}
    inst["days"] = int(sections["SECTION_HORIZON"][0][0])
    inst["shifts"] = {}
    for row in sections["SECTION_SHIFTS"]:
        nxt = [x for x in row[2].split("|") if x] if len(row) > 2 else []
        inst["shifts"][row[0]] = (int(row[1]), set(nxt))
    inst["staff"] = {}
    for row in sections["SECTION_STAFF"]:
        maxes = {}
        for kv in row[1].split("|"):
            k, v = kv.split("=")
            maxes[k] = int(v)
        inst["staff"][row[0]] = dict(
            max_shifts=maxes, max_min=int(row[2]), min_min=int(row[3]),
            max_cons=int(row[4]), min_cons=int(row[5]), min_off=int(row[6]),
            max_wkd=int(row[7]))
    inst["days_off"] = {}
    for row in sections.get("SECTION_DAYS_OFF", []):
        inst["days_off"][row[0]] = {int(x) for x in row[1:] if x != ""}
    inst["on"] = [(r[0], int(r[1]), r[2], int(r[3])) for r in sections.get("SECTION_SHIFT_ON_REQUESTS", [])]
    inst["off"] = [(r[0], int(r[1]), r[2], int(r[3])) for r in sections.get("SECTION_SHIFT_OFF_REQUESTS", [])]
    inst["cover"] = [(int(r[0]), r[1], int(r[2]), int(r[3]), int(r[4])) for r in sections["SECTION_COVER"]]
    return inst


def read_roster(path, days):
    rows = list(csv.reader(open(path, encoding="utf-8")))
    header = rows[0]
    assert header[0] == "employee" and header[1:] == [str(d) for d in range(days)], "bad header"
    roster = {}
    for r in rows[1:]:
        if not r:
            continue
        cells = r[1:] + [""] * (days - len(r) + 1)
        roster[r[0]] = [c if c != "" else None for c in cells[:days]]
    return roster


def stretches(cells, working):
    """(start, length) of maximal stretches of working (or off) days."""
    out = []
    d = 0
    n = len(cells)
    while d < n:
        if (cells[d] is not None) == working:
            s = d
            while d < n and (cells[d] is not None) == working:
                d += 1
            out.append((s, d - s))
        else:
            d += 1
    return out


def check(inst, roster):
    days = inst["days"]
    errs = []
    for e in inst["staff"]:
        if e not in roster:
            errs.append(f"employee {e} missing")
    for e, cells in roster.items():
        st = inst["staff"].get(e)
        if st is None:
            errs.append(f"unknown employee {e}")
            continue
        for d, c in enumerate(cells):
            if c is not None and c not in inst["shifts"]:
                errs.append(f"{e} day {d}: unknown shift {c}")
        # successions; before day 0 and after the end count as off
        for d in range(days - 1):
            a, b = cells[d], cells[d + 1]
            if a is not None and b is not None and b in inst["shifts"][a][1]:
                errs.append(f"{e} day {d+1}: {b} may not follow {a}")
        for s in inst["shifts"]:
            n = sum(1 for c in cells if c == s)
            if n > st["max_shifts"].get(s, 0):
                errs.append(f"{e}: {n} x {s} > {st['max_shifts'].get(s, 0)}")
        minutes = sum(inst["shifts"][c][0] for c in cells if c is not None)
        if minutes > st["max_min"] or minutes < st["min_min"]:
            errs.append(f"{e}: {minutes} minutes outside [{st['min_min']}, {st['max_min']}]")
        for s, n in stretches(cells, True):
            if n > st["max_cons"]:
                errs.append(f"{e} day {s}: {n} working days in a row > {st['max_cons']}")
            if s > 0 and s + n < days and n < st["min_cons"]:
                errs.append(f"{e} day {s}: {n} working days in a row < {st['min_cons']}")
        for s, n in stretches(cells, False):
            if s > 0 and s + n < days and n < st["min_off"]:
                errs.append(f"{e} day {s}: {n} days off in a row < {st['min_off']}")
        weekends = 0
        for w in range(days // 7 + 1):
            sat, sun = 7 * w + 5, 7 * w + 6
            if (sat < days and cells[sat] is not None) or (sun < days and cells[sun] is not None):
                weekends += 1
        if weekends > st["max_wkd"]:
            errs.append(f"{e}: {weekends} weekends > {st['max_wkd']}")
        for d in inst["days_off"].get(e, ()):
            if cells[d] is not None:
                errs.append(f"{e} day {d}: works on a day off")
    obj = 0
    for e, d, s, w in inst["on"]:
        if roster.get(e, [None] * days)[d] != s:
            obj += w
    for e, d, s, w in inst["off"]:
        if roster.get(e, [None] * days)[d] == s:
            obj += w
    for d, s, req, wu, wo in inst["cover"]:
        n = sum(1 for cells in roster.values() if cells[d] == s)
        if n < req:
            obj += wu * (req - n)
        else:
            obj += wo * (n - req)
    return errs, obj


def main():
    inst = read_instance(sys.argv[1])
    roster = read_roster(sys.argv[2], inst["days"])
    errs, obj = check(inst, roster)
    for e in errs:
        print(e, file=sys.stderr)
    if errs:
        print(f"infeasible {len(errs)}")
        return 1
    print(f"feasible {obj}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
