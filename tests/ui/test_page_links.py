"""What every page shares: how it reads an id, the date and the language from the URL,
the links it makes, and how it shows a message built from what the user typed."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import parse_qs

import pytest

from tests.ui.rich_fixture import (
    ROOT,
    XIAN,
    XIAN_LEI,
    XIAN_UK,
    build_rich_store,
)
from tests.ui.test_pages import _go, _start
from ui.markup import md

DAY = date(2024, 6, 1)
PAGES = ("entity", "network", "tree", "exposure")


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_rich_store(tmp_path_factory.mktemp("links") / "rich.db")


def _captions(at: object) -> list[str]:
    return [str(c.value) for c in at.caption]  # type: ignore[attr-defined]


def _inert(value: str) -> bool:
    """No Markdown link (a bracket left unescaped) and nothing GFM would autolink once
    the escapes are resolved (a URL, www., an address)."""
    shown = re.sub(r"\\(.)", r"\1", value)
    live = re.search(r"(?<!\\)[\[\]]", value) or re.search(r"(?i)https?://|www\.|\w@\w", shown)
    return live is None


def _links(at: object) -> list[dict[str, list[str]]]:
    return [parse_qs(x.proto.query_string) for x in at.get("page_link")]  # type: ignore[attr-defined]


# -- 1: data and typed text never become Markdown -----------------------------------------


def test_an_id_in_the_url_is_shown_literally_in_the_error(
    monkeypatch: pytest.MonkeyPatch, rich: str
) -> None:
    evil = "[Verify your session](http://evil.example/login)"
    at = _start(monkeypatch, rich, DAY)
    for page in PAGES:
        at = _go(at, page, evil)
        errors = [e.value for e in at.error]
        assert len(errors) == 1, (page, errors)
        assert md(evil) in errors[0] and _inert(errors[0]), (page, errors[0])


def test_search_text_is_shown_literally_when_nothing_matches(
    monkeypatch: pytest.MonkeyPatch, rich: str
) -> None:
    at = _start(monkeypatch, rich, DAY)
    at.text_input(key="search_text").input("*_[x](y)").run()
    (info,) = [i.value for i in at.info]
    assert md("*_[x](y)") in info
    at.text_input(key="search_text").input("see www.evil.example or a@evil.example").run()
    assert all(_inert(i.value) for i in at.info)


# -- 2: one resolution for every page ---------------------------------------------------


@pytest.mark.parametrize("given", [XIAN.removeprefix("uscc:"), XIAN_LEI, XIAN_UK])
def test_every_page_opens_a_bare_identifier(
    monkeypatch: pytest.MonkeyPatch, rich: str, given: str
) -> None:
    at = _start(monkeypatch, rich, DAY)
    for page in PAGES:
        at = _go(at, page, given)
        assert not at.error, (page, [e.value for e in at.error])
        assert at.query_params["id"] in (XIAN, [XIAN]), page
    at = _go(at, "network", given)
    assert XIAN in at.get("iframe")[0].proto.srcdoc


def test_a_bad_check_character_says_why_on_every_page(
    monkeypatch: pytest.MonkeyPatch, rich: str
) -> None:
    at = _start(monkeypatch, rich, DAY)
    for page in PAGES:
        at = _go(at, page, "91610104560967164X")
        (error,) = [e.value for e in at.error]
        assert md("check character expected L, found X") in error, (page, error)


# -- 3, 4, 5: the as-of date and the language ---------------------------------------------


def test_the_url_date_and_language_win_and_travel_in_every_link(
    monkeypatch: pytest.MonkeyPatch, rich: str
) -> None:
    at = _start(monkeypatch, rich)  # a fresh session: today, English
    at.query_params["as_of"] = "2019-01-01"
    at.query_params["lang"] = "zh"
    at = _go(at, "entity", XIAN)
    assert at.session_state["as_of"] == date(2019, 1, 1)
    assert at.session_state["lang"] == "zh"
    assert at.sidebar.date_input(key="as_of_input").value == date(2019, 1, 1)
    assert "截至 2019\\-01\\-01" in _captions(at)
    links = [q for q in _links(at) if "id" in q]
    assert links and all(q["as_of"] == ["2019-01-01"] and q["lang"] == ["zh"] for q in links)

    at = _go(at, "network", XIAN)
    html = at.get("iframe")[0].proto.srcdoc
    assert "as_of=2019-01-01" in html and "lang=zh" in html
    at = _go(at, "tree", ROOT)
    assert "as_of=2019-01-01" in at.get("iframe")[0].proto.srcdoc

    # A date picked afterwards wins over the one the URL brought, and goes into the URL.
    at.sidebar.date_input(key="as_of_input").set_value(DAY).run()
    assert at.session_state["as_of"] == DAY
    assert at.query_params["as_of"] in ("2024-06-01", ["2024-06-01"])
    assert all(q["as_of"] == ["2024-06-01"] for q in _links(at) if "id" in q)


def test_every_page_with_findings_states_the_as_of_date(
    monkeypatch: pytest.MonkeyPatch, rich: str
) -> None:
    at = _start(monkeypatch, rich, DAY)
    at.text_input(key="search_text").input("西安").run()
    assert "As of 2024\\-06\\-01" in _captions(at), "search"
    for page in PAGES:
        at = _go(at, page, ROOT if page == "tree" else XIAN)
        assert "As of 2024\\-06\\-01" in _captions(at), page


def test_the_date_picker_reaches_back_to_1949_and_years_ahead(
    monkeypatch: pytest.MonkeyPatch, rich: str
) -> None:
    at = _start(monkeypatch, rich)
    picker = at.sidebar.date_input(key="as_of_input")
    assert picker.proto.min <= "1949-10-01"
    assert picker.proto.max >= (date.today() + timedelta(days=5 * 365)).isoformat()
    at.query_params["as_of"] = "2010-06-15"
    at = _go(at, "entity", XIAN)
    assert at.sidebar.date_input(key="as_of_input").value == date(2010, 6, 15)
    assert at.success[0].value.startswith("No findings on 2010")


def test_a_date_in_the_url_that_is_not_a_date_is_ignored_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, rich: str
) -> None:
    at = _start(monkeypatch, rich, DAY)
    at.query_params["as_of"] = "2019-13-45"
    at = _go(at, "entity", XIAN)
    assert at.session_state["as_of"] == DAY
    assert any("2019\\-13\\-45" in w.value for w in at.sidebar.warning)
