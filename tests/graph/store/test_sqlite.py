"""SQLite-specific behaviour: opening, schema, concurrency, indexes, write rules."""

from __future__ import annotations

import sqlite3
import threading
import time
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypinyin import lazy_pinyin

from graph.errors import ModelError, StoreError, StoreUnavailable
from graph.model import Node, NodeType, Rel, RelType
from graph.share import Share
from graph.store import open_store
from graph.store.sqlite import SQLiteStore
from graph.store.sqlite_schema import SCHEMA_VERSION
from graph.store.textindex import bigram_text, fold, has_cjk, id_candidates, pinyin_key


def company(cid: str, name: str, **kw: object) -> Node:
    return Node(cid, NodeType.COMPANY, name, **kw)  # type: ignore[arg-type]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "g.db"


def test_missing_directory_is_unavailable_and_creates_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/no/such/dir/g.db"
    with pytest.raises(StoreUnavailable) as err:
        SQLiteStore.from_url(url)
    assert err.value.data["url"] == url
    assert err.value.data["path"] == f"{tmp_path}/no/such/dir/g.db"
    assert "does not exist" in err.value.message
    assert not (tmp_path / "no").exists()


def test_read_only_needs_an_existing_file(db: Path) -> None:
    with pytest.raises(StoreUnavailable):
        SQLiteStore.from_url(f"sqlite:///{db}", read_only=True)
    assert not db.exists()
    with SQLiteStore.from_url(f"sqlite:///{db}") as s:
        s.upsert_nodes([company("c:1", "甲")])
    with SQLiteStore.from_url(f"sqlite:///{db}", read_only=True) as ro:
        assert ro.resolve("c:1") == "c:1"
        with pytest.raises(StoreError):
            ro.upsert_nodes([company("c:2", "乙")])
        assert ro.stats().nodes == {"Company": 1}


def test_relative_url_and_open_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    s = open_store("sqlite:///./rel.db")
    s.upsert_nodes([company("c:1", "甲")])
    s.close()
    assert (tmp_path / "rel.db").exists()
    with pytest.raises(StoreUnavailable):
        SQLiteStore.from_url("sqlite://host/x.db")


def test_schema_version_wal_and_persistence(db: Path) -> None:
    with SQLiteStore.from_url(f"sqlite:///{db}") as s:
        s.upsert_nodes([company("c:1", "甲")])
    raw = sqlite3.connect(db)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(StoreUnavailable) as err:
        SQLiteStore.from_url(f"sqlite:///{db}")
    assert err.value.data["version"] == SCHEMA_VERSION + 1


def test_foreign_database_is_refused(db: Path) -> None:
    raw = sqlite3.connect(db)
    raw.execute("CREATE TABLE other(x)")
    raw.close()
    with pytest.raises(StoreUnavailable, match="not a credgraph store"):
        SQLiteStore.from_url(f"sqlite:///{db}")


def test_writer_waits_for_another_writer(db: Path) -> None:
    with SQLiteStore.from_url(f"sqlite:///{db}") as s:
        s.upsert_nodes([company("c:0", "零")])
        other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        released = threading.Event()

        def release() -> None:
            time.sleep(0.3)
            other.execute("COMMIT")
            released.set()

        t = threading.Thread(target=release)
        t.start()
        s.upsert_nodes([company("c:1", "一")])  # blocks on the lock, then succeeds
        assert released.is_set()
        t.join()
        other.close()
        assert s.resolve("c:1") == "c:1"


def test_node_id_that_is_an_alias_merges_into_its_owner() -> None:
    with SQLiteStore.from_url("sqlite:///:memory:") as s:
        s.upsert_nodes([company("uscc:X", "甲公司", ids=("lei:L",), props={"a": 1})])
        s.upsert_nodes([company("lei:L", "Jia Co", props={"b": 2})])
        n = s.get("lei:L")
        assert n is not None and n.id == "uscc:X"
        assert n.props == {"a": 1, "b": 2}
        assert set(n.all_names) == {"甲公司", "Jia Co"}
        assert s.stats().nodes == {"Company": 1}
        assert [h.id for h in s.search("jia co")] == ["uscc:X"]
        assert [h.id for h in s.search("甲公")] == ["uscc:X"]


def test_same_id_twice_in_one_batch_merges() -> None:
    with SQLiteStore.from_url("sqlite:///:memory:") as s:
        s.upsert_nodes([company("c:1", "甲", props={"a": 1}), company("c:1", "乙", props={"b": 2})])
        n = s.get("c:1")
        assert n is not None and n.name == "乙" and n.names == ("甲",)
        assert n.props == {"a": 1, "b": 2}
        assert {h.id for h in s.search("甲")} == {"c:1"}


def test_unknown_endpoints_are_skipped_and_bad_types_refused() -> None:
    with SQLiteStore.from_url("sqlite:///:memory:") as s:
        s.upsert_nodes([company("c:1", "甲"), Node("p:1", NodeType.PERSON, "张三")])
        wrote = s.upsert_rels(
            [Rel("ok", RelType.OWNS, "p:1", "c:1"), Rel("dangling", RelType.OWNS, "p:9", "c:1")]
        )
        assert wrote == 1 and s.skipped_rels == ["dangling"]
        with pytest.raises(ModelError) as err:
            s.upsert_rels([Rel("bad", RelType.OWNS, "c:1", "p:1")])
        assert err.value.data["id"] == "bad"
        assert s.stats().rels == {"OWNS": 1}


def test_rel_upsert_replaces() -> None:
    with SQLiteStore.from_url("sqlite:///:memory:") as s:
        s.upsert_nodes([company("c:1", "甲"), company("c:2", "乙")])
        s.upsert_rels([Rel("r", RelType.OWNS, "c:1", "c:2", share=Share.parse("10"))])
        s.upsert_rels([Rel("r", RelType.OWNS, "c:1", "c:2", share=Share.parse("20"))])
        rels, total = s.rels_of("c:1")
        assert total == 1 and rels[0].share == Share.exact(Fraction(1, 5))


def test_export_range_share_keeps_exact_bounds() -> None:
    with SQLiteStore.from_url("sqlite:///:memory:") as s:
        s.upsert_nodes([company("c:1", "甲"), company("c:2", "乙")])
        s.upsert_rels(
            [
                Rel("band", RelType.OWNS, "c:1", "c:2", share=Share.parse("25-50%")),
                Rel(
                    "open",
                    RelType.CONTROLS,
                    "c:1",
                    "c:2",
                    share=Share(Fraction(1, 2), Fraction(1), True),
                ),
            ]
        )
        e = s.export_edges()
        got = dict(zip(e.rel_ids, e.share_exact, strict=True))
        assert got == {"band": "[1/4,1/2]", "open": "(1/2,1/1]"}


def test_merge_adds_new_names_to_search_and_keeps_old() -> None:
    with SQLiteStore.from_url("sqlite:///:memory:") as s:
        s.upsert_nodes([company("c:1", "重庆长安汽车股份有限公司")])
        s.upsert_nodes([company("c:1", "长安汽车")])
        for q in ("重庆长安", "长安汽车", "chongqing", "changanqiche", "安"):
            assert [h.id for h in s.search(q)] == ["c:1"], q
        assert s.search("长安汽车")[0].score > s.search("重庆长安")[0].score


def test_memory_store_keeps_name_rows_unique_on_reupsert() -> None:
    with SQLiteStore.from_url("sqlite:///:memory:") as s:
        for _ in range(3):
            s.upsert_nodes([company("c:1", "华为", names=("HUAWEI",))])
        assert len(s.search("华")) == 1
        hits = s.search("hua")
        assert [h.id for h in hits] == ["c:1"]


# -- text keys -------------------------------------------------------------------

CJK = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=12
)


# Shared pieces make the segmenter's remainder cache hit, as company names do.
PIECES = st.lists(
    st.sampled_from(
        [
            "有限公司",
            "科技",
            "深圳市",
            "重庆",
            "长安",
            "银行",
            "行长",
            "重",
            "（集团）",
            "Co ",
            "乐",
        ]
    )
    | CJK,
    min_size=1,
    max_size=5,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(CJK, PIECES))
def test_cached_pinyin_equals_lazy_pinyin(text: str) -> None:
    want = "".join("".join(lazy_pinyin(fold(text))).casefold().split())
    assert pinyin_key(text) == (want if has_cjk(text) else None)


@given(st.text(min_size=1, max_size=20))
def test_every_character_position_starts_one_bigram_token(text: str) -> None:
    tokens = bigram_text(text).split()
    chars = [c for c in fold(text) if c.isalnum()]
    assert [t[0] for t in tokens] == chars
    assert all(t.isalnum() and 1 <= len(t) <= 2 for t in tokens)


def test_id_candidates_cover_bare_codes() -> None:
    assert "uscc:91440300192185379H" in id_candidates(" 9144 0300 1921 8537 9h ")
    assert "lei:529900T8BM49AURSDO55" in id_candidates("529900t8bm49aursdo55")
    assert id_candidates("  ") == []
