"""Conversion between model records and the flat property maps Neo4j stores.

Neo4j properties cannot hold maps, so ``props``, ``provenance`` and the exact
share travel as JSON strings; the few values queries filter on (type, name, role,
dates, share bounds, search text) are stored flat beside them.  These functions
are pure so that they are tested without a server.

>>> from graph.model import Node, NodeType
>>> row = node_to_row(Node("uscc:X", NodeType.COMPANY, "华为"))
>>> row["pinyin"], row["search_text"]
('huawei', '\\n华为\\nhuawei\\n')
>>> row_to_node(row) == Node("uscc:X", NodeType.COMPANY, "华为")
True
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from graph.errors import ModelError
from graph.model import Node, NodeType, Provenance, Rel, RelType, Role
from graph.share import Share
from graph.store.jsontext import encode

# One merge rule for both backends (protocol: props key by key, the rest unioned).
from graph.store.merge import merge_nodes as merge_nodes
from graph.store.textindex import fold, pinyin_key


def _json(value: Any, what: str, owner: str) -> str:
    # The SQLite store's encoding, so a record reads back alike from either store.
    try:
        return str(encode(value))
    except (TypeError, ValueError) as exc:
        raise ModelError(f"{what} of {owner!r} is not JSON: {exc}", id=owner) from exc


def to_date(v: Any) -> date | None:
    """Accept a date, the driver's ``neo4j.time.Date`` or an ISO string."""
    if v is None or v == "":
        return None
    if hasattr(v, "to_native"):
        v = v.to_native()
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


def day(as_of: date | None) -> date | None:
    """``as_of`` as a date: a datetime (a date subclass, which the SQLite store reads by
    its day) would reach Neo4j as a LocalDateTime, which never compares with a Date.

    >>> day(datetime(2021, 12, 31, 23, 59))
    datetime.date(2021, 12, 31)
    """
    return as_of.date() if isinstance(as_of, datetime) else as_of


def type_names(values: Sequence[Any] | None) -> list[str] | None:
    """Enum members (or their values) as the plain strings a parameter carries."""
    return None if values is None else [str(getattr(v, "value", v)) for v in values]


NAME_SEP = "\n"


def search_fields(node: Node) -> tuple[str, str]:
    """(pinyin, search_text): one line per name; the search text holds the folded
    names and their pinyin, the same keys the SQLite store indexes, each between line
    breaks, so that ``CONTAINS "\\n" + key + "\\n"`` finds a whole name and
    ``CONTAINS "\\n" + key`` a name's start (``cypher.SEARCH_CONTAINS``)."""
    names = node.all_names
    pinyin = list(dict.fromkeys(k for n in names if (k := pinyin_key(n))))
    text = [t for t in dict.fromkeys([*(fold(n) for n in names), *pinyin]) if t]
    return "\n".join(pinyin), NAME_SEP + "".join(t + NAME_SEP for t in text) if text else ""


def undelimited(row: dict[str, Any]) -> bool:
    """Whether a stored row has the search text of a version before its lines were
    delimited (``neo4j_write.delimit_search_text`` rewrites those)."""
    text = row.get("search_text") or ""
    return bool(text) and not (text.startswith(NAME_SEP) and text.endswith(NAME_SEP))


def name_keys(node: Node) -> str:
    """The folded names alone (no pinyin), each between line breaks, so that a name is
    found whole by ``CONTAINS "\\n" + key + "\\n"`` (``cypher.EXACT_NAMES``).

    >>> name_keys(Node("x", NodeType.COMPANY, "华为", names=("ＨＵＡＷＥＩ",)))
    '\\n华为\\nhuawei\\n'
    """
    keys = dict.fromkeys(k for n in node.all_names if (k := fold(n)))
    return NAME_SEP + "".join(k + NAME_SEP for k in keys) if keys else ""


def node_to_row(node: Node) -> dict[str, Any]:
    """A node as a map of Neo4j property values (no nested maps)."""
    pinyin, search_text = search_fields(node)
    return {
        "id": node.id,
        "type": node.type.value,
        "name": node.name,
        # Stored as the SQLite store stores them, so both backends read back alike.
        "names": [n for n in node.names if n and n != node.name],
        "ids": [i for i in node.ids if i != node.id],
        "props": _json(node.props, "props", node.id),
        "provenance": _json([p.to_dict() for p in node.provenance], "provenance", node.id),
        "valid_from": node.valid_from,
        "valid_to": node.valid_to,
        "pinyin": pinyin,
        "search_text": search_text,
        "name_keys": name_keys(node),
    }


def row_to_node(row: dict[str, Any]) -> Node:
    """The inverse of ``node_to_row`` (extra keys such as ``search_text`` ignored)."""
    return Node(
        id=row["id"],
        type=NodeType(row["type"]),
        name=row.get("name") or "",
        names=tuple(row.get("names") or ()),
        ids=tuple(row.get("ids") or ()),
        props=json.loads(row.get("props") or "{}"),
        provenance=tuple(
            Provenance.from_dict(p) for p in json.loads(row.get("provenance") or "[]")
        ),
        valid_from=to_date(row.get("valid_from")),
        valid_to=to_date(row.get("valid_to")),
    )


def fraction_text(f: Fraction) -> str:
    """``"num/den"`` always, so readers never guess the format.

    >>> fraction_text(Fraction(1, 2)), fraction_text(Fraction(1))
    ('1/2', '1/1')
    """
    return f"{f.numerator}/{f.denominator}"


def share_text(share: Share | None) -> str:
    """EdgeArrays.share_exact, as the SQLite store writes it: ``"num/den"`` for an
    exact share, ``"[lo,hi]"`` (``(``/``)`` for open ends) for a range, else ``""``.

    >>> share_text(Share.parse("50%")), share_text(Share.parse("25-50%")), share_text(None)
    ('1/2', '[1/4,1/2]', '')
    """
    if share is None:
        return ""
    if share.is_exact:
        return fraction_text(share.lo)
    lo, hi = fraction_text(share.lo), fraction_text(share.hi)
    return f"{'(' if share.lo_open else '['}{lo},{hi}{')' if share.hi_open else ']'}"


def rel_kind(rel: Rel) -> str:
    """``props["kind"]`` or ``props["basis"]`` as text, for EdgeArrays.kind (``str()``
    of it, as the SQLite store makes it)."""
    return str(rel.props.get("kind") or rel.props.get("basis") or "")


def rel_to_row(rel: Rel) -> dict[str, Any]:
    """A relationship as a flat map; ``type``, ``src`` and ``dst`` are not stored as
    properties (they are the Cypher type and the endpoints) but travel in the row."""
    share = rel.share
    return {
        "id": rel.id,
        "type": rel.type.value,
        "src": rel.src,
        "dst": rel.dst,
        "role": rel.role.value if rel.role else None,
        "start": rel.start,
        "end": rel.end,
        "share": _json(share.to_dict(), "share", rel.id) if share else None,
        # Floats are for coarse filtering only; legal thresholds read ``share``.
        "share_lo": float(share.lo) if share else None,
        "share_hi": float(share.hi) if share else None,
        "share_exact": share_text(share),
        "kind": rel_kind(rel),
        "props": _json(rel.props, "props", rel.id),
        "provenance": _json([p.to_dict() for p in rel.provenance], "provenance", rel.id),
    }


REL_ENDPOINT_KEYS = ("type", "src", "dst")


def rel_write_params(row: dict[str, Any]) -> dict[str, Any]:
    """The UNWIND row for the rel upsert: endpoints apart, stored properties nested."""
    props = {k: v for k, v in row.items() if k not in REL_ENDPOINT_KEYS and v is not None}
    return {"id": row["id"], "src": row["src"], "dst": row["dst"], "props": props}


def row_to_rel(row: dict[str, Any]) -> Rel:
    """The inverse of ``rel_to_row`` (also reads the map the rel queries return)."""
    share = row.get("share")
    return Rel(
        id=row["id"],
        type=RelType(row["type"]),
        src=row["src"],
        dst=row["dst"],
        role=Role(row["role"]) if row.get("role") else None,
        share=Share.from_dict(json.loads(share)) if share else None,
        start=to_date(row.get("start")),
        end=to_date(row.get("end")),
        props=json.loads(row.get("props") or "{}"),
        provenance=tuple(
            Provenance.from_dict(p) for p in json.loads(row.get("provenance") or "[]")
        ),
    )


def float_or_nan(v: Any) -> float:
    return math.nan if v is None else float(v)


def lucene_query(folded: str, pinyin: str | None = None) -> str:
    """A Lucene query for the full-text index: the text as one quoted phrase, or
    every Latin word as a prefix, or the pinyin as a prefix.  Input reaches Lucene
    only inside quotes (``"`` and ``\\`` escaped) or as bare alphanumerics.

    >>> lucene_query('acme "x" (hold')
    '"acme \\\\"x\\\\" (hold" OR (acme* AND x* AND hold*)'
    >>> lucene_query("华为技术", "huaweijishu")
    '"华为技术" OR huaweijishu*'
    """
    phrase = '"' + folded.replace("\\", "\\\\").replace('"', '\\"') + '"'
    parts = [phrase]
    words = ["".join(c for c in w if c.isascii() and c.isalnum()) for w in folded.split()]
    words = [w for w in words if w]
    if words and all(w.isascii() for w in folded.split()):
        parts.append("(" + " AND ".join(f"{w}*" for w in words) + ")")
    if pinyin and pinyin.isascii() and pinyin.isalnum():
        parts.append(f"{pinyin}*")
    return " OR ".join(parts)


# Scores as in the SQLite store: (name as written, its pinyin) per kind of match.
EXACT, PREFIX, SUBSTRING = (0.9, 0.85), (0.7, 0.65), (0.5, 0.45)


def _grade(key: str, query: str) -> tuple[float, float] | None:
    if key == query:
        return EXACT
    if key.startswith(query):
        return PREFIX
    return SUBSTRING if query in key else None


def classify_hit(row: dict[str, Any], keys: list[str]) -> tuple[str, str, float] | None:
    """(matched name, how, score) for the best way a row contains a query key, or
    None when it does not (full-text also returns near misses).

    >>> row = {"name": "华为技术", "names": ["Huawei Tech"]}
    >>> classify_hit(row, ["tech"])
    ('Huawei Tech', 'name', 0.5)
    >>> classify_hit(row, ["huaweiji"])
    ('华为技术', 'pinyin', 0.65)
    >>> classify_hit(row, ["zte"]) is None
    True
    """
    best: tuple[str, str, float] | None = None
    for name in [row.get("name") or "", *(row.get("names") or ())]:
        for kind, key in enumerate((fold(name), pinyin_key(name))):
            if not key:
                continue
            for query in keys:
                grade = _grade(key, query)
                if grade and (best is None or grade[kind] > best[2]):
                    best = (name, "pinyin" if kind else "name", grade[kind])
    return best
