"""A small hand-made graph for the CLI and UI tests (real SQLite, no mocks)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from graph.model import Node, NodeType, Provenance, Rel, RelType, Role, rel_id
from graph.share import Share
from graph.store.sqlite import SQLiteStore

SRC = "test-fixture"
PINGAN = "uscc:91440300192185379H"
PINGAN_ALIAS = "ftm:pingan-0001"
HUAWEI = "uscc:914403001922038216"
PERSON = "person:zhangwei"
LIST = "list:CN_SPC_DISHONEST"
EVIL_NAME = "<script>alert(1)</script>有限公司"
EVIL = "uscc:91520000214434146R"


def _prov(record: str) -> tuple[Provenance, ...]:
    return (Provenance(SRC, record, date(2024, 1, 1), date(2024, 6, 1)),)


NODES: tuple[Node, ...] = (
    Node(PINGAN, NodeType.COMPANY, "平安银行股份有限公司", names=("Ping An Bank",),
         ids=(PINGAN_ALIAS,), props={"status": "存续", "_sources": {"status": ["samr-2024"]}},
         provenance=_prov("c1")),
    Node(HUAWEI, NodeType.COMPANY, "华为技术有限公司", provenance=_prov("c2")),
    Node(EVIL, NodeType.COMPANY, EVIL_NAME, provenance=_prov("c3")),
    Node(PERSON, NodeType.PERSON, "张伟", provenance=_prov("p1")),
    Node(LIST, NodeType.LIST, "失信被执行人名单", provenance=_prov("l1")),
)  # fmt: skip

RELS: tuple[Rel, ...] = (
    Rel(rel_id(RelType.OWNS, HUAWEI, PINGAN, SRC), RelType.OWNS, HUAWEI, PINGAN,
        share=Share.parse("50.5"), start=date(2020, 1, 1), provenance=_prov("o1")),
    Rel(rel_id(RelType.OFFICER_OF, PERSON, PINGAN, SRC), RelType.OFFICER_OF, PERSON, PINGAN,
        role=Role.LEGAL_REPRESENTATIVE, start=date(2019, 5, 1), provenance=_prov("r1")),
    Rel(rel_id(RelType.OFFICER_OF, PERSON, EVIL, SRC), RelType.OFFICER_OF, PERSON, EVIL,
        role=Role.DIRECTOR, provenance=_prov("r2")),
    Rel(rel_id(RelType.LISTED_ON, PINGAN, LIST, SRC), RelType.LISTED_ON, PINGAN, LIST,
        start=date(2023, 3, 1), props={"status": "active"}, provenance=_prov("x1")),
)  # fmt: skip


def sqlite_url(path: Path) -> str:
    """``sqlite:///`` plus the absolute path (so four slashes in all)."""
    return f"sqlite:///{path.resolve()}"


def build_store(path: Path) -> str:
    """Write the hand-made graph to ``path``; return its store URL."""
    url = sqlite_url(path)
    with SQLiteStore.from_url(url) as store:
        store.upsert_nodes(NODES)
        store.upsert_rels(RELS)
    return url
