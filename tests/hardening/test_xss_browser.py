"""XSS (issue 7, item 5), browser half: hostile names and properties on the search,
entity, network (pyvis, including node tooltips under the mouse), tree and exposure
pages of a real Streamlit server in headless Chromium.  Every payload would set
``window.__xss``; the flag must stay unset in the page and in every frame, no dialog
may open, and the hostile name must be on the page as text.

Needs Debian's ``chromium``; skipped without it (CI installs it).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.e2e.cdp import Page
from tests.e2e.test_browser import CHROMIUM, page, serve_ui
from tests.hardening.hostile_graph import CO_NAME, EVIL_CO, EVIL_OWNER, IMG, SVG, build

__all__ = ["page"]  # the Chromium fixture, shared with the end-to-end test

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]

# window.__xss in the page and in every same-origin frame (the network is one).
FLAGS = (
    "[window.__xss, ...Array.from(document.querySelectorAll('iframe')).map(f => {"
    " try { return f.contentWindow.__xss; } catch (e) { return 'cross-origin'; } })]"
    ".filter(x => x !== undefined)"
)
NETWORK_FRAME = (
    "Array.from(document.querySelectorAll('iframe')).find(f => f.contentDocument && "
    "f.contentDocument.querySelector('.vis-network canvas'))"
)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = build(tmp_path_factory.mktemp("xss") / "hostile.db")
    with serve_ui(url, CREDGRAPH_REPORTS=str(tmp_path_factory.mktemp("reports"))) as base:
        yield base


def _assert_clean(page: Page, where: str) -> None:
    assert page.eval(FLAGS) == [], f"a payload ran on {where}"
    dialogs = [e for e in page.events if e["method"] == "Page.javascriptDialogOpening"]
    assert dialogs == [], where


# A cheap fingerprint of what the network canvas shows: equal twice in a row, and the
# layout has settled (the page freezes it then), so nodes stay under the mouse.
CANVAS_PRINT = (
    f"(() => {{ const s = ({NETWORK_FRAME}).contentDocument.querySelector('canvas')"
    ".toDataURL(); let h = 0; for (let i = 0; i < s.length; i += 7) {"
    " h = (h * 31 + s.charCodeAt(i)) | 0; } return h; })()"
)
TOOLTIP = (
    f"(() => {{ const d = ({NETWORK_FRAME}).contentDocument;"
    " const t = d.querySelector('.vis-tooltip');"
    " return t && t.style.visibility !== 'hidden' ? t.textContent : ''; })()"
)


def _settle(page: Page, timeout: float = 30.0) -> None:
    last, deadline = page.eval(CANVAS_PRINT), time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = page.eval(CANVAS_PRINT)
        if now == last:
            return
        last = now


# Where the canvas is drawn in colour (node fills, the red listing edge), one point per
# 24-pixel cell, in page coordinates inside the viewport: the layout is random, so a
# fixed grid could miss every node (it did, in CI: nodes ~20 px from the nearest point).
COLOURED_POINTS = (
    f"(() => {{ const f = ({NETWORK_FRAME}); const c = f.contentDocument.querySelector('canvas');"
    " const w = c.width, h = c.height, px = c.getContext('2d').getImageData(0, 0, w, h).data;"
    " const fr = f.getBoundingClientRect(), cr = c.getBoundingClientRect();"
    " const out = [], cells = new Set();"
    " for (let y = 0; y < h; y += 4) { for (let x = 0; x < w; x += 4) {"
    " const i = (y * w + x) * 4; if (px[i + 3] < 200) continue;"
    " const hi = Math.max(px[i], px[i + 1], px[i + 2]), lo = Math.min(px[i], px[i + 1], px[i + 2]);"
    " if (hi - lo < 60) continue;"
    " const key = Math.floor(x / 24) + ',' + Math.floor(y / 24);"
    " if (cells.has(key)) continue; cells.add(key);"
    " const X = fr.left + cr.left + x * cr.width / w, Y = fr.top + cr.top + y * cr.height / h;"
    " if (Y < window.innerHeight && X < window.innerWidth) out.push([X, Y]); } }"
    " return JSON.stringify(out); })()"
)


def _hover_network(page: Page) -> set[str]:
    """Move the mouse over what the network canvas draws; the tooltip texts seen."""
    page.eval(f"({NETWORK_FRAME}).scrollIntoView({{block: 'center'}})")
    _settle(page)
    points = [tuple(p) for p in json.loads(page.eval(COLOURED_POINTS))]
    assert points, "the network canvas draws nothing in colour"
    seen: set[str] = set()
    for x, y in points:
        page.send("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
        # The tooltip opens 150 ms after the mouse stops; a loaded machine fires that
        # timer late, so wait for it up to 1 s rather than a fixed 0.3 s.
        text = ""
        for _ in range(10):
            time.sleep(0.1)
            text = page.eval(TOOLTIP)
            if text:
                break
        if text:
            seen.add(str(text))
        _assert_clean(page, f"the network tooltip at {x:.0f},{y:.0f}")
        if any("恶意公司" in t for t in seen):
            break
    return seen


def test_hostile_names_never_run(app: str, page: Page, tmp_path: Path) -> None:
    page.send("Page.navigate", url=f"{app}/entity?id={quote(EVIL_CO)}")
    page.wait_for(
        f"document.querySelector('h1') && document.querySelector('h1').textContent"
        f".includes({json.dumps(CO_NAME)})",
        60,
        "the entity page titled with the hostile name, as text",
    )
    time.sleep(1.0)
    _assert_clean(page, "the entity page")

    page.send("Page.navigate", url=f"{app}/network?id={quote(EVIL_CO)}")
    page.wait_for(f"!!({NETWORK_FRAME})", 60, "the vis-network canvas")
    time.sleep(1.5)
    _assert_clean(page, "the network page")
    tooltips = _hover_network(page)
    if not tooltips:  # what the browser showed, for whoever reads the failure
        shot = tmp_path / "network.png"
        shot.write_bytes(page.screenshot())
        box = page.eval(f"JSON.stringify(({NETWORK_FRAME}).getBoundingClientRect())")
        pytest.fail(f"no tooltip opened while hovering the network (frame {box}; see {shot})")
    # Tooltips did open (each hover was followed by the payload check above); which ones
    # the grid hits depends on the layout, so hostile ones are checked when seen.
    print("\ntooltips seen:", sorted(tooltips))
    for text in tooltips:  # a hostile node's tooltip holds its markup as text
        if "恶意公司" in text:
            assert IMG in text, text
        if "person:evil" in text:
            assert SVG in text, text
        if "控股集团" in text:
            assert "<script>" in text, text

    for path in (f"tree?id={quote(EVIL_CO)}", f"exposure?id={quote(EVIL_CO)}",
                 f"paths?id={quote(EVIL_CO)}&to={quote(EVIL_OWNER)}"):  # fmt: skip
        page.send("Page.navigate", url=f"{app}/{path}")
        page.wait_for("!!document.querySelector('h1')", 60, path)
        time.sleep(0.8)
        _assert_clean(page, path)

    page.send("Page.navigate", url=f"{app}/")
    box = 'document.querySelector("input[aria-label=\\"Name or identifier\\"]")'
    page.wait_for(f"!!{box}", 60, "the search box")
    page.eval(f"{box}.focus()")
    page.send("Input.insertText", text=IMG)
    for kind in ("keyDown", "keyUp"):
        page.send("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter",
                  windowsVirtualKeyCode=13)  # fmt: skip
    time.sleep(1.0)
    _assert_clean(page, "the search page with a hostile query")
    page.send("Input.insertText", text="恶意")
    for kind in ("keyDown", "keyUp"):
        page.send("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter",
                  windowsVirtualKeyCode=13)  # fmt: skip
    page.wait_for("document.body.innerText.includes('恶意公司')", 30, "the search results")
    _assert_clean(page, "the search results")
    body = page.eval("document.body.innerText")
    assert "恶意公司" in body
