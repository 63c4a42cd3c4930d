"""End to end in headless Chromium: search, open an entity with findings, open its
network, see the vis-network canvas, and check that no request left loopback.

Needs Debian's ``chromium`` (``.ci/run`` installs it); skipped without it.  Every
request the page and its frames make is logged through the DevTools protocol
(``Network.requestWillBeSent``); ``--host-resolver-rules`` also keeps any other host
from resolving, so a leak fails the test instead of reaching the internet.
Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from graph.model import NodeType, RelType
from graph.risk.exposure import exposure
from graph.store.sqlite import SQLiteStore
from graph.synth import write_demo
from tests.e2e.cdp import Page, page_ws_url
from ui.cli_serve import streamlit_argv

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,1000",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
)  # fmt: skip
LOCAL_SCHEMES = ("data", "blob", "about", "chrome", "devtools")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium at /usr/bin/chromium"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_http(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout:.0f}s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, str]:
    """(store URL, id, name) of a demo company with findings today."""
    path = tmp_path_factory.mktemp("e2e") / "demo.db"
    url = f"sqlite:///{path}"
    today = date.today()
    with SQLiteStore.from_url(url) as store:
        write_demo(store, companies=400, seed=7)
        edges = store.export_edges([RelType.LISTED_ON])
        listed = sorted({edges.node_ids[int(s)] for s in edges.src.tolist()})
        for nid in listed:
            node = store.get(nid)
            if node is None or node.type is not NodeType.COMPANY:
                continue
            if exposure(store, nid, today).findings and len(store.search(node.name, limit=2)) == 1:
                return url, node.id, node.name
    pytest.fail("the demo graph has no company with findings today")


@contextmanager
def serve_ui(store_url: str, **env: str) -> Iterator[str]:
    """The explorer on a free local port over ``store_url``, as ``credgraph ui`` starts it."""
    port = _free_port()
    env = {**os.environ, "CREDGRAPH_STORE": store_url, "PYTHONPATH": str(ROOT), **env}
    proc = subprocess.Popen(
        streamlit_argv("127.0.0.1", port), env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_http(f"http://127.0.0.1:{port}/_stcore/health")
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def app(demo: tuple[str, str, str]) -> Iterator[str]:
    with serve_ui(demo[0]) as base:
        yield base


@pytest.fixture()
def page() -> Iterator[Page]:
    port = _free_port()
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        proc = subprocess.Popen(
            [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
             f"--remote-debugging-port={port}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            p = Page(page_ws_url(port))
            for domain in ("Network", "Page", "Runtime"):
                p.send(f"{domain}.enable")
            yield p
            p.close()
        finally:
            _stop(proc)


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_bytes(page.screenshot())


def _js(value: str) -> str:
    return json.dumps(value)


def test_search_entity_network_offline(app: str, demo: tuple[str, str, str], page: Page) -> None:
    _url, entity_id, name = demo
    page.send("Page.navigate", url=app + "/")
    box = 'document.querySelector("input[aria-label=\\"Name or identifier\\"]")'
    page.wait_for(f"!!{box}", 60, "the search box")
    page.eval(f"{box}.focus()")
    page.send("Input.insertText", text=name)
    for kind in ("keyDown", "keyUp"):
        page.send("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter",
                  windowsVirtualKeyCode=13)  # fmt: skip
    link = (
        'Array.from(document.querySelectorAll("a")).find(a => a.textContent.trim() === '
        f'{_js(name)} && a.href.includes("entity"))'
    )
    page.wait_for(f"!!({link})", 30, "the search result")
    _shot(page, "e2e-1-search.png")

    page.eval(f"({link}).click()")
    page.wait_for(
        'Array.from(document.querySelectorAll("h3")).some(h => /findings \\(\\d+\\)/.test(h.textContent))',
        60, "the findings on the entity page",
    )  # fmt: skip
    query = parse_qs(page.eval("location.search")[1:])
    assert query["id"] == [entity_id] and query["lang"] == ["en"] and "as_of" in query
    assert name in page.eval('document.querySelector("h1").textContent')
    _shot(page, "e2e-2-entity.png")

    page.eval(
        'Array.from(document.querySelectorAll("a")).find(a => a.href.includes("/network?")).click()'
    )
    canvas = (
        'Array.from(document.querySelectorAll("iframe")).map(f => f.contentDocument && '
        'f.contentDocument.querySelector(".vis-network canvas")).find(c => c && c.width > 0)'
    )
    page.wait_for(f"!!({canvas})", 60, "the vis-network canvas")
    # Let the layout settle so the screenshot shows the drawn graph.
    time.sleep(1.5)
    _shot(page, "e2e-3-network.png")

    urls = page.requested_urls()
    assert any(u.startswith(app) for u in urls)
    off = [
        u for u in urls
        if urlsplit(u).scheme not in LOCAL_SCHEMES and urlsplit(u).hostname != "127.0.0.1"
    ]  # fmt: skip
    assert off == [], f"requests left loopback: {off}"
    dialogs = [e for e in page.events if e["method"] == "Page.javascriptDialogOpening"]
    assert dialogs == []


def _officer(url: str, entity_id: str) -> str:
    # OFFICER_OF is the longest type a path follows by default (LISTED_ON, through a
    # List node, is not followed unless asked for).
    with SQLiteStore.from_url(url, read_only=True) as store:
        rels, _ = store.rels_of(entity_id, direction="in", types=[RelType.OFFICER_OF])
    return rels[0].src


def test_links_keep_the_date_and_language(app: str, demo: tuple[str, str, str], page: Page) -> None:
    """A link with ?as_of=&lang= opens the page on that day in that language, and every
    link it makes, a network node's included, carries both on."""
    _url, entity_id, name = demo
    day = date.today().isoformat()
    page.send("Page.navigate", url=f"{app}/entity?id={quote(entity_id)}&as_of={day}&lang=zh")
    caption = f'!!document.body && document.body.innerText.includes("截至 {day}")'
    page.wait_for(caption, 60, "the as-of caption")
    network = 'Array.from(document.querySelectorAll("a")).find(a => a.href.includes("/network?"))'
    page.wait_for(f"!!({network})", 60, "the link to the network")
    assert name in page.eval('document.querySelector("h1").textContent')
    hrefs = page.eval(
        'Array.from(document.querySelectorAll("a")).map(a => a.href).filter(h => h.includes("id="))'
    )
    assert hrefs and all(f"as_of={day}" in h and "lang=zh" in h for h in hrefs), hrefs

    page.eval(f"({network}).click()")
    frame = (
        'Array.from(document.querySelectorAll("iframe")).find(f => f.contentWindow && '
        "f.contentWindow.credgraphNetwork)"
    )
    page.wait_for(f"!!({frame})", 60, "the network")
    # Click a node other than the centre where it is drawn, once the layout has stopped
    # moving; record what the click opens instead of opening it.
    where = (
        f"(() => {{ const f = {frame}; const w = f.contentWindow; const net = w.credgraphNetwork;"
        "  if (!w.__opened) { w.__opened = []; w.open = (u) => { w.__opened.push(u); return null; }; }"
        "  f.scrollIntoView({block: 'center'}); net.fit({animation: false});"
        "  const c = w.document.querySelector('canvas').getBoundingClientRect();"
        "  const ids = net.body.data.nodes.getIds().filter(i => !String(i).startsWith('more:') "
        f"    && i !== {_js(entity_id)});"
        "  const at = ids.map(i => [i, net.canvasToDOM(net.getPositions([i])[i])]).find("
        "    ([i, p]) => p.x > 20 && p.y > 20 && p.x < c.width - 20 && p.y < c.height - 20);"
        "  if (!at) { return [0, 0, '']; }"
        "  const r = f.getBoundingClientRect();"
        "  return [Math.round(r.left + at[1].x), Math.round(r.top + at[1].y), at[0]]; })()"
    )
    opened, node, before = None, "", None
    for _ in range(60):
        x, y, node = page.eval(where)
        if node and [x, y] == before:  # still for half a second: click it
            for kind in ("mousePressed", "mouseReleased"):
                page.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                          clickCount=1)  # fmt: skip
            time.sleep(0.5)
            opened = page.eval(f"({frame}).contentWindow.__opened[0]")
            if opened:
                break
        before = [x, y]
        time.sleep(0.5)
    debug = page.eval(
        f"(() => {{ const e = document.elementFromPoint({x}, {y}); return [window.innerHeight, "
        "window.scrollY, e ? e.tagName : null]; })()"
    )
    assert opened, f"a click on a node opened nothing: {x}, {y}, {node}, {debug}"
    assert opened.endswith(f"/entity?id={quote(node, safe='')}&as_of={day}&lang=zh"), opened
    _shot(page, "e2e-4-network-zh.png")


def test_an_id_in_the_url_is_text_not_a_link(app: str, page: Page) -> None:
    evil = "[Verify your session](http://evil.example/login)"
    page.send("Page.navigate", url=f"{app}/entity?id={quote(evil)}")
    alert = 'document.querySelector("[data-testid=stAlertContentError]")'
    page.wait_for(f"!!{alert}", 60, "the error")
    shown = page.eval(f"{alert}.innerText").replace("\u2060", "")
    assert evil in shown and "\\" not in shown
    assert page.eval(f'{alert}.querySelectorAll("a").length') == 0


def test_a_path_step_fits_its_column(app: str, demo: tuple[str, str, str], page: Page) -> None:
    url, entity_id, _name = demo
    page.send("Page.navigate", url=f"{app}/paths?id={quote(entity_id)}&lang=en")
    box = 'document.querySelector("input[aria-label=\\"To\\"]")'
    page.wait_for(f"!!{box}", 60, "the To box")
    page.eval(f"{box}.focus()")
    page.send("Input.insertText", text=_officer(url, entity_id))
    for kind in ("keyDown", "keyUp"):
        page.send("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter",
                  windowsVirtualKeyCode=13)  # fmt: skip
    step = (
        'Array.from(document.querySelectorAll("[data-testid=stText]"))'
        '.find(e => e.textContent.includes("OFFICER_OF"))'
    )
    page.wait_for(f"!!({step})", 60, "the path step")
    _shot(page, "e2e-5-paths.png")
    lines = page.eval(
        f"(() => {{ const e = {step}; const lh = parseFloat(getComputedStyle(e).lineHeight) "
        "|| 24; return Math.round(e.getBoundingClientRect().height / lh); })()"
    )
    assert lines == 1
