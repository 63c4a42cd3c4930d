"""A minimal Chrome DevTools Protocol client over the ``websockets`` package (a
Streamlit dependency), enough to drive one page and log its network requests."""

from __future__ import annotations

import contextlib
import json
import time
import urllib.request
from collections.abc import Callable
from typing import Any

from websockets.sync.client import ClientConnection, connect


class CdpError(RuntimeError):
    pass


def page_ws_url(port: int, timeout: float = 20.0) -> str:
    """The websocket of the first page target of a Chromium on ``port``."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as r:
                targets = json.load(r)
            for t in targets:
                if t.get("type") == "page":
                    return str(t["webSocketDebuggerUrl"])
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise CdpError(f"no page target on the DevTools port {port}")
        time.sleep(0.2)


class Page:
    """One page: commands with replies, and every event kept in order."""

    def __init__(self, ws_url: str) -> None:
        self._conn = connect(ws_url, max_size=None, open_timeout=10)
        self.ws: ClientConnection = self._conn.__enter__()
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def close(self) -> None:
        self._conn.__exit__(None, None, None)

    def _pump(self, until: Callable[[dict[str, Any]], bool], timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CdpError("timed out waiting for the browser")
            try:
                msg = json.loads(self.ws.recv(timeout=left))
            except TimeoutError as exc:
                raise CdpError("timed out waiting for the browser") from exc
            if "method" in msg:
                self.events.append(msg)
            if until(msg):
                return msg

    def send(self, method: str, timeout: float = 30.0, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        mid = self.next_id
        self.ws.send(json.dumps({"id": mid, "method": method, "params": params}))
        reply = self._pump(lambda m: m.get("id") == mid, timeout)
        if "error" in reply:
            raise CdpError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    def eval(self, expression: str) -> Any:
        got = self.send("Runtime.evaluate", expression=expression, returnByValue=True,
                        awaitPromise=True)  # fmt: skip
        if "exceptionDetails" in got:
            raise CdpError(f"script failed: {got['exceptionDetails'].get('text')}")
        return got.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 30.0, what: str = "") -> Any:
        """Poll ``expression`` until it is truthy; its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.eval(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise CdpError(f"timed out waiting for {what or expression}")
            # Drain events meanwhile so the request log stays complete.
            with contextlib.suppress(CdpError):
                self._pump(lambda m: False, 0.25)

    def screenshot(self) -> bytes:
        import base64

        return base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"])

    def requested_urls(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e["method"] == "Network.requestWillBeSent"
        ]
