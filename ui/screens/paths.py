"""Paths: the shortest links between two entities, each with its evidence."""

from __future__ import annotations

import streamlit as st

from graph.model import RelType
from ui import state
from ui.i18n import t
from ui.markup import md
from ui.paths_view import arrow, evidence, path_views, resolve_party

st.title(t("paths"))
store = state.require_store()
cols = st.columns(2)
start = cols[0].text_input(t("from"), value=state.selected_id() or "", key="path_from")
end = cols[1].text_input(t("to"), key="path_to")
cols = st.columns(4)
max_hops = cols[0].slider(t("max_hops"), 1, 8, 4, key="path_hops")
types = cols[1].multiselect(
    t("rel_types"), [x.value for x in RelType], key="path_types", help=t("path_types_help")
)
current = cols[2].toggle(t("paths_as_of"), value=True, key="path_current")
candidates = cols[3].toggle(
    t("path_candidates"), value=False, key="path_candidates", help=t("path_candidates_help")
)
if not (start.strip() and end.strip()):
    st.stop()

day = state.as_of()
with state.shown_errors():
    a, b = resolve_party(store, start), resolve_party(store, end)
    paths = path_views(
        store, a.id, b.id, max_hops=max_hops, types=[RelType(x) for x in types],
        as_of=day if current else None, candidates=candidates,
    )  # fmt: skip
state.as_of_caption()
# Links keep the as-of date and the language; names are shown as written (never Markdown).
cols = st.columns(2)
state.entity_link(cols[0], a.id, a.name)
state.entity_link(cols[1], b.id, b.name)
if not paths:
    st.info(t("no_paths", n=max_hops))
for i, p in enumerate(paths, start=1):
    st.subheader(t("path_n", i=i, hops=len(p.steps)))
    st.text(" — ".join(n.name for n in p.nodes))
    for step in p.steps:
        first = next(n for n in p.nodes if n.id == step.a)
        for k, rel_row in enumerate(step.rows):
            # Wide enough for "→ LISTED_ON" on one line (it wrapped as "LISTED_O / N").
            row = st.columns([4, 2, 3, 3])
            if k == 0:
                state.entity_link(row[0], first.id, first.name)
            else:  # another relationship between the same two parties
                row[0].caption(t("path_parallel"))
            row[1].text(f"{arrow(rel_row)} {rel_row.rel.type.value}")
            row[2].text(rel_row.detail or " ")
            row[3].caption(md(evidence(rel_row)))
    last = p.nodes[-1]
    state.entity_link(st, last.id, last.name)
