"""``credgraph search`` finds bare register numbers and tickers of the real files and
says which scheme matched."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ui.cli import main

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if not DATA.is_dir():
        pytest.skip(f"real data folder {DATA} absent (fresh clone without ../shared)")
    url = f"sqlite:///{tmp_path_factory.mktemp('ids')}/g.db"
    for fmt, path in (
        ("ofac-sdn", DATA / "ofac-sdn" / "sdn.csv"),
        ("cn-holders", DATA / "cn-listed-top10-holders"),
    ):
        res = CliRunner().invoke(main, ["--store", url, "load", fmt, str(path)])
        assert res.exit_code == 0, res.output
    return url


# From the raw files: sdn.csv entry 16911 "Tax ID No. 1832090230 (Russia)", entry 45928
# "Registration Number 1101841007938 (Russia)"; company.csv row "000046.SZ,泛海控股,...".
@pytest.mark.parametrize(
    ("query", "entity", "matched", "scheme"),
    [
        ("1832090230", "ofac:16911", "reg:ru-inn:1832090230", "reg:ru-inn"),
        ("1101841007938", "ofac:45928", "reg:ru-ogrn:1101841007938", "reg:ru-ogrn"),
        ("000046.SZ", "ticker:000046.SZ", "ticker:000046.SZ", "ticker"),
        ("000046", "ticker:000046.SZ", "ticker:000046.SZ", "ticker"),
    ],
)
def test_bare_numbers_and_tickers_are_found(
    url: str, query: str, entity: str, matched: str, scheme: str
) -> None:
    res = CliRunner().invoke(main, ["--store", url, "search", query, "--json"])
    assert res.exit_code == 0, res.output
    top = json.loads(res.stdout)[0]
    assert (top["id"], top["how"], top["matched"], top["scheme"]) == (
        entity,
        "id",
        matched,
        scheme,
    )
