"""XSS (issue 7, item 5), AppTest half: every page on a graph whose names and properties
are markup shows them as text.  Raw markup may only reach the browser inside an element
that does not interpret it (plain Markdown escapes HTML); an element that does (HTML
Markdown, the network's iframe document) must carry it escaped.  The browser half,
where a payload would have to run, is test_xss_browser.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.hardening.hostile_graph import (
    APP,
    CO_NAME,
    EVIL_CO,
    EVIL_OWNER,
    IMG,
    OWNER_NAME,
    build,
    elements,
)
from ui import state

# The start of each payload as it would appear unescaped in HTML.
RAW = re.compile(r"<img src=x onerror|<script>window|<svg onload", re.I)
# A Markdown link to javascript: that Markdown would render as a link.
MD_JS_LINK = re.compile(r"(?<!\\)\]\(javascript:", re.I)


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build(tmp_path_factory.mktemp("xss") / "hostile.db")


def _check(at: AppTest, page: str) -> str:
    assert not at.exception, (page, at.exception)
    shown = []
    for el in elements(at._tree):
        kind = getattr(el, "type", "")
        proto = getattr(el, "proto", None)
        if kind in ("markdown", "caption", "title", "header", "subheader"):
            body = str(getattr(el, "value", ""))
            shown.append(body)
            if getattr(proto, "allow_html", False):
                assert not RAW.search(body), (page, body[:200])
            assert not MD_JS_LINK.search(body), (page, body[:200])
        elif kind == "iframe":
            doc = str(getattr(proto, "srcdoc", ""))
            assert not RAW.search(doc), (page, RAW.search(doc))
        elif kind == "page_link":
            shown.append(str(proto.label))
    return "\n".join(shown)


def test_every_page_shows_hostile_names_as_text(
    monkeypatch: pytest.MonkeyPatch, url: str, tmp_path: Path
) -> None:
    monkeypatch.setenv("CREDGRAPH_STORE", url)
    monkeypatch.setenv("CREDGRAPH_REPORTS", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    text = _check(at, "start")
    at.text_input[0].input(IMG).run()  # the search box itself gets a payload
    _check(at, "search")
    opened = 0
    for path, _key, _icon in state.PAGES:
        at.query_params["id"] = EVIL_CO
        if path == state.PATHS_PAGE:
            at.query_params["to"] = EVIL_OWNER
        at.switch_page(path).run()
        text += _check(at, path)
        opened += 1
    assert opened == len(state.PAGES)
    # The names were shown (as text), not dropped to dodge the question.
    plain = re.sub(r"\\(.)", r"\1", text)
    assert CO_NAME in plain and OWNER_NAME in plain
