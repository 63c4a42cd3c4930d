"""The ownership tree drawn top-down: owners above, subsidiaries below, cycles in red.

Levels are computed on the server (``ui.ownership.Tree.level``), so vis-network lays
the tree out without physics and a large tree draws at once.
"""

from __future__ import annotations

from typing import Any

from pyvis.network import Network  # type: ignore[import-untyped]

from ui.network import LISTED_BORDER, TYPE_COLOURS, render_html
from ui.ownership import Tree

CYCLE_COLOUR = "#d62728"

TREE_OPTIONS: dict[str, Any] = {
    "layout": {
        "hierarchical": {
            "enabled": True,
            "direction": "UD",
            "sortMethod": "directed",
            "levelSeparation": 110,
            "nodeSpacing": 160,
        }
    },
    "physics": {"enabled": False},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "font": {"size": 10},
        "smooth": {"type": "cubicBezier", "forceDirection": "vertical"},
    },
    "nodes": {"font": {"size": 12}},
    "interaction": {"hover": True, "tooltipDelay": 150},
}


def build_tree(tree: Tree, listed: set[str], labels: dict[str, str]) -> Network:
    """A pyvis network of ``tree``; ``labels`` gives the words for ultimate and cycle."""
    net = Network(directed=True)
    cyclic = tree.in_cycle
    for nid, level in tree.level.items():
        node = tree.nodes.get(nid)
        name = node.name if node else nid
        notes = []
        if nid in tree.label and nid != tree.root:
            notes.append(tree.label[nid])
        if nid in tree.ultimate:
            notes.append(labels["ultimate"])
        if nid in cyclic:
            notes.append(labels["cycle"])
        colour = TYPE_COLOURS.get(node.type.value, "#dddddd") if node else "#dddddd"
        net.add_node(
            nid,
            label=name + ("\n" + " · ".join(notes) if notes else ""),
            title="\n".join([name, nid, *notes]),
            level=level,
            shape="box",
            borderWidth=3 if nid in listed or nid == tree.root else 1,
            color={
                "background": colour,
                "border": LISTED_BORDER if nid in listed else "#555555",
            },
        )
    for a, b, share in tree.edges:
        in_cycle = a in cyclic and b in cyclic
        net.add_edge(
            a, b, label=share, title=share,
            color=CYCLE_COLOUR if in_cycle else "#777777", dashes=in_cycle,
        )  # fmt: skip
    return net


def tree_html(tree: Tree, listed: set[str], labels: dict[str, str], height: int = 640) -> str:
    """The tree as a self-contained offline HTML page."""
    return render_html(build_tree(tree, listed, labels), height, options=TREE_OPTIONS)
