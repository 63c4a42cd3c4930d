"""Conversions between model records and SQLite rows (merge rules: ``graph.store.merge``)."""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from typing import Any

from graph.model import Node, NodeType, Provenance, Rel, RelType, Role
from graph.share import Share
from graph.store.base import MAX_DAY
from graph.store.jsontext import encode

NODE_COLS = "n.id, n.type, n.name, n.names, n.ids, n.props, n.provenance, n.valid_from, n.valid_to"
REL_COLS = (
    "r.id, r.type, s.id, d.id, r.role, r.share_lo_x, r.share_hi_x, r.lo_open, r.hi_open, "
    "r.start, r.end, r.props, r.provenance"
)
REL_JOIN = "JOIN nodes s ON s.rid = r.src JOIN nodes d ON d.rid = r.dst"
NODE_FIELDS = (
    "id",
    "type",
    "name",
    "names",
    "ids",
    "props",
    "provenance",
    "valid_from",
    "valid_to",
)
REL_FIELDS = (
    "id", "type", "role", "share_lo", "share_hi", "share_lo_x", "share_hi_x", "lo_open",
    "hi_open", "start", "end", "kind", "props", "provenance", "src", "dst",
)  # fmt: skip

# Enum member -> its plain value: sqlite3 binds a str subclass only after a failed
# adapter lookup (0.6 us a value, measured), and ``.value`` is a Python descriptor.
_VALUE: dict[str, str] = {m: m.value for e in (NodeType, RelType, Role) for m in e}


# "x IN (a list)" with the list bound as one JSON parameter: any length, one statement.
IN_JSON = "(SELECT value FROM json_each(?))"


_str = json.encoder.encode_basestring
_DAY_JSON: dict[date, str] = {}


def dumps(v: Any) -> str:
    if not v and isinstance(v, dict | list | tuple):
        return "{}" if isinstance(v, dict) else "[]"
    return str(encode(v))  # the encoding both stores share (``graph.store.jsontext``)


def _day_json(d: date | None) -> str:
    if d is None:
        return "null"
    try:
        return _DAY_JSON[d]
    except KeyError:
        s = _DAY_JSON[d] = f'"{d.isoformat()}"'
        return s


def provenance_json(ps: tuple[Provenance, ...]) -> str:
    """The same JSON as ``dumps([p.to_dict() for p in ps])``, written directly (hot path)."""
    if not ps:
        return "[]"
    parts = [
        f'{{"source":{_str(p.source)},"record_id":{_str(p.record_id)},'
        f'"first_seen":{_day_json(p.first_seen)},"last_seen":{_day_json(p.last_seen)}}}'
        for p in ps
    ]
    return "[" + ",".join(parts) + "]"


def frac_text(f: Fraction) -> str:
    return f"{f.numerator}/{f.denominator}"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _day(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def node_fields(n: Node) -> tuple[Any, ...]:
    """Column values in ``NODE_FIELDS`` order (the rid is appended by the writer)."""
    names = [x for x in n.names if x and x != n.name] if n.names else None
    ids = [x for x in n.ids if x != n.id] if n.ids else None
    return (
        n.id,
        _VALUE[n.type],
        n.name,
        dumps(names) if names else "[]",
        dumps(ids) if ids else "[]",
        dumps(n.props) if n.props else "{}",
        provenance_json(n.provenance),
        _iso(n.valid_from),
        _iso(n.valid_to),
    )


def row_to_node(row: tuple[Any, ...]) -> Node:
    return Node(
        id=row[0],
        type=NodeType(row[1]),
        name=row[2],
        names=tuple(json.loads(row[3])),
        ids=tuple(json.loads(row[4])),
        props=json.loads(row[5]),
        provenance=tuple(Provenance.from_dict(p) for p in json.loads(row[6])),
        valid_from=_day(row[7]),
        valid_to=_day(row[8]),
    )


# Share columns by share object: loaders and the demo reuse one Share per value, and
# Fraction arithmetic was a fifth of the relationship row cost.  The share is kept in
# the value so that an id is never reused for another object while cached.
_SHARE_COLS: dict[int, tuple[Share, tuple[Any, ...]]] = {}
_NO_SHARE: tuple[Any, ...] = (None, None, None, None, 0, 0)
_SHARE_CACHE_LIMIT = 100_000


def _share_cols(s: Share) -> tuple[Any, ...]:
    hit = _SHARE_COLS.get(id(s))
    if hit is not None and hit[0] is s:
        return hit[1]
    cols = (
        float(s.lo),
        float(s.hi),
        frac_text(s.lo),
        frac_text(s.hi),
        int(s.lo_open),
        int(s.hi_open),
    )
    if len(_SHARE_COLS) >= _SHARE_CACHE_LIMIT:
        _SHARE_COLS.clear()
    _SHARE_COLS[id(s)] = (s, cols)
    return cols


def rel_fields(r: Rel) -> tuple[Any, ...]:
    """Column values in ``REL_FIELDS`` order, without the resolved ``src, dst`` (appended last)."""
    s = r.share
    props = r.props
    if props:
        kind = str(props.get("kind") or props.get("basis") or "")
        props_json = dumps(props)
    else:
        kind, props_json = "", "{}"
    return (
        r.id,
        _VALUE[r.type],
        _VALUE[r.role] if r.role is not None else None,
        *(_share_cols(s) if s is not None else _NO_SHARE),
        r.start.toordinal() if r.start else 0,
        r.end.toordinal() if r.end else MAX_DAY,
        kind,
        props_json,
        provenance_json(r.provenance),
    )


def row_to_rel(row: tuple[Any, ...]) -> Rel:
    share = (
        Share(Fraction(row[5]), Fraction(row[6]), bool(row[7]), bool(row[8]))
        if row[5] is not None
        else None
    )
    return Rel(
        id=row[0],
        type=RelType(row[1]),
        src=row[2],
        dst=row[3],
        role=Role(row[4]) if row[4] else None,
        share=share,
        start=date.fromordinal(row[9]) if row[9] else None,
        end=date.fromordinal(row[10]) if row[10] != MAX_DAY else None,
        props=json.loads(row[11]),
        provenance=tuple(Provenance.from_dict(p) for p in json.loads(row[12])),
    )
