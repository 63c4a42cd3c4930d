"""A load killed at random points leaves a consistent store, and running it again
converges to exactly the counts of an uninterrupted load (issue 3)."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.killing import run_cli

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
SDN = DATA / "ofac-sdn" / "sdn.csv"

pytestmark = pytest.mark.skipif(not SDN.exists(), reason=f"{SDN} not present (../shared/data)")


def _load(db: Path, *, kill_after: float | None = None) -> int | None:
    args = ["--store", f"sqlite:///{db}", "load", "ofac-sdn", str(SDN)]
    args += ["--quarantine", str(db.with_suffix(".q.jsonl")), "--json"]
    return run_cli(args, kill_after)


def _stats(db: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-m", "ui.cli", "--store", f"sqlite:///{db}", "stats", "--json"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    stats = json.loads(out.stdout)
    return {"nodes": stats["nodes"], "relationships": stats["relationships"]}


def _integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def test_killed_load_converges(tmp_path: Path) -> None:
    clean = tmp_path / "clean.db"
    assert _load(clean) == 0
    expected = _stats(clean)
    rng = random.Random(20261122)
    points = [rng.uniform(0.3, 4.0) for _ in range(3)]
    for i, t in enumerate(points):
        db = tmp_path / f"killed{i}.db"
        _load(db, kill_after=t)
        if db.exists():
            assert _integrity(db) == "ok", f"kill at {t:.2f}s"
        assert _load(db) == 0, f"re-run after kill at {t:.2f}s"
        assert _integrity(db) == "ok"
        assert _stats(db) == expected, f"kill at {t:.2f}s"
