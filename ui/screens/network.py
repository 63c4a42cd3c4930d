"""Network: the ego network around the selected entity, 1-3 hops, filtered, hubs capped."""

from __future__ import annotations

import streamlit as st

from graph.model import RelType, Role
from ui import state
from ui.entity_profile import display_name
from ui.i18n import current_lang, t, term, tm
from ui.network import ego_html, legend

st.title(t("network"))
entity_id = state.require_entity()
store = state.require_store()

cols = st.columns(3)
hops = cols[0].slider(t("hops"), 1, 3, 1, key="net_hops")
cap = cols[1].slider(t("cap"), 5, 100, 25, key="net_cap", help=t("cap_help"))
only_current = cols[2].toggle(t("only_current"), value=True, key="net_current")
cols = st.columns(2)
types = cols[0].multiselect(
    t("rel_types"), [x.value for x in RelType], key="net_types", placeholder=t("choose")
)
roles = cols[1].multiselect(
    t("roles"), [x.value for x in Role], key="net_roles", placeholder=t("choose"),
    format_func=term, help=t("roles_help"),
)  # fmt: skip
day = state.as_of()
with state.shown_errors():
    html, nb = ego_html(
        store, entity_id, hops=hops, cap=cap,
        types=[RelType(x) for x in types], roles=[Role(x) for x in roles],
        as_of=day if only_current else None, listed_on=day,
        lang=current_lang(), link_params=state.link_params(),
    )  # fmt: skip

center = nb.nodes.get(nb.center)
if center is not None:
    state.keep_in_url(center.id)
    state.entity_link(
        st, center.id, f"{display_name(center, center.id)} ({term(center.type.value)})"
    )
state.as_of_caption()
if roles:
    # The store keeps only links carrying one of the roles: officer links alone.
    st.info(t("roles_help"))
# What is drawn is capped per node; the totals per type are of the expanded nodes' links.
counts = " · ".join(f"{k} {v}" for k, v in sorted(nb.counts.items()))
st.caption(
    t("net_counts", nodes=len(nb.nodes), rels=len(nb.rels))
    + (" " + tm("net_totals", counts=counts) if counts else "")
)
st.iframe(html, height=660)
# The legend is our own constant text, so HTML is safe here (never for data).
st.markdown(
    " ".join(
        f'<span style="color:{item.colour}">&#9632;</span> {item.label} &nbsp;'
        for item in legend(current_lang())
    ),
    unsafe_allow_html=True,
)
st.caption(t("click_hint"))
others = {n.id: n for n in sorted(nb.nodes.values(), key=lambda n: n.name) if n.id != nb.center}
if others:
    pick = st.selectbox(
        t("open_node"), list(others), index=None, key="net_pick", placeholder=t("choose_one"),
        format_func=lambda i: f"{display_name(others[i], i)} · {term(others[i].type.value)} · {i}",
    )  # fmt: skip
    if pick is not None:
        state.entity_link(st, pick, display_name(others[pick], pick))
