"""Network: the ego network around the selected entity, 1-3 hops, hubs capped."""

from __future__ import annotations

import streamlit as st

from graph.errors import CredgraphError
from ui import state
from ui.network import LEGEND, ego_html

st.title("Network")
entity_id = state.selected_id()
store = state.get_store()
if entity_id is None:
    st.info("Pick an entity on the Search page.")
    st.page_link(state.SEARCH_PAGE, label="Search")
    st.stop()
if store is None:
    st.stop()

cols = st.columns(3)
hops = cols[0].slider("Hops", 1, 3, 1, key="net_hops")
cap = cols[1].slider(
    "Links drawn per node",
    5,
    100,
    25,
    key="net_cap",
    help='Beyond this a hub gets a "+N more" node.',
)
only_current = cols[2].toggle(
    "Only links in force on the as-of date", value=False, key="net_current"
)
try:
    html, nb = ego_html(
        store, entity_id, hops=hops, cap=cap,
        as_of=state.as_of() if only_current else None, listed_on=state.as_of(),
    )  # fmt: skip
except CredgraphError as exc:
    st.error(exc.message)
    st.stop()

center = nb.nodes.get(nb.center)
if center is not None:
    state.keep_in_url(center.id)
    st.page_link(
        state.ENTITY_PAGE,
        label=f"{center.name} ({center.type.value})",
        query_params={"id": center.id},
    )
st.caption(
    f"{len(nb.nodes)} nodes, {len(nb.rels)} relationships; "
    + " · ".join(f"{k} {v}" for k, v in sorted(nb.counts.items()))
)
if hasattr(st, "iframe"):
    st.iframe(html, height=660)
else:  # Streamlit before st.iframe (removed components.v1.html after 2026-06)
    import streamlit.components.v1 as components

    components.html(html, height=660, scrolling=False)
# The legend is our own constant text, so HTML is safe here (never for data).
st.markdown(
    " ".join(
        f'<span style="color:{item.colour}">&#9632;</span> {item.label} &nbsp;' for item in LEGEND
    ),
    unsafe_allow_html=True,
)
