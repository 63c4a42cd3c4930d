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
from urllib.parse import urlsplit

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
    assert page.eval("decodeURIComponent(location.search)") == f"?id={entity_id}"
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
