"""Crash safety (issue 7, item 2) without the shared data: ``credgraph load bundle`` of a
generated bundle is SIGKILLed at points spread over the whole run (reading, batches,
the bulk load's index build at the end); each time ``PRAGMA integrity_check`` is ok and
re-running the load converges to exactly the counts of an uninterrupted load.

tests/loaders/test_killed_load.py does the same on the real OFAC file (3 points).
Here 3 points by default; ``CREDGRAPH_SLOW=1`` runs 16.
"""

from __future__ import annotations

import csv
import os
import random
import sqlite3
import time
from pathlib import Path

import pytest

from graph.store.sqlite import SQLiteStore
from tests.killing import run_cli

ROWS = 1500
SLOW = bool(os.environ.get("CREDGRAPH_SLOW"))


def _bundle(folder: Path) -> Path:
    folder.mkdir()
    with (folder / "entities.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "type", "name", "names", "uscc", "lei", "country", "status"])
        for i in range(ROWS):
            w.writerow([f"E{i}", "Company", f"崩溃测试公司{i}", f"Crash Co {i}", "", "", "cn", ""])
            w.writerow([f"P{i}", "Person", f"张{i}", "", "", "", "cn", ""])
    with (folder / "relationships.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["type", "src", "dst", "role", "share", "start", "end", "basis", "source_record"]
        )
        for i in range(ROWS):
            w.writerow(["OWNS", f"P{i}", f"E{i}", "", "30%", "2020-01-01", "", "", f"o{i}"])
            if i:
                w.writerow(["OWNS", f"E{i - 1}", f"E{i}", "", "70%", "", "", "", f"c{i}"])
            w.writerow(["OFFICER_OF", f"P{i}", f"E{i}", "director", "", "", "", "", f"d{i}"])
    with (folder / "listings.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["entity", "list", "start", "end", "status", "case_no", "reason", "agency"])
        for i in range(0, ROWS, 50):
            w.writerow([f"E{i}", "CN_SPC_DISHONEST", "2024-03-01", "", "active", f"c{i}", "", ""])
    return folder


def _load(db: Path, bundle: Path, kill_after: float | None = None) -> int | None:
    return run_cli(
        ["--store", f"sqlite:///{db}", "load", "bundle", str(bundle), "--json"], kill_after
    )


def _counts(db: Path) -> dict[str, object]:
    with SQLiteStore.from_url(f"sqlite:///{db}", read_only=True) as store:
        stats = store.stats().to_dict()
    return {"nodes": stats["nodes"], "relationships": stats["relationships"]}


def _integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


@pytest.mark.parametrize("n_points", [pytest.param(16, marks=pytest.mark.slow) if SLOW else 3])
def test_load_killed_anywhere_converges(tmp_path: Path, n_points: int) -> None:
    bundle = _bundle(tmp_path / "bundle")
    clean = tmp_path / "clean.db"
    started = time.monotonic()
    assert _load(clean, bundle) == 0
    duration = time.monotonic() - started
    expected = _counts(clean)
    rng = random.Random(20261122)
    # Spread over the run, one stratum each, so the start, the middle and the final
    # index build all get a kill; a kill after the end must also leave it intact.
    points = [duration * (k + rng.random()) / n_points for k in range(n_points)]
    for i, t in enumerate(points):
        db = tmp_path / f"killed{i}.db"
        _load(db, bundle, kill_after=t)
        if db.exists():
            assert _integrity(db) == "ok", f"kill at {t:.2f}s of {duration:.2f}s"
        assert _load(db, bundle) == 0, f"re-run after kill at {t:.2f}s"
        assert _integrity(db) == "ok"
        assert _counts(db) == expected, f"kill at {t:.2f}s of {duration:.2f}s"
    print(f"\nkill points (s, clean run {duration:.2f}s): {[round(p, 2) for p in points]}")
