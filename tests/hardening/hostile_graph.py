"""A small graph whose names and properties are markup and script (real SQLite)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from graph.model import Node, NodeType, Provenance, Rel, RelType, Role, rel_id
from graph.share import Share
from graph.store.sqlite import SQLiteStore

SRC = "hostile<b>src</b>"
# Each payload sets window.__xss when it runs; the browser test checks it stays unset.
IMG = '<img src=x onerror="window.__xss=1">'
SCRIPT = "<script>window.__xss=2</script>"
SVG = "<svg onload=window.__xss=3>"
LINK = "[click](javascript:window.__xss=4)"
PAYLOADS = (IMG, SCRIPT, SVG, LINK)

EVIL_CO = "uscc:91520000214434146R"
EVIL_OWNER = "uscc:914403001922038216"
EVIL_PERSON = "person:evil"
LIST = "list:CN_SPC_DISHONEST"
CO_NAME = f"{IMG}恶意公司"
OWNER_NAME = f"{SCRIPT}控股集团"
PERSON_NAME = f"{SVG}{LINK}"


def _prov(record: str) -> tuple[Provenance, ...]:
    return (Provenance(SRC, f"{record}{IMG}", date(2024, 1, 1)),)


NODES = (
    Node(EVIL_CO, NodeType.COMPANY, CO_NAME, names=(LINK, SVG),
         props={"status": SCRIPT, "address": IMG, f"{SVG}key": LINK}, provenance=_prov("c")),
    Node(EVIL_OWNER, NodeType.COMPANY, OWNER_NAME, props={"note": SVG}, provenance=_prov("o")),
    Node(EVIL_PERSON, NodeType.PERSON, PERSON_NAME, props={"nationality": IMG},
         provenance=_prov("p")),
    Node(LIST, NodeType.LIST, "失信被执行人名单", provenance=_prov("l")),
)  # fmt: skip
RELS = (
    Rel(rel_id(RelType.OWNS, EVIL_OWNER, EVIL_CO, SRC), RelType.OWNS, EVIL_OWNER, EVIL_CO,
        share=Share.parse("60"), props={"note": IMG}, provenance=_prov("r1")),
    Rel(rel_id(RelType.OFFICER_OF, EVIL_PERSON, EVIL_CO, SRC), RelType.OFFICER_OF, EVIL_PERSON,
        EVIL_CO, role=Role.LEGAL_REPRESENTATIVE, props={"role_text": SCRIPT},
        provenance=_prov("r2")),
    Rel(rel_id(RelType.LISTED_ON, EVIL_CO, LIST, SRC), RelType.LISTED_ON, EVIL_CO, LIST,
        start=date(2023, 3, 1), props={"status": "active", "case_no": IMG, "reason": SCRIPT},
        provenance=_prov("x")),
)  # fmt: skip


def build(path: Path) -> str:
    """Write the hostile graph to ``path``; its store URL."""
    url = f"sqlite:///{path.resolve()}"
    with SQLiteStore.from_url(url) as store:
        store.upsert_nodes(NODES)
        store.upsert_rels(RELS)
    return url


APP = str(Path(__file__).resolve().parents[2] / "ui" / "app.py")


def elements(node: Any) -> Iterator[Any]:
    """Every element below a Streamlit AppTest tree node, depth first."""
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield child
            yield from elements(child)
