"""Ego networks drawn with vis-network, fully offline and safe against hostile names.

pyvis assembles the nodes and edges; the page is our own template, because
pyvis's templates link bootstrap (and, by default, vis-network) from a CDN.
vis-network's script and stylesheet are inlined from the pyvis package, every
label and title is plain text (vis-network 9 renders string titles with
``innerText``), and the data is JSON with ``<``, ``>`` and ``&`` escaped so a
name cannot close the script element.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyvis  # type: ignore[import-untyped]
from pyvis.network import Network  # type: ignore[import-untyped]

from graph.model import Node, NodeType, Rel, RelType, Role
from graph.store.base import Neighbourhood, Store
from ui.entity_profile import (
    display_name,
    in_force,
    listing_status,
    local_name,
    period,
    resolve_node,
)
from ui.i18n import column, listing_status_text, t, term

VIS_DIR = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"

TYPE_COLOURS: dict[str, str] = {
    NodeType.COMPANY.value: "#7aa6d8",
    NodeType.PERSON.value: "#8fd18f",
    NodeType.AGENCY.value: "#c7c7c7",
    NodeType.LIST.value: "#f2b36b",
    NodeType.MEASURE.value: "#c9a3e0",
}
LISTED_BORDER = "#d62728"
MORE_COLOUR = "#eeeeee"


@dataclass(frozen=True, slots=True)
class Legend:
    label: str
    colour: str


def legend(lang: str | None = None) -> tuple[Legend, ...]:
    """The colour of each node type and of the listed border, in ``lang``."""
    return (
        *(Legend(term(name, lang), c) for name, c in TYPE_COLOURS.items()),
        Legend(t("legend_listed", lang), LISTED_BORDER),
    )


LEGEND: tuple[Legend, ...] = legend("en")


@cache
def _asset(name: str) -> str:
    return (VIS_DIR / name).read_text(encoding="utf-8")


def listed_ids(store: Store, ids: list[str], as_of: date | None) -> set[str]:
    """The ids among ``ids`` with a listing in force on ``as_of`` (default today), told
    by its dates as on the Entity page (``in_force``), not by the status recorded at load."""
    if not ids:
        return set()
    day = as_of or date.today()
    found = store.rels_of_many(ids, direction="out", types=[RelType.LISTED_ON], as_of=day)
    return {nid for nid, (rels, _total) in found.items() if any(in_force(r, day) for r in rels)}


def _node_title(node: Node, listed: bool, lang: str) -> str:
    lines = [local_name(node, node.id, lang), f"{term(node.type.value, lang)} · {node.id}"]
    lines += [i for i in node.ids if i != node.id][:5]
    if listed:
        lines.append(t("node_listed", lang))
    return "\n".join(lines)


def _edge_label(rel: Rel, lang: str = "en") -> str:
    if rel.role is not None:
        return term(rel.role.value, lang)
    if rel.share is not None:
        return rel.share.as_text()
    return rel.type.value.lower()


def _edge_title(rel: Rel, on: date, lang: str = "en") -> str:
    parts = [rel.type.value, _edge_label(rel, lang), period(rel.start, rel.end)]
    status = str(rel.props.get("status") or "")
    if rel.type is RelType.LISTED_ON:
        # Told from the dates on the day drawn: a lapsed sanction recorded "active" at
        # load time is not shown as active.
        told = listing_status(rel, on)
        parts.append(listing_status_text(told, lang))
        if status and status != told:
            parts.append(f"{column('recorded status', lang)}: {term(status, lang)}")
    elif status:
        parts.append(status)
    return " · ".join(dict.fromkeys(p for p in parts if p))


def build_network(
    nb: Neighbourhood, listed: set[str], on: date | None = None, lang: str = "en"
) -> Network:
    """A pyvis network of the ego network, with a "+N more" node for every capped hub;
    listing edges say their status on ``on`` (default today); the interface's words
    (not the data) in ``lang``."""
    day = on or date.today()
    net = Network(directed=True)
    for nid, node in nb.nodes.items():
        is_listed = nid in listed
        net.add_node(
            nid,
            label=local_name(node, nid, lang),
            title=_node_title(node, is_listed, lang),
            shape="dot",
            size=22 if nid == nb.center else 12,
            borderWidth=4 if is_listed else 1,
            color={
                "background": TYPE_COLOURS.get(node.type.value, "#dddddd"),
                "border": LISTED_BORDER if is_listed else "#555555",
            },
        )
    for rel in nb.rels.values():
        if rel.src in nb.nodes and rel.dst in nb.nodes:
            net.add_edge(
                rel.src, rel.dst, label=_edge_label(rel, lang), title=_edge_title(rel, day, lang)
            )
    for nid, (shown, total) in nb.truncated.items():
        if nid not in nb.nodes or total <= shown:
            continue
        more = f"more:{nid}"
        net.add_node(
            more,
            label=t("more_node", lang, n=total - shown),
            title=t("more_title", lang, n=total - shown, name=display_name(nb.nodes[nid], nid)),
            shape="box",
            color=MORE_COLOUR,
            entity="",  # opens nothing
        )
        net.add_edge(nid, more, dashes=True, arrows="")
    return net


def _safe_json(data: Any) -> str:
    # JSON inside <script>: escape the characters that could end the element or open a comment.
    text = json.dumps(data, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


OPTIONS: dict[str, Any] = {
    "physics": {"stabilization": {"iterations": 300}, "barnesHut": {"springLength": 140}},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "font": {"size": 10},
        "smooth": False,
    },
    "nodes": {"font": {"size": 12}},
    "interaction": {"hover": True, "tooltipDelay": 150},
}

_UNSAFE_IN_SCRIPT = re.compile(r"</script|<!--", re.IGNORECASE)


def _inline_js() -> str:
    # "</script" or "<!--" in the library text would change how the HTML parser reads it.
    # Only those two sequences are touched: the library ships none, so its code runs as is.
    return _UNSAFE_IN_SCRIPT.sub(
        lambda m: m.group(0)[0] + "\\" + m.group(0)[1:], _asset("vis-network.min.js")
    )


# Clicking a node opens its entity page in a new tab: the component's sandbox allows
# pop-ups but not navigating the app's own tab.  A node's ``entity`` names the entity it
# stands for (a second drawing of one in the ownership tree); "+N more" nodes open
# nothing.  The link carries the page's as-of date and language (``link_query``).
_TEMPLATE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<style>{css}</style>
<style>html,body{{margin:0;height:100%}}#graph{{width:100%;height:{height}px}}</style>
<script>{js}</script>
</head><body><div id="graph"></div>
<script>
(function () {{
  var data = {{nodes: new vis.DataSet({nodes}), edges: new vis.DataSet({edges})}};
  var network = new vis.Network(document.getElementById("graph"), data, {options});
  window.credgraphNetwork = network;  // for the browser test and the devtools console
  // Freeze the layout once it has settled so the graph stops drifting under the cursor.
  network.once("stabilizationIterationsDone", function () {{
    network.setOptions({{physics: false}});
  }});
  network.on("click", function (params) {{
    var id = params.nodes.length ? String(params.nodes[0]) : "";
    var node = id ? data.nodes.get(id) : null;
    if (node && typeof node.entity === "string") {{ id = node.entity; }}
    if (!id || id.indexOf("more:") === 0) {{ return; }}
    var here;
    try {{ here = window.parent.location; }} catch (e) {{ return; }}
    var base = here.origin + here.pathname.replace(/\\/[^\\/]*$/, "");
    window.open(base + "/{entity_page}?id=" + encodeURIComponent(id) + {link_query},
                "_blank", "noopener");
  }});
}})();
</script></body></html>
"""

# Beyond this many nodes, fewer stabilisation steps keep the first drawing near a second.
LARGE = 200


def options_for(n_nodes: int, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """vis-network options for a graph of ``n_nodes``: shorter stabilisation when large."""
    opts: dict[str, Any] = copy.deepcopy(base or OPTIONS)
    if n_nodes > LARGE and "physics" in opts:
        opts["physics"]["stabilization"] = {"iterations": 120, "updateInterval": 40}
        opts["physics"]["barnesHut"]["gravitationalConstant"] = -4000
    return opts


def render_html(
    net: Network,
    height: int = 640,
    options: dict[str, Any] | None = None,
    entity_page: str = "entity",
    link_params: dict[str, str] | None = None,
) -> str:
    """A self-contained HTML page drawing ``net``; it references no external host.
    A click on a node opens ``entity_page`` with ``link_params`` beside the id."""
    nodes, edges, _heading, _height, _width, _options = net.get_network_data()
    query = "".join(f"&{k}={quote(v, safe='')}" for k, v in (link_params or {}).items())
    return _TEMPLATE.format(
        css=_asset("vis-network.css"),
        js=_inline_js(),
        height=int(height),
        nodes=_safe_json(nodes),
        edges=_safe_json(edges),
        options=_safe_json(options or options_for(len(nodes))),
        entity_page=re.sub(r"[^a-z_-]", "", entity_page),
        link_query=_safe_json(query),
    )


def ego_html(
    store: Store,
    entity_id: str,
    *,
    hops: int = 1,
    cap: int = 25,
    types: Sequence[RelType] | None = None,
    roles: Sequence[Role] | None = None,
    max_nodes: int = 500,
    as_of: date | None = None,
    listed_on: date | None = None,
    height: int = 640,
    lang: str = "en",
    link_params: dict[str, str] | None = None,
) -> tuple[str, Neighbourhood]:
    """The ego network around ``entity_id`` as HTML, and the neighbourhood it draws.

    ``as_of`` drops relationships not in force that day; ``listed_on`` is the day on
    which a node counts as listed (red border).
    """
    # A bare USCC, LEI or register number answers as on every other page.
    center = resolve_node(store, entity_id).id
    nb = store.neighbourhood(
        center, hops=hops, cap=cap, types=types or None, roles=roles or None, as_of=as_of,
        max_nodes=max_nodes,
    )  # fmt: skip
    listed = listed_ids(store, sorted(nb.nodes), listed_on or as_of)
    html = render_html(
        build_network(nb, listed, listed_on or as_of, lang), height, link_params=link_params
    )
    return html, nb
