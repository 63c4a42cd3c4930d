"""The FTS5 build beside a fresh load (``graph.store.sqlite_ftsbuild``): the same
answers as the classic end-of-load pass, a store FTS5 keeps working with afterwards,
and every way it can fail leaving the classic pass to do the work."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graph.store.sqlite_ftsbuild as ftsbuild
from graph.model import Node, NodeType
from graph.store.sqlite import SQLiteStore
from graph.store.sqlite_names import index_names, name_keys
from graph.store.sqlite_schema import create_schema
from graph.synth import Synth
from tests.graph.store.test_sqlite_bulk import REPO, queries, snapshot

NO_BUILD = 10**12


def fts_ok(path: Path) -> None:
    """FTS5's own integrity check of both name indexes (raises on a bad index), and
    one index row per ``names`` row: nothing indexed twice or missed."""
    raw = sqlite3.connect(path)
    try:
        for t in ("names_tri", "names_bi"):
            raw.execute(f"INSERT INTO {t}({t}) VALUES ('integrity-check')")
        names = raw.execute("SELECT count(*), count(*) FILTER (WHERE kind = 0) FROM names")
        n_all, n_written = names.fetchone()
        assert raw.execute("SELECT count(*) FROM names_tri_docsize").fetchone()[0] == n_all
        assert raw.execute("SELECT count(*) FROM names_bi_docsize").fetchone()[0] == n_written
        assert raw.execute("SELECT value FROM meta WHERE key = 'fts_from'").fetchone() is None
    finally:
        raw.close()


def load(path: Path, chunk: int, monkeypatch: pytest.MonkeyPatch, **sizes: int) -> bool:
    """Load the small synthetic graph in one bulk load; whether a build ran."""
    monkeypatch.setattr(ftsbuild, "CHUNK", chunk)
    synth = Synth(150, 7)
    built = False
    with SQLiteStore.from_url(f"sqlite:///{path}") as s, s.bulk():
        s.upsert_nodes(synth.nodes(), batch_size=sizes.get("nodes", 40))
        assert s._load is not None
        built = s._load.fts is not None
        s.upsert_rels(synth.rels(), batch_size=sizes.get("rels", 90))
    return built


def answers(path: Path) -> object:
    synth = Synth(150, 7)
    nodes = list(synth.nodes())
    with SQLiteStore.from_url(f"sqlite:///{path}") as s:
        return snapshot(s, queries(nodes), [n.id for n in nodes[::11]])


def test_a_build_answers_like_the_classic_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not load(tmp_path / "classic.db", NO_BUILD, monkeypatch)
    assert load(tmp_path / "built.db", 60, monkeypatch)
    fts_ok(tmp_path / "classic.db")
    fts_ok(tmp_path / "built.db")
    assert answers(tmp_path / "built.db") == answers(tmp_path / "classic.db")


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(chunk=st.integers(1, 400), nodes=st.integers(1, 120), rels=st.integers(1, 300))
def test_any_chunk_and_batch_sizes_answer_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, nodes: int, rels: int
) -> None:
    want = tmp_path / "want.db"
    if not want.exists():
        load(want, NO_BUILD, monkeypatch)
    got = tmp_path / f"got-{chunk}-{nodes}-{rels}.db"
    if got.exists():
        return
    load(got, chunk, monkeypatch, nodes=nodes, rels=rels)
    fts_ok(got)
    assert answers(got) == answers(want)


def test_the_store_keeps_writing_and_finding_after_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The copy is made by another connection, so this one's FTS5 re-reads the index:
    # later writes append to the copied index instead of overwriting it.
    db = tmp_path / "g.db"
    monkeypatch.setattr(ftsbuild, "CHUNK", 50)
    synth = Synth(150, 7)
    nodes = list(synth.nodes())
    with SQLiteStore.from_url(f"sqlite:///{db}") as s:
        with s.bulk():
            s.upsert_nodes(nodes, batch_size=40)
            assert s._load is not None and s._load.fts is not None
        old = nodes[-1]
        s.upsert_nodes([Node("c:new", NodeType.COMPANY, "鑫淼垚科技有限公司")])
        assert [h.id for h in s.search("淼垚")] == ["c:new"]
        assert [h.id for h in s.search("鑫淼垚科")] == ["c:new"]
        assert old.id in [h.id for h in s.search(old.name[:2], limit=200)]
        assert old.id in [h.id for h in s.search(old.name[1:4], limit=200)]
    fts_ok(db)


def _disk_full(*args: object) -> None:
    raise sqlite3.OperationalError("database or disk is full")


def _no_thread(*args: object) -> None:
    raise RuntimeError("can't start new thread")


@pytest.mark.parametrize(
    ("method", "fault", "started"),
    [("_index", _disk_full, True), ("__init__", _no_thread, False)],
    ids=["worker fails", "cannot start"],
)
def test_a_failing_build_leaves_the_work_to_the_classic_pass(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    fault: Callable[..., None],
    started: bool,
) -> None:
    monkeypatch.setattr(ftsbuild.FtsBuild, method, fault)
    assert load(tmp_path / "g.db", 60, monkeypatch) is started
    fts_ok(tmp_path / "g.db")
    monkeypatch.undo()
    load(tmp_path / "want.db", NO_BUILD, monkeypatch)
    assert answers(tmp_path / "g.db") == answers(tmp_path / "want.db")


def test_another_writer_during_a_build_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path}/g.db"
    monkeypatch.setattr(ftsbuild, "CHUNK", 60)
    synth = Synth(150, 7)
    nodes = list(synth.nodes())
    with SQLiteStore.from_url(url) as s, SQLiteStore.from_url(url) as other:
        with s.bulk():
            s.upsert_nodes(nodes[:100], batch_size=40)
            assert s._load is not None and s._load.fts is not None
            # Its own load indexes every pending name, ours included.
            other.upsert_nodes([Node("c:other", NodeType.COMPANY, "乙方垚鑫公司")])
            s.upsert_nodes(nodes[100:], batch_size=40)
            assert s._load.fts is None
        assert [h.id for h in s.search("垚鑫")] == ["c:other"]
        assert nodes[-1].id in [h.id for h in s.search(nodes[-1].name[:3], limit=200)]
    fts_ok(tmp_path / "g.db")


def test_names_past_the_last_hand_over_are_left_pending(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    conn = sqlite3.connect(db, isolation_level=None)
    create_schema(conn)
    conn.execute("PRAGMA journal_mode = WAL")
    for rid, name in ((1, "华为技术"), (2, "万科")):
        conn.execute(
            "INSERT INTO nodes VALUES (?, ?, 'Company', ?, '[]', '[]', '{}', '[]', NULL, NULL)",
            (rid, f"c:{rid}", name),
        )
    rows = index_names(conn, [(1, name_keys(["华为技术"]), set()), (2, name_keys(["万科"]), set())])
    build = ftsbuild.FtsBuild(conn, 1, 2)  # 华为技术 and its pinyin; not 万科 and wanke
    build.flush()
    assert build.finish() == 2 and len(rows) == 4
    assert conn.execute("SELECT value FROM meta WHERE key = 'fts_from'").fetchone() == (3,)
    conn.close()
    with SQLiteStore.from_url(f"sqlite:///{db}") as s:  # a writable open finishes it
        assert {h.matched for h in s.search("wanke")} == {"wanke"}
        assert [h.matched for h in s.search("为技")] == ["华为技术"]
    fts_ok(db)


def test_a_load_killed_during_a_build_completes_on_the_next_open(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    script = textwrap.dedent(
        f"""
        import os
        import graph.store.sqlite_ftsbuild as ftsbuild
        from graph.store.sqlite import SQLiteStore
        from graph.synth import Synth
        ftsbuild.CHUNK = 50
        s = SQLiteStore.from_url("sqlite:///{db}")
        with s.bulk():
            s.upsert_nodes(Synth(150, 7).nodes(), batch_size=40)
            assert s._load.fts is not None
            s._load.fts.flush()
            os._exit(3)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    assert subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env).returncode == 3
    raw = sqlite3.connect(db)
    assert raw.execute("SELECT count(*) FROM names_tri_docsize").fetchone() == (0,)
    raw.close()
    with SQLiteStore.from_url(f"sqlite:///{db}") as s:
        name = list(Synth(150, 7).nodes())[-1]
        assert name.id in [h.id for h in s.search(name.name[:2], limit=200)]
    fts_ok(db)


def test_a_copy_onto_a_changed_name_index_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    with SQLiteStore.from_url(f"sqlite:///{db}") as s:
        s.upsert_nodes([Node("c:1", NodeType.COMPANY, "华为技术")])
    conn = sqlite3.connect(db, isolation_level=None)
    for t in ("names_tri", "names_bi"):  # an empty index again, the names pending
        conn.execute(f"INSERT INTO {t}({t}) VALUES ('delete-all')")
    conn.execute("INSERT INTO meta VALUES ('fts_from', 1)")
    build = ftsbuild.FtsBuild(conn, 1, 2)
    build.flush()
    other = sqlite3.connect(db, isolation_level=None)  # indexes the names meanwhile
    other.execute("INSERT INTO names_bi(rowid, grams) VALUES (1, '华为 为技 技术 术')")
    other.close()
    with pytest.raises(sqlite3.OperationalError, match="changed during the load"):
        build.finish()
    assert conn.execute("SELECT count(*) FROM names_bi_docsize").fetchone() == (1,)
    assert conn.execute("SELECT count(*) FROM names_tri_docsize").fetchone() == (0,)
    conn.close()


@pytest.mark.parametrize("when", ["during", "after"])
def test_a_stub_named_during_or_after_a_build_leaves_no_stale_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    """Replacing a stub's placeholder deletes its index rows; during a build (which has
    the rows in its private copy) the load stops the build and the classic pass runs."""
    db = tmp_path / "g.db"
    monkeypatch.setattr(ftsbuild, "CHUNK", 50)
    nodes = list(Synth(150, 7).nodes())
    stub = Node("c:stub", NodeType.COMPANY, "(entity 鑫淼垚 not in file)", props={"stub": True})
    named = Node("c:stub", NodeType.COMPANY, "森林木材有限公司")
    with SQLiteStore.from_url(f"sqlite:///{db}") as s:
        with s.bulk():
            s.upsert_nodes([stub, *nodes], batch_size=40)
            assert s._load is not None and s._load.fts is not None
            if when == "during":
                s.upsert_nodes([named])
                assert s._load.fts is None
        if when == "after":
            s.upsert_nodes([named])
        assert [h.id for h in s.search("not in file")] == []
        assert [h.id for h in s.search("鑫淼垚")] == []
        assert [h.id for h in s.search("森林木材")] == ["c:stub"]
        assert [h.id for h in s.search("senlinmucai")] == ["c:stub"]
    fts_ok(db)
