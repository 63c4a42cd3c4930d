"""Ownership tree: upward to ultimate owners, downward to subsidiaries, cycles marked."""

from __future__ import annotations

from fractions import Fraction

import streamlit as st

from ui import state
from ui.entity_profile import display_name
from ui.i18n import t
from ui.network import listed_ids
from ui.ownership import ownership_tree, percent
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
    listed = listed_ids(store, tree.ids, day)

root = tree.nodes.get(tree.root)
if root is not None:
    state.keep_in_url(root.id)
    state.entity_link(st, root.id, display_name(root, root.id))
state.as_of_caption()
st.caption(t("tree_metric"))
shown_threshold = f"{threshold:g}"
if len(tree.ids) <= 1:
    if tree.hidden:
        st.info(t("tree_hidden_all", n=tree.hidden, p=shown_threshold, day=day.isoformat()))
    else:
        st.info(t("no_owners", day=day.isoformat()))
    st.stop()
if tree.hidden:
    st.caption(t("tree_hidden", n=tree.hidden, p=shown_threshold))
if tree.cycles:
    st.warning(t("cycles_found", n=len(tree.cycles)))
if tree.cut:
    st.info(t("tree_cut", limit=tree.limit, n=f"{tree.cut:,}"))
labels = {"ultimate": t("ultimate"), "cycle": t("cycle")}
st.iframe(tree_html(tree, listed, labels, link_params=state.link_params()), height=660)

# A company in a cross-holding cycle with the root is listed on both sides, each with
# its own share: what it holds of the root, and what the root holds of it.
for key, side, owners in (("owners_up", tree.up, True), ("subs_down", tree.down, False)):
    if not side:
        continue
    st.subheader(f"{t(key)} ({len(side)})")
    for nid in sorted(side, key=lambda n: (-side[n], n)):
        cols = st.columns([5, 2, 3])
        state.entity_link(cols[0], nid, display_name(tree.nodes.get(nid), nid))
        shown = (tree.up_label if owners else tree.down_label).get(nid)
        cols[1].text(shown or percent(side[nid]))
        notes = [t("ultimate")] if owners and nid in tree.ultimate else []
        notes += [t("cycle")] if nid in tree.in_cycle else []
        cols[2].text(", ".join(notes) or " ")
