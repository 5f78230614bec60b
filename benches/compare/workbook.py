"""The workbook step of the comparison: a seeded partner workbook and
pandas reading it.

    python workbook.py make OUT.xlsx ROWS      # writes the workbook (openpyxl, seeded)
    python workbook.py read FILE.xlsx SHEET     # pandas.read_excel(engine="openpyxl"), timed

`read` prints JSON with the rows and columns read and the seconds of
`pandas.read_excel(path, sheet_name=SHEET, engine="openpyxl", dtype=str)`
alone, in-process (importing pandas and process start are not included).
`make` writes sheet "Partner" with the columns of a ruhrmap partner table:
project, partner id, name, role, actor type, place and coordinates (numbers)
inside Germany, from a fixed seed, so every machine gets the same cells.
"""
from __future__ import annotations

import json
import random
import sys
import time

PLACES = ["Bochum", "Dortmund", "Essen", "Münster", "Gelsenkirchen", "Köln", "Duisburg",
          "Herne", "Hamm", "Recklinghausen", "Coesfeld", "Bielefeld", "Düsseldorf", "Unna"]
ROLES = ["coordinator", "core", "loose", "loose"]
TYPES = ["municipality", "science", "business", "civil_society", "association", "intermediary"]


def make(path: str, rows: int) -> None:
    from openpyxl import Workbook

    rng = random.Random(20241203)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Partner")
    sheet.append(["project", "id", "name", "role", "actor_type", "place", "lat", "lon"])
    for k in range(rows):
        project = f"P{k // 20 + 1}"
        sheet.append([project, f"{project}-{k % 20 + 1:02d}", f"Organisation {k + 1}",
                      ROLES[0] if k % 20 == 0 else rng.choice(ROLES[1:]), rng.choice(TYPES),
                      rng.choice(PLACES), round(rng.uniform(47.4, 54.9), 5), round(rng.uniform(6.0, 14.9), 5)])
    workbook.save(path)


def read(path: str, sheet: str) -> None:
    import pandas

    start = time.perf_counter()
    frame = pandas.read_excel(path, sheet_name=sheet, engine="openpyxl", dtype=str)
    seconds = time.perf_counter() - start
    print(json.dumps({"rows": len(frame), "columns": len(frame.columns), "read_s": seconds}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["make"]:
        make(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1:2] == ["read"]:
        read(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
