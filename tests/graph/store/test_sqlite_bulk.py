"""The SQLite store's bulk loads: same results as incremental upserts, crash safety,
other writers during a load, repeated ids."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import graph.store.sqlite_bulk as sqlite_bulk
from graph.errors import ModelError, StoreError
from graph.model import Node, NodeType, Rel, RelType
from graph.share import Share
from graph.store.sqlite import SQLiteStore
from graph.store.sqlite_schema import SCHEMA
from graph.store.textindex import pinyin_key
from graph.synth import Synth, write_demo

REPO = Path(__file__).resolve().parents[3]


def company(cid: str, name: str, **kw: object) -> Node:
    return Node(cid, NodeType.COMPANY, name, **kw)  # type: ignore[arg-type]


def indexes(path: Path) -> set[str]:
    raw = sqlite3.connect(path)
    try:
        return {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    finally:
        raw.close()


def queries(nodes: list[Node]) -> list[str]:
    out: list[str] = []
    for n in nodes[::7]:
        out += [n.name[:1], n.name[:2], n.name[1:4], n.id]
        py = pinyin_key(n.name)
        if py:
            out += [py[:6], py]
    return out


def snapshot(s: SQLiteStore, qs: list[str], ids: list[str]) -> object:
    return (
        s.stats().to_dict(),
        [[(h.id, h.matched, h.how, h.score) for h in s.search(q, limit=50)] for q in qs],
        [s.rels_of(i)[1] for i in ids],
        [s.get(i) for i in ids],
    )


def test_bulk_load_answers_like_incremental_upserts(tmp_path: Path) -> None:
    synth = Synth(150, 7)
    nodes, rels = list(synth.nodes()), list(synth.rels())
    # Re-sent nodes with new names and aliases, and a repeated relationship, merge.
    nodes += [company(nodes[-1].id, "重发公司", ids=("lei:RESENT",)), nodes[5]]
    rels += [rels[3]]
    with SQLiteStore.from_url(f"sqlite:///{tmp_path}/bulk.db") as a:
        with a.bulk():
            a.upsert_nodes(nodes, batch_size=40)
            a.upsert_rels(rels, batch_size=90)
        qs, ids = queries(nodes), [n.id for n in nodes[::11]] + ["lei:RESENT"]
        want = snapshot(a, qs, ids)
    with SQLiteStore.from_url(f"sqlite:///{tmp_path}/steps.db") as b:
        for k in range(0, len(nodes), 37):  # one load per call, into a non-empty store
            b.upsert_nodes(nodes[k : k + 37], batch_size=10)
        for k in range(0, len(rels), 101):
            b.upsert_rels(rels[k : k + 101], batch_size=50)
        assert snapshot(b, qs, ids) == want
    assert "names_key" in indexes(tmp_path / "bulk.db")
    assert {"nodes_id", "rels_id", "rels_src", "rels_dst"} <= indexes(tmp_path / "bulk.db")


def test_a_load_past_its_memory_limit_answers_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synth = Synth(150, 7)
    nodes, rels = list(synth.nodes()), list(synth.rels())
    nodes += [company(nodes[-1].id, "重发公司", ids=("lei:RESENT",)), nodes[5]]
    rels += [rels[3]]
    qs, ids = queries(nodes), [n.id for n in nodes[::11]] + ["lei:RESENT"]
    got = []
    for limit in (10**9, 50):
        monkeypatch.setattr(sqlite_bulk, "REMEMBER_LIMIT", limit)
        with SQLiteStore.from_url(f"sqlite:///{tmp_path}/limit{limit}.db") as s:
            with s.bulk():
                s.upsert_nodes(nodes, batch_size=40)
                assert s._load is not None
                forgot = not s._load.nodes_fresh
                s.upsert_rels(rels, batch_size=90)
                assert len(s._load.ids) + len(s._load.rel_rids) <= limit + 90
            got.append((forgot, snapshot(s, qs, ids)))
    (kept, want), (forgot, have) = got
    assert not kept and forgot  # the small limit made the load forget, the large one not
    assert have == want


def test_search_finds_two_character_and_pinyin_after_bulk() -> None:
    with SQLiteStore.from_url("sqlite:///:memory:") as s:
        with s.bulk():
            s.upsert_nodes([company("c:1", "华为技术有限公司"), company("c:2", "万科企业")])
            # Inside the load the FTS5 rows are still pending; exact keys work already.
            assert [h.id for h in s.search("万科企业")] == ["c:2"]
        assert [h.id for h in s.search("华为")] == ["c:1"]
        assert [h.id for h in s.search("wanke")] == ["c:2"]
        assert [h.id for h in s.search("技术有限")] == ["c:1"]


def test_killed_load_leaves_a_consistent_store_that_reruns_complete(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    script = textwrap.dedent(
        f"""
        import os
        from graph.store.sqlite import SQLiteStore
        from graph.synth import Synth
        s = SQLiteStore.from_url("sqlite:///{db}")
        synth = Synth(100, 3)
        with s.bulk():
            s.upsert_nodes(list(synth.nodes()), batch_size=25)
            s.upsert_rels(list(synth.rels())[:50], batch_size=20)
            os._exit(3)  # killed before the load could build its indexes
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}
    )
    assert done.returncode == 3
    assert "names_key" not in indexes(db) and "rels_id" not in indexes(db)
    raw = sqlite3.connect(db)
    assert raw.execute("SELECT value FROM meta WHERE key = 'fts_from'").fetchone() == (1,)
    raw.close()

    synth = Synth(100, 3)
    nodes, rels = list(synth.nodes()), list(synth.rels())
    with SQLiteStore.from_url(f"sqlite:///{db}") as s:  # a writable open finishes the load
        assert {"names_key", "rels_id", "nodes_id"} <= indexes(db)
        assert s.stats().to_dict()["total_relationships"] == 50
        name = nodes[-1].name
        assert nodes[-1].id in [h.id for h in s.search(name[:2], limit=100)]
        write_demo(s, 100, 3)  # re-running the load completes it
        assert s.stats().to_dict()["total_nodes"] == len({n.id for n in nodes})
        assert s.stats().to_dict()["total_relationships"] == len({r.id for r in rels})
        hits = s.search(name, limit=100)
        assert [h.id for h in hits].count(nodes[-1].id) == 1


def test_another_writer_during_a_load_is_noticed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/g.db"
    with SQLiteStore.from_url(url) as s, SQLiteStore.from_url(url) as other:
        with s.bulk():
            s.upsert_nodes([company("c:1", "甲")])
            other.upsert_nodes([company("c:2", "乙", ids=("lei:B",))])
            other.upsert_rels([Rel("r", RelType.OWNS, "c:2", "c:1")])
            # c:2 is in the store now: these merge with it rather than duplicate it.
            s.upsert_nodes([company("lei:B", "乙公司", props={"x": 1})])
            s.upsert_rels([Rel("r", RelType.OWNS, "c:1", "lei:B", share=Share.parse("30"))])
        assert s.stats().nodes == {"Company": 2}
        n = s.get("lei:B")
        assert n is not None and n.id == "c:2" and n.props == {"x": 1}
        rels, total = s.rels_of("c:2", direction="in")
        assert total == 1 and rels[0].src == "c:1" and rels[0].share == Share.parse("30")
        assert [h.id for h in s.search("乙公")] == ["c:2"]


def test_merge_entities_inside_a_load_is_noticed() -> None:
    with SQLiteStore.from_url("sqlite:///:memory:") as s:
        with s.bulk():
            s.upsert_nodes([company("c:1", "甲"), company("c:2", "乙")])
            s.merge_entities("c:1", "c:2")
            s.upsert_nodes([company("c:2", "丙")])  # c:2 is an alias of c:1 now
            s.upsert_rels([Rel("r", RelType.BRANCH_OF, "c:2", "c:1")])
        assert s.stats().nodes == {"Company": 1}
        n = s.get("c:2")
        assert n is not None and n.id == "c:1" and set(n.all_names) == {"甲", "乙", "丙"}
        assert [h.id for h in s.search("丙")] == ["c:1"]
        assert s.rels_of("c:1")[1] == 1


def test_marking_entities_for_proposals_does_not_make_a_load_forget() -> None:
    # The marks are the load's own write: taken for another writer's, every batch after
    # them dropped the load's id maps and its FTS5 build (a bundle load 15% slower).
    with SQLiteStore.from_url("sqlite:///:memory:") as s:
        with s.bulk():
            s.upsert_nodes([company("c:1", "甲")])
            s.await_proposals(["c:1"])
            s.upsert_nodes([company("c:2", "乙")])
            assert s._load is not None and s._load.nodes_fresh and "c:1" in s._load.ids
            s.proposals_made(["c:1"])
            s.upsert_rels([Rel("r", RelType.BRANCH_OF, "c:2", "c:1")])
            assert s._load.rels_fresh
        assert s.awaiting_proposals() == [] and s.rels_of("c:1")[1] == 1


def test_repeated_relationship_ids_in_a_load_keep_the_last() -> None:
    with SQLiteStore.from_url("sqlite:///:memory:") as s:
        with s.bulk():
            s.upsert_nodes([company("c:1", "甲"), company("c:2", "乙")])
            s.upsert_rels(
                [
                    Rel("r", RelType.OWNS, "c:1", "c:2", share=Share.parse("10")),
                    Rel("r", RelType.OWNS, "c:1", "c:2", share=Share.parse("20")),
                ]
            )
            s.upsert_rels([Rel("r", RelType.OWNS, "c:2", "c:1", share=Share.parse("40"))])
        rels, total = s.rels_of("c:2", direction="out")
        assert total == 1 and rels[0].share == Share.parse("40")
        assert s.stats().rels == {"OWNS": 1}
        s.upsert_rels([Rel("r", RelType.OWNS, "c:1", "c:2", share=Share.parse("50"))])
        assert s.stats().rels == {"OWNS": 1}


def test_a_failed_batch_does_not_poison_the_load() -> None:
    with SQLiteStore.from_url("sqlite:///:memory:") as s:
        with s.bulk():
            s.upsert_nodes([company("c:1", "甲"), Node("p:1", NodeType.PERSON, "张三")])
            with pytest.raises(ModelError):
                s.upsert_rels(
                    [Rel("ok", RelType.OWNS, "p:1", "c:1"), Rel("bad", RelType.OWNS, "c:1", "p:1")]
                )
            s.upsert_rels([Rel("ok", RelType.OWNS, "p:1", "c:1")])
        assert s.stats().rels == {"OWNS": 1}
        assert s.rels_of("c:1")[1] == 1


def test_files_with_unique_id_columns_keep_working(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    old = SCHEMA.replace("id TEXT NOT NULL,  -- unique: index nodes_id", "id TEXT NOT NULL UNIQUE,")
    old = old.replace("id TEXT NOT NULL,  -- unique: index rels_id", "id TEXT NOT NULL UNIQUE,")
    old = old[: old.index("CREATE TABLE meta")]
    assert old.count("UNIQUE") == 2
    raw = sqlite3.connect(db)
    raw.executescript(old + "PRAGMA user_version = 1;")
    raw.close()
    with SQLiteStore.from_url(f"sqlite:///{db}") as s:
        s.upsert_nodes([company("c:1", "甲"), company("c:2", "乙")])
        s.upsert_rels([Rel("r", RelType.OWNS, "c:1", "c:2")])
        s.upsert_nodes([company("c:1", "甲公司")])
        s.upsert_rels([Rel("r", RelType.OWNS, "c:2", "c:1")])
        assert s.stats().nodes == {"Company": 2} and s.stats().rels == {"OWNS": 1}
        assert [h.id for h in s.search("甲公")] == ["c:1"]
    assert not {"nodes_id", "rels_id"} & indexes(db)  # the column indexes do the job


def test_a_write_sqlite_refuses_is_a_store_error_and_keeps_earlier_batches(
    tmp_path: Path,
) -> None:
    db = tmp_path / "full.db"
    synth = Synth(100, 5)
    nodes, rels = list(synth.nodes()), list(synth.rels())
    with SQLiteStore.from_url(f"sqlite:///{db}") as s:
        s.upsert_nodes(nodes[:10])
    raw = sqlite3.connect(db)  # what a full disk does to the 2nd relationship batch
    raw.execute(
        "CREATE TRIGGER full AFTER INSERT ON rels WHEN new.rid > 20 "
        "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
    )
    raw.close()
    with SQLiteStore.from_url(f"sqlite:///{db}") as s:
        refused = r"rolled back \(database or disk is full\); what was committed"
        with pytest.raises(StoreError, match=refused), s.bulk():
            s.upsert_nodes(nodes, batch_size=25)
            s.upsert_rels(rels, batch_size=20)
        stats = s.stats()
        assert sum(stats.nodes.values()) == len(nodes)  # every committed batch is kept
        assert sum(stats.rels.values()) == 20
        assert [h.id for h in s.search(nodes[-1].name)][:1] == [nodes[-1].id]
