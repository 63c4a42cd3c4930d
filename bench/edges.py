"""EdgeArrays straight from the generator, without a store (for ``bench risk`` alone).

The same arrays the SQLite store's ``export_edges`` returns for the same records:
node index = insertion order, shares as float bounds plus the store's exact text
(``graph.store.rows.share_text``), dates as ordinals, roles and kinds as codes.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

import numpy as np

from graph.model import Node, Rel
from graph.store.base import MAX_DAY, NODE_TYPE_ORDER, REL_TYPE_ORDER, ROLE_ORDER, EdgeArrays
from graph.store.rows import rel_kind, share_text

_NAN = float("nan")


def edge_arrays(nodes: Iterable[Node], rels: Iterable[Rel]) -> EdgeArrays:
    """Arrays of every relationship whose endpoints are among ``nodes``."""
    index: dict[str, int] = {}
    ntype = array("b")
    tcode = {t: i for i, t in enumerate(NODE_TYPE_ORDER)}
    rcode = {t: i for i, t in enumerate(REL_TYPE_ORDER)}
    ocode = {t: i for i, t in enumerate(ROLE_ORDER)}
    for n in nodes:
        if n.id not in index:
            index[n.id] = len(index)
            ntype.append(tcode[n.type])
    src, dst = array("q"), array("q")
    rtype, role = array("b"), array("b")
    lo, hi = array("d"), array("d")
    start, end = array("i"), array("i")
    exact: list[str] = []
    ids: list[str] = []
    kind: list[str] = []
    for r in rels:
        s, d = index.get(r.src), index.get(r.dst)
        if s is None or d is None:
            continue
        src.append(s)
        dst.append(d)
        rtype.append(rcode[r.type])
        role.append(ocode[r.role] if r.role else -1)
        sh = r.share
        lo.append(float(sh.lo) if sh else _NAN)
        hi.append(float(sh.hi) if sh else _NAN)
        exact.append(share_text(sh))
        start.append(r.start.toordinal() if r.start else 0)
        end.append(r.end.toordinal() if r.end else MAX_DAY)
        ids.append(r.id)
        kind.append(rel_kind(r))
    return EdgeArrays(
        node_ids=list(index),
        node_types=np.frombuffer(ntype, dtype=np.int8).copy(),
        rel_type=np.frombuffer(rtype, dtype=np.int8).copy(),
        src=np.frombuffer(src, dtype=np.int64).copy(),
        dst=np.frombuffer(dst, dtype=np.int64).copy(),
        share_lo=np.frombuffer(lo, dtype=np.float64).copy(),
        share_hi=np.frombuffer(hi, dtype=np.float64).copy(),
        share_exact=exact,
        start=np.frombuffer(start, dtype=np.int32).copy(),
        end=np.frombuffer(end, dtype=np.int32).copy(),
        role=np.frombuffer(role, dtype=np.int8).copy(),
        rel_ids=ids,
        kind=kind,
    )
