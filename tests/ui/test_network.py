"""The network HTML is offline and cannot be broken out of by a hostile name."""

from __future__ import annotations

import json
import re
from datetime import date

from graph.model import Node, NodeType, Rel, RelType, Role
from graph.share import Share
from graph.store.base import Neighbourhood
from ui.network import LISTED_BORDER, build_network, render_html

EVIL = "<script>alert(1)</script>"


def _neighbourhood() -> Neighbourhood:
    company = Node(id="uscc:91440300192185379H", type=NodeType.COMPANY, name=EVIL)
    person = Node(id="person:p1", type=NodeType.PERSON, name='张三 "</script><img src=x>')
    owner = Node(id="uscc:914403001922038216", type=NodeType.COMPANY, name="华为")
    nb = Neighbourhood(center=company.id)
    nb.nodes = {n.id: n for n in (company, person, owner)}
    nb.rels = {
        "r1": Rel(id="r1", type=RelType.OFFICER_OF, src=person.id, dst=company.id,
                  role=Role.LEGAL_REPRESENTATIVE, start=date(2020, 1, 1)),
        "r2": Rel(id="r2", type=RelType.OWNS, src=owner.id, dst=company.id,
                  share=Share.parse("50.5")),
    }  # fmt: skip
    nb.truncated = {owner.id: (1, 41)}
    return nb


def _data(html: str, name: str) -> list[dict[str, object]]:
    m = re.search(name + r": new vis\.DataSet\((\[.*?\])\)", html)
    assert m, f"no {name} data in the page"
    data: list[dict[str, object]] = json.loads(m.group(1))
    return data


def test_html_references_no_external_host() -> None:
    html = render_html(build_network(_neighbourhood(), listed=set()))
    assert re.search(r"<script[^>]*\bsrc\s*=", html, re.I) is None
    assert re.search(r"<link[^>]*\bhref\s*=\s*[\"']?https?:", html, re.I) is None
    assert re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I) is None
    assert "new vis.Network" in html and "vis-network" in html.lower()


def test_hostile_names_appear_only_escaped() -> None:
    html = render_html(build_network(_neighbourhood(), listed=set()))
    assert EVIL not in html
    assert "<img src=x>" not in html
    # Only our two script elements close: vis-network inline and the drawing code.
    assert html.lower().count("</script") == 2
    labels = {n["id"]: n["label"] for n in _data(html, "nodes")}
    assert labels["uscc:91440300192185379H"] == EVIL
    assert labels["person:p1"].startswith("张三")


def test_edges_carry_role_or_share_and_hubs_get_a_more_node() -> None:
    html = render_html(build_network(_neighbourhood(), listed=set()))
    edges = {(e["from"], e["to"]): e for e in _data(html, "edges")}
    assert edges[("person:p1", "uscc:91440300192185379H")]["label"] == "legal_representative"
    assert edges[("uscc:914403001922038216", "uscc:91440300192185379H")]["label"] == "50.5%"
    nodes = {n["id"]: n for n in _data(html, "nodes")}
    assert nodes["more:uscc:914403001922038216"]["label"] == "+40 more"
    assert ("uscc:914403001922038216", "more:uscc:914403001922038216") in edges


def test_listed_nodes_get_the_listed_border_and_types_differ_in_colour() -> None:
    nb = _neighbourhood()
    html = render_html(build_network(nb, listed={"person:p1"}))
    nodes = {n["id"]: n for n in _data(html, "nodes")}
    assert nodes["person:p1"]["color"]["border"] == LISTED_BORDER
    assert nodes["uscc:914403001922038216"]["color"]["border"] != LISTED_BORDER
    assert (
        nodes["person:p1"]["color"]["background"]
        != nodes["uscc:914403001922038216"]["color"]["background"]
    )


def test_physics_stops_after_stabilisation() -> None:
    html = render_html(build_network(_neighbourhood(), listed=set()))
    assert re.search(r'once\("stabilizationIterationsDone".*physics: false', html, re.S)


def test_a_lapsed_listing_edge_says_ended_on_the_day_drawn() -> None:
    nb = _neighbourhood()
    lst = Node(id="list:FTM_UA_NSDC_SANCTIONS", type=NodeType.LIST, name="NSDC")
    nb.nodes[lst.id] = lst
    nb.rels["r3"] = Rel(id="r3", type=RelType.LISTED_ON, src="uscc:91440300192185379H",
                        dst=lst.id, start=date(2021, 10, 30), end=date(2024, 10, 30),
                        props={"status": "active"})  # fmt: skip

    def title(day: date) -> object:
        edges = _data(render_html(build_network(nb, set(), on=day)), "edges")
        (edge,) = [e for e in edges if e["to"] == lst.id]
        return edge["title"]

    assert title(date(2026, 12, 3)) == (
        "LISTED_ON · listed_on · 2021-10-30..2024-10-30 · ended 2024-10-30"
        " · recorded status: active"
    )
    assert title(date(2022, 1, 1)) == "LISTED_ON · listed_on · 2021-10-30..2024-10-30 · active"
