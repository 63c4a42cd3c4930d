"""Builders for the China rules' tests: a catalog-loaded SQLite store and the
companies, persons, posts and listings the fixtures write into it (imported by
name: the tests directory is not a package)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from graph.catalog import load_catalog
from graph.model import Node, NodeType, Provenance, Rel, RelType, Role, rel_id
from graph.share import Share
from graph.store.sqlite import SQLiteStore

SRC = "test-cn"


def company(cid: str, name: str, **props: object) -> Node:
    return Node(cid, NodeType.COMPANY, name, props=dict(props), provenance=(Provenance(SRC, cid),))


def person(pid: str) -> Node:
    return Node(pid, NodeType.PERSON, pid, provenance=(Provenance(SRC, pid),))


def post(
    p: str,
    c: str,
    role: Role,
    start: date | None = None,
    end: date | None = None,
    **props: object,
) -> Rel:
    return Rel(
        rel_id(RelType.OFFICER_OF, p, c, SRC, role.value),
        RelType.OFFICER_OF,
        p,
        c,
        role=role,
        start=start,
        end=end,
        props=dict(props),
        provenance=(Provenance(SRC, f"{p}-{c}"),),
    )


def listing(s: str, list_id: str, start: date, end: date | None = None, **props: object) -> Rel:
    return Rel(
        rel_id(RelType.LISTED_ON, s, f"list:{list_id}", SRC, start.isoformat()),
        RelType.LISTED_ON,
        s,
        f"list:{list_id}",
        start=start,
        end=end,
        props=dict(props),
        provenance=(Provenance(SRC, f"{s}-{list_id}"),),
    )


def owns(a: str, b: str, pct: str) -> Rel:
    return Rel(
        rel_id(RelType.OWNS, a, b, SRC),
        RelType.OWNS,
        a,
        b,
        share=Share.exact(Fraction(pct) / 100),
        provenance=(Provenance(SRC, f"{a}-{b}"),),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore.from_url(f"sqlite:///{tmp_path / 'cn.db'}") as s:
        s.upsert_nodes(r for r in load_catalog().records() if isinstance(r, Node))
        s.upsert_rels(r for r in load_catalog().records() if isinstance(r, Rel))
        yield s


def load(store: SQLiteStore, *records: Node | Rel) -> None:
    store.upsert_nodes([r for r in records if isinstance(r, Node)])
    store.upsert_rels([r for r in records if isinstance(r, Rel)])


def rules(findings: list) -> set[tuple[str, str]]:
    return {(f.rule, f.basis) for f in findings}


def measures(findings: list, rule: str) -> set[str]:
    return {m.id for f in findings if f.rule == rule for m in f.measures}
