"""Search: names (Chinese, Latin, pinyin) and identifiers, with status and risk badges."""

from __future__ import annotations

import streamlit as st

from graph.model import NodeType
from ui import state
from ui.i18n import t
from ui.search_view import id_hint, search_rows

st.title(t("search"))
store = state.get_store()
text = st.text_input(
    t("search_box"),
    key="search_text",
    placeholder="华为, huawei, hua wei, 91440300192185379H, lei:…",
)
types = st.multiselect(t("types"), [nt.value for nt in NodeType], key="search_types")

if text.strip():
    hint = id_hint(text)
    if hint is not None and not hint.valid:
        key = "invalid_lei" if hint.kind == "lei" else "invalid_uscc"
        st.warning(t(key, code=hint.code, reason=hint.message))
    if store is not None:
        with state.shown_errors():
            rows = search_rows(store, text, state.as_of(), types=[NodeType(x) for x in types])
        if not rows:
            st.info(t("no_match", text=text.strip()))
        else:
            st.caption(t("n_results", n=len(rows)))
        for row in rows:
            cols = st.columns([5, 2, 3, 4])
            cols[0].page_link(
                state.ENTITY_PAGE, label=row.hit.name, query_params={"id": row.hit.id}
            )
            cols[1].text(row.hit.type.value + (f" · {row.status}" if row.status else ""))
            with cols[2]:
                for name in row.listed_now:
                    st.badge(f"{t('badge_listed')}: {name}", color="red")
                for name in row.listed_before:
                    st.badge(f"{t('badge_past')}: {name}", color="orange")
            cols[3].caption(
                f"{row.hit.id} · {t('matched_by', how=row.hit.how, matched=row.hit.matched)}"
            )
