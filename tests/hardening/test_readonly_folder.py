"""A store in a folder the reader cannot write (a shared, read-only copy): read commands
work, through SQLite's ``immutable`` open when the write-ahead log is checkpointed, and
say why not when it is not.  The commands run as ``tests.unprivileged`` runs them, so
the permission bits hold for root too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ui.graph_fixture import build_store
from tests.unprivileged import credgraph


@pytest.fixture
def ro(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "ro"
    folder.mkdir()
    build_store(folder / "r.db")
    yield folder
    folder.chmod(0o755)
    for f in folder.iterdir():
        f.chmod(0o644)


def lock(folder: Path) -> None:
    for f in folder.iterdir():
        f.chmod(0o444)
    folder.chmod(0o555)


def test_read_commands_work_in_a_read_only_folder(ro: Path) -> None:
    assert sorted(p.name for p in ro.iterdir()) == ["r.db"]  # checkpointed, no WAL left
    lock(ro)
    url = f"sqlite:///{ro / 'r.db'}"
    stats = credgraph("--store", url, "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert '"Company": 3' in stats.stdout
    show = credgraph("--store", url, "show", "91440300192185379H")
    assert show.returncode == 0 and "平安银行" in show.stdout, show.stderr
    assert sorted(p.name for p in ro.iterdir()) == ["r.db"]  # nothing written beside it
    # Writing is still refused, with the store's own message.
    load = credgraph("--store", url, "load", "ofac-sdn", os.devnull)
    assert load.returncode == 1 and load.stderr.startswith("error: ")


def _die_after_a_write(db: Path) -> None:
    """A writer that died: its log holds a commit the main file lacks."""
    code = (
        f"import os, sqlite3; c = sqlite3.connect({str(db)!r}, isolation_level=None);"
        "c.execute('PRAGMA wal_autocheckpoint = 0');"
        "c.execute(\"UPDATE nodes SET name = 'changed' WHERE id = 'person:zhangwei'\");"
        "os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert (db.parent / "r.db-wal").stat().st_size > 0


def test_a_log_with_its_index_is_read(ro: Path) -> None:
    _die_after_a_write(ro / "r.db")
    lock(ro)
    r = credgraph("--store", f"sqlite:///{ro / 'r.db'}", "show", "person:zhangwei")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("changed")  # the commit in the log counts


def test_a_log_without_its_index_is_not_read_around(ro: Path) -> None:
    db = ro / "r.db"
    _die_after_a_write(db)
    # Copied without its -shm index: SQLite would have to build one to read the log,
    # and an immutable open would read the main file alone, without the commit.
    (ro / "r.db-shm").unlink()
    lock(ro)
    r = credgraph("--store", f"sqlite:///{db}", "stats")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith("error: ") and "write-ahead log" in r.stderr


def test_template_into_a_read_only_folder(ro: Path) -> None:
    lock(ro)
    r = credgraph("template", str(ro / "bundle"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith("error: cannot write") and "Permission denied" in r.stderr


def test_quarantine_in_a_read_only_folder(ro: Path, tmp_path: Path) -> None:
    lock(ro)
    r = credgraph("--store", f"sqlite:///{tmp_path / 'w.db'}", "load", "ofac-sdn", os.devnull,
                  "--quarantine", str(ro / "q.jsonl"))  # fmt: skip
    assert r.returncode == 2 and r.stderr.startswith("error: --quarantine")
    assert not (tmp_path / "w.db").exists()


def test_screen_out_in_a_read_only_folder_is_refused_before_screening(
    ro: Path, tmp_path: Path
) -> None:
    """Found when the list is read, not after minutes of screening, as --quarantine is."""
    src = tmp_path / "in.csv"
    src.write_text("name\nXenon Holdings\n", encoding="utf-8")
    lock(ro)
    r = credgraph("--store", f"sqlite:///{ro / 'r.db'}", "screen", str(src),
                  "--out", str(ro / "out.csv"))  # fmt: skip
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith(f"error: --out {ro / 'out.csv'}: cannot write: Permission denied")
    assert r.stdout == ""
