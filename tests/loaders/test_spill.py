"""The spilling containers behave exactly like a dict, a set and a list, whatever the limit."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import loaders.spill
from graph.errors import StoreError
from loaders.ftm import read_ftm
from loaders.spill import SpillList, SpillMap, SpillSet

keys = st.text(min_size=0, max_size=6)
values = st.one_of(
    st.integers(), st.text(max_size=4), st.booleans(), st.tuples(st.text(max_size=3))
)
ops = st.lists(
    st.tuples(st.sampled_from(["set", "get", "in", "setdefault", "len"]), keys, values),
    max_size=60,
)


def _key(kv: tuple[str, object]) -> str:
    return kv[0]


@settings(max_examples=150, deadline=None)
@given(limit=st.integers(0, 8), program=ops)
def test_spill_map_is_a_dict(limit: int, program: list[tuple[str, str, object]]) -> None:
    m: SpillMap[object] = SpillMap(limit=limit)
    ref: dict[str, object] = {}
    try:
        for op, k, v in program:
            if op == "set":
                m[k] = v
                ref[k] = v
            elif op == "get":
                assert m.get(k) == ref.get(k)
            elif op == "in":
                assert (k in m) == (k in ref)
            elif op == "setdefault":
                assert m.setdefault(k, v) == ref.setdefault(k, v)
            else:
                assert len(m) == len(ref)
        assert sorted(m.items(), key=_key) == sorted(ref.items(), key=_key)
        assert m.spilled or len(ref) <= limit
    finally:
        m.close()


@settings(max_examples=100, deadline=None)
@given(limit=st.integers(0, 5), items=st.lists(keys, max_size=40))
def test_spill_set_and_list(limit: int, items: list[str]) -> None:
    s, lst = SpillSet(limit=limit), SpillList[str](limit=limit)
    try:
        for x in items:
            s.add(x)
            lst.append(x)
        assert len(s) == len(set(items))
        assert all(x in s for x in items) and ("\x00never" in s) is False
        assert list(lst) == items and len(lst) == len(items)
        assert list(lst) == items  # iterating twice gives the same
    finally:
        s.close()
        lst.close()


def test_a_map_past_its_limit_keeps_only_a_buffer_in_memory() -> None:
    m: SpillMap[int] = SpillMap(limit=100)
    for k in range(50_000):
        m[f"id-{k}"] = k
    assert m.spilled and len(m._mem) <= 20_000
    assert m.get("id-0") == 0 and m.get("id-49999") == 49_999 and len(m) == 50_000
    m.close()


def test_ftm_reader_gives_the_same_records_when_spilled(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Real file with addresses, identity documents, ownerships and sanctions.
    path = data / "ftm-opensanctions-zala" / "entities.ftm.json"
    in_memory = sorted(map(repr, read_ftm(path)))
    monkeypatch.setattr(loaders.spill, "SPILL_AFTER", 3)
    spilled = sorted(map(repr, read_ftm(path)))
    assert spilled == in_memory
    assert any("documents" in r for r in in_memory) and any("past 100%" in r for r in in_memory)


def test_a_failing_temporary_file_is_a_store_error_naming_the_folder() -> None:
    m: SpillMap[int] = SpillMap(limit=1)
    m["a"], m["b"] = 1, 2  # spilled
    assert m._db is not None
    m._db.execute("DROP TABLE kv")  # as good as a full disk for the next write
    m["c"] = 3
    with pytest.raises(StoreError, match=r"temporary file in .*free space there"):
        len(m)
    m.close()
