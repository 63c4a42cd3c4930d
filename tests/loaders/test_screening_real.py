"""Screening names against the real listed-company shareholder tables: a Latin name that
covers only part of a Chinese name's pinyin is no match.

Expected values are read from the raw files with ``csv``.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from graph.risk.screening import screen
from graph.store.sqlite import SQLiteStore
from loaders.pipeline import load

DAY = date(2021, 1, 1)


def test_huawei_is_not_hua_weizhong(data: Path, store: SQLiteStore) -> None:
    folder = data / "cn-listed-top10-holders"
    with (folder / "relation.csv").open(encoding="utf-8") as fh:
        holders = {row["holder_name"] for row in csv.DictReader(fh)}
    # 华伟忠 (hua wei zhong), a natural-person holder of 000762.SZ; no holder is 华为.
    assert "华伟忠" in holders and not any("华为" in h for h in holders)
    load(store, "cn-holders", [folder])
    by_name = screen(store, ["name"], [["Huawei"], ["Hua Weizhong"]], DAY)
    huawei, full = by_name
    assert huawei.match.entity_id is None and huawei.match.method == "none"
    assert "华伟忠" in huawei.match.explanation  # named as the nearest, with its score
    assert full.match.name == "华伟忠" and full.match.score == 0.9 and not full.match.flags
    # A company column never matches a person.
    (company,) = screen(store, ["企业名称"], [["Hua Weizhong"]], DAY)
    assert company.match.entity_id is None
