"""Hand-built graphs for the exposure and risk-CLI tests: DOMAIN.md §7 examples as data,
written into a real SQLite store that also holds the catalog's lists."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from pathlib import Path

from graph.catalog import load_catalog
from graph.model import Node, NodeType, Provenance, Rel, RelType, Role, rel_id
from graph.share import Share
from graph.store.sqlite import SQLiteStore

SRC = "test-exposure"
LISTS = {
    "ofac": "list:US_OFAC_SDN",
    "eu": "list:EU_FSF",
    "uk": "list:UK_HMT",
    "bis": "list:US_BIS_ENTITY",
}
LISTED_FROM = date(2020, 1, 1)
AFTER = date(2026, 1, 1)
BEFORE_EU = date(2024, 7, 2)

# name -> (owns, listed, controls, links, expected restricted-by-ownership/control per date)
OFAC = {
    "OFAC-1": ([("X", "A", "1/2"), ("A", "B", "1/2")], ["X"], {"A": "owned", "B": "owned"}),
    "OFAC-2": (
        [("X", "A", "1/2"), ("X", "B", "1/2"), ("A", "C", "1/4"), ("B", "C", "1/4")],
        ["X"],
        {"A": "owned", "B": "owned", "C": "owned"},
    ),
    "OFAC-3": (
        [("X", "A", "1/2"), ("X", "B", "1/10"), ("A", "B", "2/5")],
        ["X"],
        {"A": "owned", "B": "owned"},
    ),
    "OFAC-4": ([("X", "A", "1/4"), ("Y", "A", "1/4")], ["X", "Y"], {"A": "owned"}),
    "OFAC-4b": (
        [("X", "A", "1/4"), ("X", "B", "1/4"), ("A", "C", "1/2"), ("B", "C", "1/2")],
        ["X"],
        {},
    ),
}

# name -> (owns, listed, controls, links, {date: expected})
EU = {
    "EU-1": (
        [("L1", "E", "3/10"), ("L2", "E", "1/4")],
        ["L1", "L2"],
        [],
        [],
        {AFTER: {"E": "owned"}, BEFORE_EU: {"E": "owned"}},
    ),
    "EU-2": ([("L", "E", "1/2")], ["L"], [], [], {AFTER: {"E": "owned"}, BEFORE_EU: {}}),
    "EU-3": (
        [("L", "E", "1/10")],
        ["L"],
        [("L", "E", "board_majority")],
        [],
        {AFTER: {"E": "controlled"}, BEFORE_EU: {"E": "controlled"}},
    ),
}
UK = {
    "UK-1": ([("D1", "E", "3/10"), ("D2", "E", "1/4")], ["D1", "D2"], [], [], {}),
    "UK-2": (
        [("D1", "E", "3/10"), ("D2", "E", "1/4")],
        ["D1", "D2"],
        [],
        [("D1", "D2", "joint_arrangement")],
        {"E": "owned"},
    ),
    "UK-3": ([("D", "E", "1/2")], ["D"], [], [], {}),
    "UK-4": ([("D", "E", "51/100")], ["D"], [], [], {"E": "owned"}),
}


def prov(record: str) -> tuple[Provenance, ...]:
    return (Provenance(SRC, record),)


def company(cid: str, name: str | None = None, **props: object) -> Node:
    return Node(
        cid, NodeType.COMPANY, name or f"{cid} Ltd", props=dict(props), provenance=prov(cid)
    )


def _share(text: str | None) -> Share | None:
    if text is None:
        return None
    lo, _, hi = text.partition("..")
    return Share(Fraction(lo), Fraction(hi or lo))


def owns(a: str, b: str, share: str | None, start: date | None = None) -> Rel:
    return Rel(
        rel_id(RelType.OWNS, a, b, SRC),
        RelType.OWNS,
        a,
        b,
        share=_share(share),
        start=start,
        provenance=prov(f"{a}>{b}"),
    )


def listed(
    e: str,
    list_id: str,
    start: date | None = LISTED_FROM,
    end: date | None = None,
    record: str | None = None,
    **props: object,
) -> Rel:
    """``record`` names a second listing of ``e`` on the same list (its own rel id)."""
    return Rel(
        rel_id(RelType.LISTED_ON, e, list_id, SRC, record or ""),
        RelType.LISTED_ON,
        e,
        list_id,
        start=start,
        end=end,
        props={"status": "active", **props},
        provenance=prov(record or f"{e}@{list_id}"),
    )


# Lists of regimes the engine has no rule for, shaped as the FtM loader writes them.
SECO = "list:FTM_CH_SECO_SANCTIONS"
JP_MOF = "list:FTM_JP_MOF_SANCTIONS"
COH = "list:FTM_GB_COH_DISQUALIFIED"


def other_list(list_id: str, name: str, regime: str) -> Node:
    key = list_id.removeprefix("list:")
    return Node(
        list_id,
        NodeType.LIST,
        name,
        props={"list_id": key, "regime": regime},
        provenance=prov(key),
    )


def controls(a: str, b: str, kind: str) -> Rel:
    return Rel(
        rel_id(RelType.CONTROLS, a, b, SRC),
        RelType.CONTROLS,
        a,
        b,
        props={"kind": kind},
        provenance=prov(f"{a}=>{b}"),
    )


def link(a: str, b: str, kind: str) -> Rel:
    return Rel(
        rel_id(RelType.LINKED_TO, a, b, SRC),
        RelType.LINKED_TO,
        a,
        b,
        props={"kind": kind},
        provenance=prov(f"{a}~{b}"),
    )


def officer(p: str, c: str, role: Role, start: date | None = None) -> Rel:
    return Rel(
        rel_id(RelType.OFFICER_OF, p, c, SRC, role.value),
        RelType.OFFICER_OF,
        p,
        c,
        role=role,
        start=start,
        provenance=prov(f"{p}/{c}"),
    )


def catalog_store(path: Path) -> SQLiteStore:
    store = SQLiteStore.from_url(f"sqlite:///{path}")
    recs = list(load_catalog().records())
    store.upsert_nodes([r for r in recs if isinstance(r, Node)])
    store.upsert_rels([r for r in recs if isinstance(r, Rel)])
    return store


def write(store: SQLiteStore, *records: Node | Rel | Iterable[Node | Rel]) -> None:
    flat: list[Node | Rel] = []
    for r in records:
        flat.extend([r] if isinstance(r, Node | Rel) else r)
    store.upsert_nodes([r for r in flat if isinstance(r, Node)])
    store.upsert_rels([r for r in flat if isinstance(r, Rel)])


def example_records(
    prefix: str,
    regime: str,
    own: Iterable[tuple[str, str, str]],
    listed_ids: Iterable[str],
    ctrl: Iterable[tuple[str, str, str]] = (),
    links: Iterable[tuple[str, str, str]] = (),
) -> list[Node | Rel]:
    """One example with node ids ``prefix:X`` (so several fit in one store)."""

    def q(x: str) -> str:
        return f"{prefix}:{x}"

    own, ctrl, links = list(own), list(ctrl), list(links)
    names = {x for a, b, _ in [*own, *ctrl, *links] for x in (a, b)} | set(listed_ids)
    out: list[Node | Rel] = [company(q(x), f"{prefix} {x} Ltd") for x in sorted(names)]
    out += [owns(q(a), q(b), s) for a, b, s in own]
    out += [listed(q(x), LISTS[regime]) for x in listed_ids]
    out += [controls(q(a), q(b), k) for a, b, k in ctrl]
    out += [link(q(a), q(b), k) for a, b, k in links]
    return out
