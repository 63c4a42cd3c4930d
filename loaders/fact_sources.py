"""Per-fact sources: which dataset gave each property, name and identifier of a node.

The pipeline stamps every node a reader yields with ``props["_sources"]`` before it
is written; the stores merge that map by union when a second source loads the same
entity, so after two loads each fact names the source(s) that gave it.  Keys are
property names, ``name:<text>`` for each name and ``id:<id>`` for each identifier.
A node whose reader already recorded its own ``_sources`` is left alone.

>>> from graph.model import Node, NodeType, Provenance
>>> n = Node("uscc:X", NodeType.COMPANY, "甲", props={"country": "cn"},
...          provenance=(Provenance("registry", "r1"),))
>>> stamped(n).props["_sources"]
{'country': ['registry'], 'name:甲': ['registry'], 'id:uscc:X': ['registry']}
"""

from __future__ import annotations

from graph.model import Node

SOURCES_KEY = "_sources"


def stamped(node: Node) -> Node:
    """``node`` with its provenance sources recorded against each fact in its props.

    In place, for speed (a copy cost more than the rest of a node's write path).
    Shared records (the catalog's cached lists) are safe: a node is stamped from its
    own provenance, so stamping it again gives the same map.
    """
    props = node.props
    prov = node.provenance
    if not prov or SOURCES_KEY in props:
        return node
    srcs = [prov[0].source] if len(prov) == 1 else sorted({p.source for p in prov})
    # Hot path (every node of every load): plain loops over the raw fields.
    facts: dict[str, list[str]] = dict.fromkeys(props, srcs)
    if node.name:
        facts["name:" + node.name] = srcs
    for name in node.names:
        if name:
            facts["name:" + name] = srcs
    facts["id:" + node.id] = srcs
    for i in node.ids:
        facts["id:" + i] = srcs
    props[SOURCES_KEY] = facts
    return node
