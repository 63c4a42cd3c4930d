"""The ownership tree drawn top-down: owners above, subsidiaries below, cycles in red.

Levels are computed on the server (``ui.ownership.Tree.up_level`` and ``down_level``),
so vis-network lays the tree out without physics and a large tree draws at once.
"""

from __future__ import annotations

from typing import Any

from pyvis.network import Network  # type: ignore[import-untyped]

from ui.entity_profile import display_name
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


# A company both above and below the root (a cross-holding cycle through it) is drawn
# twice, once on each side; the copy below gets this prefix and the entity it stands for.
BELOW = "below:"


def build_tree(tree: Tree, listed: set[str], labels: dict[str, str]) -> Network:
    """A pyvis network of ``tree``; ``labels`` gives the words for ultimate and cycle."""
    net = Network(directed=True)
    cyclic = tree.in_cycle

    def below(nid: str) -> str:
        return BELOW + nid if nid in tree.up else nid

    def add(drawn: str, nid: str, level: int, share: str | None) -> None:
        node = tree.nodes.get(nid)
        name = display_name(node, nid)
        notes = [] if share is None else [share]
        if nid in tree.ultimate and level < 0:
            notes.append(labels["ultimate"])
        if nid in cyclic:
            notes.append(labels["cycle"])
        colour = TYPE_COLOURS.get(node.type.value, "#dddddd") if node else "#dddddd"
        net.add_node(
            drawn,
            label=name + ("\n" + " · ".join(notes) if notes else ""),
            title="\n".join([name, nid, *notes]),
            level=level,
            shape="box",
            entity=nid,
            borderWidth=3 if nid in listed or nid == tree.root else 1,
            color={
                "background": colour,
                "border": LISTED_BORDER if nid in listed else "#555555",
            },
        )

    add(tree.root, tree.root, 0, None)
    for nid, level in tree.up_level.items():
        add(nid, nid, level, tree.up_label.get(nid))
    for nid, level in tree.down_level.items():
        add(below(nid), nid, level, tree.down_label.get(nid))
    drawn = [(a, b, s) for a, b, s in tree.upward()]
    drawn += [(a if a == tree.root else below(a), below(b), s) for a, b, s in tree.downward()]
    for a, b, share in drawn:
        in_cycle = a.removeprefix(BELOW) in cyclic and b.removeprefix(BELOW) in cyclic
        net.add_edge(
            a, b, label=share, title=share,
            color=CYCLE_COLOUR if in_cycle else "#777777", dashes=in_cycle,
        )  # fmt: skip
    return net


def tree_html(
    tree: Tree,
    listed: set[str],
    labels: dict[str, str],
    height: int = 640,
    link_params: dict[str, str] | None = None,
) -> str:
    """The tree as a self-contained offline HTML page; a click opens the entity's page
    with ``link_params`` (the as-of date and the language)."""
    return render_html(
        build_tree(tree, listed, labels), height, options=TREE_OPTIONS, link_params=link_params
    )
