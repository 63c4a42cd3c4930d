"""The bundle's columns and ``credgraph template``'s files (docs/BUNDLE.md).

>>> import tempfile; d = Path(tempfile.mkdtemp())
>>> [p.name for p in template(d)]
['entities.csv', 'relationships.csv', 'listings.csv']
"""

from __future__ import annotations

import csv
from pathlib import Path

ENTITY_COLUMNS = ("id", "type", "name", "names", "uscc", "lei", "country", "status")
REL_COLUMNS = ("type", "src", "dst", "role", "share", "start", "end", "basis", "source_record")
LISTING_COLUMNS = ("entity", "list", "start", "end", "status", "case_no", "reason", "agency")
FILES = {
    "entities.csv": ENTITY_COLUMNS,
    "relationships.csv": REL_COLUMNS,
    "listings.csv": LISTING_COLUMNS,
}
# The template's example rows: an obviously invented company (its organisation code,
# characters 9-17 of the USCC, spells EXAMPLE, which no real code does) with a code
# that passes every check, so that loading the template unedited lists nobody real.
EXAMPLE_USCC = "91110000EXAMPLE03Q"
EXAMPLES = {
    "entities.csv": [
        [
            "E1",
            "Company",
            "示例科技有限公司（示例数据）",
            "Example Technology Co., Ltd. (example row, not a real company)",
            EXAMPLE_USCC,
            "",
            "cn",
            "active",
        ],
        ["P1", "Person", "张三（示例）", "Zhang San (example)", "", "", "cn", ""],
    ],
    "relationships.csv": [
        ["OFFICER_OF", "P1", "E1", "legal_representative", "", "2015-01-01", "", "", "r1"],
        ["OWNS", "P1", "E1", "", "51%", "2015-01-01", "", "", "r2"],
    ],
    "listings.csv": [
        [
            "E1",
            "CN_SPC_DISHONEST",
            "2024-03-01",
            "",
            "active",
            "示例-2024-0001",
            "failure to perform (example)",
            "SPC",
        ],
    ],
}


def template(folder: str | Path) -> list[Path]:
    """Write the three bundle files with headers and example rows; return their paths."""
    out = []
    d = Path(folder)
    d.mkdir(parents=True, exist_ok=True)
    for name, cols in FILES.items():
        p = d / name
        with p.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(cols)
            w.writerows(EXAMPLES[name])
        out.append(p)
    return out
