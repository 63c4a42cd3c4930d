"""Ownership tree: upward to ultimate owners, downward to subsidiaries, cycles marked."""

from __future__ import annotations

from fractions import Fraction

import streamlit as st

from ui import state
from ui.i18n import t
from ui.network import listed_ids
from ui.ownership import ownership_tree
from ui.tree import tree_html

st.title(t("tree"))
entity_id = state.require_entity()
store = state.require_store()
day = state.as_of()
threshold = st.number_input(t("threshold"), 0.0, 100.0, 0.0, step=5.0, key="tree_threshold")
with state.shown_errors():
    # The threshold only trims the drawing; the shares themselves are computed exactly.
    tree = ownership_tree(
        store, state.owns_on(day), entity_id, day,
        threshold=Fraction(str(threshold)) / 100, words=state.share_words(),
    )  # fmt: skip
    listed = listed_ids(store, sorted(tree.level), day)

root = tree.nodes.get(tree.root)
if root is not None:
    state.keep_in_url(root.id)
    st.page_link(state.ENTITY_PAGE, label=root.name, query_params={"id": root.id})
st.caption(t("tree_metric"))
if len(tree.level) <= 1:
    st.info(t("no_owners", day=day.isoformat()))
    st.stop()
if tree.cycles:
    st.warning(t("cycles_found", n=len(tree.cycles)))
labels = {"ultimate": t("ultimate"), "cycle": t("cycle")}
st.iframe(tree_html(tree, listed, labels), height=660)

for key, sign in (("owners_up", -1), ("subs_down", 1)):
    ids = sorted(
        (n for n, lv in tree.level.items() if lv * sign > 0),
        key=lambda n: (-tree.share.get(n, 0.0), n),
    )
    if not ids:
        continue
    st.subheader(f"{t(key)} ({len(ids)})")
    for nid in ids:
        cols = st.columns([5, 2, 3])
        node = tree.nodes.get(nid)
        cols[0].page_link(
            state.ENTITY_PAGE, label=node.name if node else nid, query_params={"id": nid}
        )
        cols[1].text(tree.label.get(nid, " "))
        notes = [t("ultimate")] if nid in tree.ultimate else []
        notes += [t("cycle")] if nid in tree.in_cycle else []
        cols[2].text(", ".join(notes) or " ")
