"""Explorer readers while loads write (issue 7, item 3).

SQLite in WAL mode lets readers read the last committed state while one writer
writes; a second writer waits on ``busy_timeout`` (SQLite's busy handler, which
sleeps with growing intervals and retries) instead of failing with SQLITE_BUSY.
Here two ``credgraph load`` processes write at once while reader threads search,
expand neighbourhoods and compute exposure: no reader may fail, both loads must
finish with every record written.
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date
from pathlib import Path

from graph.risk.exposure import exposure
from graph.store.sqlite import SQLiteStore
from graph.synth import Synth, write_demo

ROOT = Path(__file__).resolve().parents[2]
READERS = 6
ROWS = 2500  # per writer: enough for loads that last a few seconds


def _bundle(folder: Path, prefix: str) -> None:
    folder.mkdir()
    with (folder / "entities.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "type", "name", "names", "uscc", "lei", "country", "status"])
        for i in range(ROWS):
            w.writerow(
                [f"{prefix}{i}", "Company", f"{prefix}并发测试公司{i}", "", "", "", "cn", ""]
            )
    with (folder / "relationships.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["type", "src", "dst", "role", "share", "start", "end", "basis", "source_record"]
        )
        for i in range(1, ROWS):
            w.writerow(["OWNS", f"{prefix}{i - 1}", f"{prefix}{i}", "", "60%", "", "", "", f"r{i}"])
    with (folder / "listings.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerow(["entity", "list", "start", "end", "status", "case_no",
                                 "reason", "agency"])  # fmt: skip


def _writer(url: str, folder: Path) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "ui.cli", "--store", url, "load", "bundle", str(folder),
           "--source", folder.name, "--json"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)  # fmt: skip


def test_readers_never_fail_while_two_loads_write(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    with SQLiteStore.from_url(url) as store:
        write_demo(store, companies=200, seed=7)
    companies = [n for n in Synth(companies=200, seed=7).nodes() if n.type.value == "Company"]
    for prefix in ("A", "B"):
        _bundle(tmp_path / prefix, prefix)

    errors: list[str] = []
    calls: Counter[str] = Counter()
    stop = threading.Event()
    lock = threading.Lock()

    def read(seed: int) -> None:
        rng = random.Random(seed)
        with SQLiteStore.from_url(url, read_only=True) as store:
            while not stop.is_set():
                node = rng.choice(companies)
                op = rng.choice(["search", "neighbourhood", "exposure", "search_new"])
                try:
                    if op == "search":
                        store.search(node.name[:4], limit=10)
                    elif op == "search_new":
                        store.search("并发测试", limit=10)
                    elif op == "neighbourhood":
                        store.neighbourhood(node.id, hops=2)
                    else:
                        exposure(store, node.id, date(2025, 1, 1))
                except Exception as exc:  # the point: count every failure of any kind
                    with lock:
                        errors.append(f"{op}: {type(exc).__name__}: {exc}")
                with lock:
                    calls[op] += 1

    threads = [threading.Thread(target=read, args=(i,)) for i in range(READERS)]
    for th in threads:
        th.start()
    started = time.monotonic()
    writers = [_writer(url, tmp_path / p) for p in ("A", "B")]
    outs = [w.communicate(timeout=300) for w in writers]
    load_seconds = time.monotonic() - started
    time.sleep(0.2)  # readers also read the settled store
    stop.set()
    for th in threads:
        th.join(timeout=60)

    for w, (out, err) in zip(writers, outs, strict=True):
        assert w.returncode == 0, err
        report = json.loads(out)
        assert report["counts"]["Company"]["written"] == ROWS, report
        assert report["counts"]["OWNS"]["written"] == ROWS - 1, report
    assert errors == [], errors[:5]
    assert sum(calls.values()) > READERS, calls  # they really ran beside the loads
    with SQLiteStore.from_url(url, read_only=True) as store:
        assert store.stats().nodes["Company"] >= 2 * ROWS + 200
        assert store.search(f"B并发测试公司{ROWS - 1}", limit=1)
    print(f"\n{READERS} readers, {sum(calls.values())} reads {dict(calls)}, errors 0, "
          f"2 writers in {load_seconds:.1f}s")  # fmt: skip


def test_neo4j_work_runs_in_managed_transactions() -> None:
    """On Neo4j the driver retries a managed transaction on transient errors (deadlocks,
    leader switches) until ``max_transaction_retry_time``; an auto-commit ``session.run``
    would not be retried.  Without a server, check the store only uses the managed kind."""
    import ast
    import inspect
    from pathlib import Path

    from graph.store import neo4j as neo

    # Every module of the backend (the store, its write path, search, export), so that
    # a part moved out of neo4j.py stays checked.
    modules = sorted(Path(neo.__file__).parent.glob("neo4j*.py"))
    assert {m.name for m in modules} >= {"neo4j.py", "neo4j_write.py", "neo4j_export.py"}
    calls = {
        (ast.unparse(node.func.value), node.func.attr)
        for m in modules
        for node in ast.walk(ast.parse(m.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    session_calls = {attr for obj, attr in calls if obj == "s"}
    assert session_calls == {"execute_write", "execute_read"}, session_calls
    runs = {obj for obj, attr in calls if attr == "run"}
    assert runs == {"tx"}, runs  # inside managed work only
    assert not any(attr == "begin_transaction" for _obj, attr in calls)
    source = inspect.getsource(neo.Neo4jStore.from_url)
    assert "max_transaction_retry_time" in source
