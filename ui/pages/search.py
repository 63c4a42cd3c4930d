"""Search: names (Chinese, Latin, pinyin) and identifiers."""

from __future__ import annotations

import streamlit as st

from graph.model import NodeType
from ui import state
from ui.entity_profile import code_hint

st.title("Search")
store = state.get_store()
text = st.text_input(
    "Name or identifier",
    key="search_text",
    placeholder="华为, huawei, 91440300192185379H, lei:…",
)
types = st.multiselect("Types", [t.value for t in NodeType], key="search_types")

if text.strip():
    hint = code_hint(text)
    if hint is not None and not hint.valid:
        st.warning(f"{hint.code} is not a valid USCC: {hint.message}")
    if store is not None:
        hits = store.search(text.strip(), limit=50, types=[NodeType(t) for t in types] or None)
        if not hits:
            st.info(f"No entity matches {text.strip()!r}.")
        else:
            st.caption(f"{len(hits)} result(s)")
        for hit in hits:
            cols = st.columns([5, 2, 3])
            cols[0].page_link(state.ENTITY_PAGE, label=hit.name, query_params={"id": hit.id})
            cols[1].text(hit.type.value)
            cols[2].text(f"{hit.id} · {hit.how}: {hit.matched}")
