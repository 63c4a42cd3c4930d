"""FtM shares of one asset past 100 %: warned only when the stakes hold at the same time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.ftm import read_ftm
from loaders.records import Warned

pytestmark = pytest.mark.usefixtures("spill_modes")


def _file(tmp_path: Path, stakes: list[tuple[str, str, str | None, str | None]]) -> Path:
    lines = [{"id": "asset", "schema": "Company", "properties": {"name": ["Asset Ltd"]}}]
    for k, (owner, pct, start, end) in enumerate(stakes):
        lines.append({"id": owner, "schema": "Company", "properties": {"name": [owner]}})
        props: dict[str, list[str]] = {"owner": [owner], "asset": ["asset"], "percentage": [pct]}
        if start:
            props["startDate"] = [start]
        if end:
            props["endDate"] = [end]
        lines.append({"id": f"own{k}", "schema": "Ownership", "properties": props})
    path = tmp_path / "f.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def _overfull(path: Path) -> list[Warned]:
    return [r for r in read_ftm(path) if isinstance(r, Warned) and "past 100%" in r.reason]


def test_concurrent_stakes_past_100_are_warned_once(tmp_path: Path) -> None:
    warned = _overfull(_file(tmp_path, [("a", "60", None, None), ("b", "50", None, None)]))
    assert len(warned) == 1
    assert warned[0].record_id == "ftm:asset" and "110.00%" in warned[0].detail


def test_stakes_that_follow_each_other_are_not_warned(tmp_path: Path) -> None:
    path = _file(
        tmp_path, [("a", "60", "2015-01-01", "2020-01-01"), ("b", "50", "2020-01-01", None)]
    )
    assert _overfull(path) == []


def test_exactly_100_and_just_under_are_not_warned(tmp_path: Path) -> None:
    thirds = [(o, "33.3333333333333333333", None, None) for o in "abc"]
    assert _overfull(_file(tmp_path, [("a", "40", None, None), ("b", "60", None, None)])) == []
    assert _overfull(_file(tmp_path, thirds)) == []
