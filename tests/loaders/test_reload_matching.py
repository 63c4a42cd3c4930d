"""A reload searches name candidates only for entities it adds or changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InvalidInput
from graph.model import Node, NodeType, Provenance
from graph.store.sqlite import SQLiteStore
from loaders import pipeline
from loaders.candidates import same_for_matching
from loaders.matches import list_matches
from loaders.pipeline import load
from tests.loaders.test_resolve import TIANYE, bundle, registry

pytestmark = pytest.mark.usefixtures("spill_modes")


def _compared(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The ids each load hands to ``propose`` (the real one still runs)."""
    calls: list[list[str]] = []
    real = pipeline.propose

    def spy(store: SQLiteStore, ids: list[str], pairs: object = ()) -> int:
        calls.append(list(ids))
        return real(store, ids, pairs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "propose", spy)
    return calls


# Four folders, one dataset: named as one source they write the same ids (without
# ``source`` each folder is a bundle of its own, docs/BUNDLE.md).
SAME = "bundle"


def test_reload_skips_unchanged_and_compares_changed_entities(
    tmp_path: Path, store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _compared(monkeypatch)
    load(store, "cn-registry", [registry(tmp_path, [("新疆天业（集团）有限公司", TIANYE)])])
    first = load(
        store, "bundle", [bundle(tmp_path, ["t1,company,无关公司,,,,CN,"], "b1")], source=SAME
    )
    t1 = store.resolve("bundle:t1")
    assert first.candidates == 0 and calls[-1] == [t1]

    again = load(
        store, "bundle", [bundle(tmp_path, ["t1,company,无关公司,,,,CN,"], "b2")], source=SAME
    )
    assert again.candidates == 0 and calls[-1] == []

    # A new name for the same record: the entity changed, so it is searched again
    # and now meets the registry company.
    line = "t1,company,无关公司,新疆天业(集团)有限责任公司,,,CN,"
    renamed = load(store, "bundle", [bundle(tmp_path, [line], "b3")], source=SAME)
    assert calls[-1] == [t1] and renamed.candidates == 1

    settled = load(store, "bundle", [bundle(tmp_path, [line], "b4")], source=SAME)
    assert calls[-1] == [] and settled.candidates == 0
    assert [r["decision"] for r in list_matches(store)] == ["pending"]


def test_same_for_matching_looks_at_sources_ids_and_countries() -> None:
    old = Node(
        "x",
        NodeType.COMPANY,
        "甲",
        ids=("lei:L",),
        props={"country": "cn"},
        provenance=(Provenance("a", "1"),),
    )

    def new(**kw: object) -> Node:
        base: dict[str, object] = {
            "props": {"country": "cn"},
            "provenance": (Provenance("a", "2"),),
        }
        base.update(kw)
        return Node("x", NodeType.COMPANY, "甲", **base)  # type: ignore[arg-type]

    assert same_for_matching(old, new())
    assert same_for_matching(old, new(ids=("lei:L",), props={}))
    assert not same_for_matching(old, new(provenance=(Provenance("b", "1"),)))
    assert not same_for_matching(old, new(ids=("uscc:U",)))
    assert not same_for_matching(old, new(props={"country": "hk"}))


def test_a_load_stopped_before_its_proposals_has_them_made_by_the_next(
    tmp_path: Path, store: SQLiteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Interrupted after every node is written, before any candidate is proposed
    # (Ctrl-C during the search): the entities are stored unchanged when the load
    # runs again, which must still propose their candidates.
    load(store, "cn-registry", [registry(tmp_path, [("新疆天业（集团）有限公司", TIANYE)])])
    line = "t1,company,新疆天业(集团)有限责任公司,,,,CN,"

    def interrupted(*args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "propose", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load(store, "bundle", [bundle(tmp_path, [line], "b1")], source=SAME)
    assert store.resolve("bundle:t1") is not None and list_matches(store) == []
    monkeypatch.undo()

    again = load(store, "bundle", [bundle(tmp_path, [line], "b2")], source=SAME)
    assert again.candidates == 1
    assert [r["decision"] for r in list_matches(store)] == ["pending"]
    # Proposed once: the next reload skips the search again.
    calls = _compared(monkeypatch)
    load(store, "bundle", [bundle(tmp_path, [line], "b3")], source=SAME)
    assert calls == [[]]


def test_a_failed_load_leaves_its_entities_to_the_next_load_of_other_files(
    tmp_path: Path, store: SQLiteStore
) -> None:
    # A bad second path: the first file is written (batch by batch), then the load
    # fails before any proposal.  Another load, of other files, proposes them.
    load(store, "cn-registry", [registry(tmp_path, [("新疆天业（集团）有限公司", TIANYE)])])
    first = bundle(tmp_path, ["t1,company,新疆天业(集团)有限责任公司,,,,CN,"], "b1")
    with pytest.raises(InvalidInput, match="no such file"):
        load(store, "bundle", [first, tmp_path / "missing"], source=SAME, batch_size=1)
    assert store.resolve("bundle:t1") is not None and list_matches(store) == []

    other = load(store, "bundle", [bundle(tmp_path, ["t9,company,无关公司,,,,CN,"], "b2")])
    assert other.candidates == 1
    (row,) = list_matches(store)
    assert row["decision"] == "pending"
    assert store.resolve("bundle:t1") in (row["a"], row["b"])
