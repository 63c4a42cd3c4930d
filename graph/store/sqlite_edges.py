"""SQL fragments for reading relationships: the filter clause (types, roles, as_of)
and the per-node edge selection that ``rels_of``, ``rels_of_many`` and the ego network
share.  Values always go in as parameters; only fixed text is put in the SQL.

>>> from datetime import date
>>> rel_filters([RelType.OWNS], None, date(2024, 1, 1))
(' AND r.type IN (SELECT value FROM json_each(?)) AND r.start <= ? AND r.end > ?', ['["OWNS"]', 738886, 738886])
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import Any

from graph.errors import InvalidInput
from graph.model import RelType, Role
from graph.store.sqlite_rows import IN_JSON, dumps

DIRECTIONS = ("out", "in", "both")


def rel_filters(
    types: Sequence[RelType] | None,
    roles: Sequence[Role] | None,
    as_of: date | None,
    min_share: Fraction | None = None,
) -> tuple[str, list[Any]]:
    """`` AND ...`` conditions on ``rels r`` and their parameters."""
    sql: list[str] = []
    params: list[Any] = []
    if types is not None:
        sql.append(f"r.type IN {IN_JSON}")
        params.append(dumps([RelType(t).value for t in types]))
    if roles is not None:
        sql.append(f"r.role IN {IN_JSON}")
        params.append(dumps([Role(x).value for x in roles]))
    if as_of is not None:
        sql.append("r.start <= ? AND r.end > ?")
        params += [as_of.toordinal(), as_of.toordinal()]
    if min_share is not None:
        # float() rounds correctly, so it keeps order: a share whose exact upper bound
        # reaches min_share is never left out (one just under it may stay in).
        sql.append("r.share_hi >= ?")
        params.append(float(min_share))
    return "".join(f" AND {s}" for s in sql), params


def edges_sql(
    direction: str,
    types: Sequence[RelType] | None,
    roles: Sequence[Role] | None,
    as_of: date | None,
    min_share: Fraction | None = None,
) -> tuple[str, list[Any]]:
    """SELECT (node, rel rid, type, id) for the rels touching each node of a CTE ``f(n)``."""
    if direction not in DIRECTIONS:
        raise InvalidInput(
            f"direction must be one of {', '.join(DIRECTIONS)}, not {direction!r}",
            direction=direction,
        )
    where, params = rel_filters(types, roles, as_of, min_share)
    parts: list[str] = []
    out: list[Any] = []
    if direction in ("out", "both"):
        parts.append(
            f"SELECT f.n, r.rid, r.type, r.id FROM f JOIN rels r ON r.src = f.n WHERE 1{where}"
        )
        out += params
    if direction in ("in", "both"):
        loop = " AND r.src != r.dst" if direction == "both" else ""
        parts.append(
            f"SELECT f.n, r.rid, r.type, r.id FROM f JOIN rels r ON r.dst = f.n WHERE 1{loop}{where}"
        )
        out += params
    return " UNION ALL ".join(parts), out
