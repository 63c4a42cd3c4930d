"""Entity: identifiers, names, properties with sources, provenance, relationships."""

from __future__ import annotations

import streamlit as st

from graph.errors import CredgraphError
from ui import state
from ui.entity_profile import fact_sources, period, profile

entity_id = state.selected_id()
store = state.get_store()
if entity_id is None:
    st.title("Entity")
    st.info("Pick an entity on the Search page.")
    st.page_link(state.SEARCH_PAGE, label="Search")
    st.stop()
if store is None:
    st.stop()

try:
    prof = profile(store, entity_id)
except CredgraphError as exc:
    st.title("Entity")
    st.error(exc.message)
    st.stop()

node = prof.node
state.keep_in_url(node.id)
st.title(node.name)
st.caption(f"{node.type.value} · {node.id}")
st.page_link(state.NETWORK_PAGE, label="Network around this entity", query_params={"id": node.id})

left, right = st.columns(2)
with left:
    st.subheader("Identifiers")
    for i in node.all_ids:
        st.code(i, language=None)
    if len(node.all_names) > 1:
        st.subheader("Names")
        for n in node.all_names:
            st.text(n)
with right:
    sources = fact_sources(node)
    if sources:
        st.subheader("Properties")
        st.dataframe(
            [
                {"property": k, "value": str(node.props[k]), "sources": ", ".join(v)}
                for k, v in sources.items()
            ],
            hide_index=True,
        )
    if node.provenance:
        st.subheader("Provenance")
        st.dataframe([p.to_dict() for p in node.provenance], hide_index=True)

st.subheader(f"Relationships ({prof.shown} of {prof.total})")
for rel_type, rows in prof.groups.items():
    with st.expander(f"{rel_type} ({len(rows)})", expanded=len(prof.groups) <= 3):
        for row in rows:
            cols = st.columns([1, 5, 4, 2])
            cols[0].text("→" if row.direction == "out" else "←")
            cols[1].page_link(
                state.ENTITY_PAGE,
                label=row.other_name,
                query_params={"id": row.other_id},
                help=row.other_id,
            )
            cols[2].text(row.detail or " ")
            cols[3].caption(", ".join(sorted({p.source for p in row.rel.provenance})))
if period(node.valid_from, node.valid_to):
    st.caption(f"Valid {period(node.valid_from, node.valid_to)}")
