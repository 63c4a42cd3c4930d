"""Bare register numbers and tickers: which aliases a query is tried under."""

from __future__ import annotations

import pytest

from graph.registers import register_candidates
from graph.store.textindex import id_candidates


@pytest.mark.parametrize(
    ("query", "alias"),
    [
        ("1832090230", "reg:ru-inn:1832090230"),  # INN of a company: 10 digits
        ("183209023012", "reg:ru-inn:183209023012"),  # of a person: 12
        ("1101841007938", "reg:ru-ogrn:1101841007938"),  # OGRN: 13 digits
        ("310774614300011", "reg:ru-ogrn:310774614300011"),  # OGRNIP: 15
        ("ru-inn:1832090230", "reg:ru-inn:1832090230"),
        ("RU-OGRN:1101841007938", "reg:ru-ogrn:1101841007938"),
        ("gb-coh:8209948", "reg:GB-COH:08209948"),
    ],
)
def test_a_bare_number_is_tried_under_the_schemes_it_fits(query: str, alias: str) -> None:
    assert alias in register_candidates(query)
    assert alias in id_candidates(query)


def test_a_number_is_not_tried_under_a_russian_scheme_it_does_not_fit() -> None:
    assert not any("ru-" in a for a in register_candidates("08209948"))
    assert "reg:ru-ogrn:1832090230" not in register_candidates("1832090230")
    assert "reg:ru-inn:1101841007938" not in register_candidates("1101841007938")


@pytest.mark.parametrize("query", ["000046.SZ", "000046.sz", " 000046.SZ "])
def test_a_ticker_is_found_bare(query: str) -> None:
    assert "ticker:000046.SZ" in id_candidates(query)


def test_a_six_digit_code_is_tried_on_each_exchange() -> None:
    got = id_candidates("600075")
    assert {"ticker:600075.SH", "ticker:600075.SZ", "ticker:600075.BJ"} <= set(got)
