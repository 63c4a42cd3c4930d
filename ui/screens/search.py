"""Search: names (Chinese, Latin, pinyin) and identifiers, with status and risk badges."""

from __future__ import annotations

import streamlit as st

from graph.model import NodeType
from ui import state
from ui.i18n import current_lang, t, term, tm
from ui.markup import md, md_badge
from ui.messages import hint_text
from ui.search_view import PAGE, id_hint, search_rows

LIMIT_KEY = "search_limit"

st.title(t("search"))
store = state.get_store()
text = st.text_input(
    t("search_box"),
    key="search_text",
    placeholder="华为, huawei, hua wei, 91440300192185379H, lei:…",
)
types = st.multiselect(
    t("types"), [nt.value for nt in NodeType], key="search_types", format_func=term,
    placeholder=t("choose"),
)  # fmt: skip

# "Show more" raises the limit for this query; a new query starts again at one page.
query = (text.strip(), tuple(types))
if st.session_state.get(f"{LIMIT_KEY}_for") != query:
    st.session_state[f"{LIMIT_KEY}_for"] = query
    st.session_state[LIMIT_KEY] = PAGE


def _more() -> None:
    st.session_state[LIMIT_KEY] = int(st.session_state.get(LIMIT_KEY, PAGE)) + PAGE


if text.strip():
    hint = id_hint(text)
    if hint is not None and not hint.valid:
        st.warning(hint_text(hint))
    if store is not None:
        limit = int(st.session_state.get(LIMIT_KEY, PAGE))
        with state.shown_errors():
            found = search_rows(
                store, text, state.as_of(), types=[NodeType(x) for x in types], limit=limit,
                lang=current_lang(),
            )  # fmt: skip
        rows = found.rows
        if not rows:
            st.info(tm("no_match", text=text.strip()))
        elif found.more:
            st.caption(t("search_first", n=len(rows)))
        else:
            st.caption(t("n_results", n=len(rows)))
        if rows:
            state.as_of_caption()  # the listing badges hold on that day
        for row in rows:
            cols = st.columns([5, 2, 3, 4])
            state.entity_link(cols[0], row.hit.id, row.name)
            cols[1].text(term(row.hit.type.value) + (f" · {row.status}" if row.status else ""))
            with cols[2]:
                for name in row.listed_now:
                    st.badge(f"{t('badge_listed')}: {md_badge(name)}", color="red")
                for name in row.listed_before:
                    st.badge(f"{t('badge_past')}: {md_badge(name)}", color="orange")
            cols[3].caption(
                md(row.hit.id) + " · "
                + tm("matched_by", how=term(row.hit.how), matched=row.hit.matched)
            )  # fmt: skip
        if found.more:
            st.button(t("search_more", n=PAGE), key="search_more", on_click=_more)
