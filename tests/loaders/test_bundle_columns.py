"""The bundle loader's columns and odd rows (docs/BUNDLE.md): only id, type and name (and
type, src, dst; entity, list) are required; an id given twice and a self-link are
loaded with a warning that says so; an empty file says it is empty."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.errors import InvalidInput
from graph.risk.lookthrough import owners
from graph.store.sqlite import SQLiteStore
from loaders.bundle import DUPLICATE_ID, SELF_LINK
from loaders.pipeline import load


def bundle(tmp_path: Path, **files: str) -> Path:
    d = tmp_path / "b"
    d.mkdir()
    for name, text in files.items():
        (d / f"{name}.csv").write_text(text, encoding="utf-8")
    return d


def test_optional_columns_may_be_left_out(tmp_path: Path) -> None:
    d = bundle(
        tmp_path,
        entities="id,type,name\nA,Company,Alpha Ltd\nB,Company,Bravo Ltd\n",
        relationships="type,src,dst,share\nOWNS,A,B,60%\n",
        listings="entity,list\nB,CN_SAMR_ABNORMAL\n",
    )
    with SQLiteStore.from_url(f"sqlite:///{tmp_path / 's.db'}") as store:
        report = load(store, "bundle", [d])
        assert report.skipped_total == 0
        counts = {k: c.written for k, c in report.counts.items()}
        assert counts["Company"] == 2 and counts["OWNS"] == 1 and counts["LISTED_ON"] == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "the file is empty"), ("id,name\nA,Alpha\n", "missing column(s) type")],
)
def test_a_required_column_or_a_header_is_needed(tmp_path: Path, text: str, message: str) -> None:
    d = bundle(tmp_path, entities=text)
    with (
        SQLiteStore.from_url(f"sqlite:///{tmp_path / 's.db'}") as store,
        pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")),
    ):
        load(store, "bundle", [d])


def test_an_id_on_two_rows_is_one_entity_and_said(tmp_path: Path) -> None:
    d = bundle(
        tmp_path,
        entities="id,type,name\nA,Company,Alpha Ltd\nB,Company,B\nA,Company,Alpha Limited\n",
    )
    with SQLiteStore.from_url(f"sqlite:///{tmp_path / 's.db'}") as store:
        report = load(store, "bundle", [d])
        assert report.warnings[DUPLICATE_ID] == 1
        (sample,) = [w for w in report.warning_samples if w["reason"] == DUPLICATE_ID]
        assert (sample["line"], sample["record_id"]) == (4, "A")
        assert "line 2 has it too" in sample["detail"]
        assert store.stats().nodes["Company"] == 2


def test_a_company_owning_itself_is_kept_said_and_not_counted(tmp_path: Path) -> None:
    d = bundle(
        tmp_path,
        entities="id,type,name\nA,Company,Alpha\nB,Company,Bravo\n",
        relationships="type,src,dst,share\nOWNS,A,A,30%\nOWNS,B,A,60%\n",
    )
    with SQLiteStore.from_url(f"sqlite:///{tmp_path / 's.db'}") as store:
        report = load(store, "bundle", [d])
        assert report.warnings[SELF_LINK] == 1
        a, b = store.resolve("bundle:b:A"), store.resolve("bundle:b:B")
        assert a is not None and b is not None
        found = owners(store.export_edges(), a, 0, date(2026, 1, 1))
        assert [(h.entity, round(h.share, 6)) for h in found.holdings] == [(b, 0.6)]
