"""Entity: identifiers, names, properties with sources, officers, stakes, listings,
findings (legal apart from heuristic) and the measures they bring."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from ui import state
from ui.entity_profile import fact_sources, period, profile
from ui.entity_view import PartyRow, entity_view
from ui.i18n import t
from ui.markup import md
from ui.risk_view import entity_findings, measure_rows, path_ids, path_text

entity_id = state.require_entity()
store = state.require_store()
day = state.as_of()
with state.shown_errors():
    prof = profile(store, entity_id, status_on=day)
    node = prof.node
    view = entity_view(store, node, day, state.owns_on(day), state.share_words())
    found = entity_findings(store, node.id, day)
    names = {k: v.name for k, v in store.get_many(path_ids(found.findings)).items()}

state.keep_in_url(node.id)
st.title(node.name)
status = node.props.get("status")
st.caption(md(f"{node.type.value} · {node.id}" + (f" · {status}" if status else "")))
links = st.columns(3)
links[0].page_link(state.NETWORK_PAGE, label=t("network_link"), query_params={"id": node.id})
links[1].page_link(state.TREE_PAGE, label=t("tree_link"), query_params={"id": node.id})
links[2].page_link(state.EXPOSURE_PAGE, label=t("exposure_link"), query_params={"id": node.id})


def party_rows(rows: list[PartyRow], lookthrough: bool = False) -> None:
    for row in rows:
        cols = st.columns([5, 2, 2, 3, 2] if lookthrough else [5, 3, 3, 2])
        cols[0].page_link(
            state.ENTITY_PAGE, label=row.other_name, query_params={"id": row.other_id},
            help=row.other_id,
        )  # fmt: skip
        cols[1].text(row.detail or " ")
        rest = cols[2:]
        if lookthrough:
            rest[0].text(f"{t('lookthrough')} {row.lookthrough}" if row.lookthrough else " ")
            rest = rest[1:]
        rest[0].text(f"{row.span} ({t('current') if row.current else t('past')})")
        rest[1].caption(md(row.sources))


# A sanctions entry can carry dozens of names and ids; past this many they fold away
# so that the findings stay near the top of the page.
SHOWN = 8


def folded(items: tuple[str, ...], more: str, show: Callable[[str], object]) -> None:
    for x in items[:SHOWN]:
        show(x)
    if len(items) > SHOWN:
        with st.expander(t(more, n=len(items) - SHOWN)):
            for x in items[SHOWN:]:
                show(x)


def show_id(alias: str) -> None:
    st.code(alias, language=None)
    note = prof.id_note(alias)
    if note:
        # The id answers for another entity too: say so where the id is shown.
        st.warning(md(t("shared_id", note=note)))


left, right = st.columns(2)
with left:
    st.subheader(t("identifiers"))
    folded(node.all_ids, "more_ids", show_id)
    if len(node.all_names) > 1:
        st.subheader(t("names"))
        folded(node.all_names, "more_names", st.text)
with right:
    sources = fact_sources(node)
    if sources:
        st.subheader(t("properties"))
        st.dataframe(
            [
                {"property": k, "value": str(node.props[k]), "sources": ", ".join(v)}
                for k, v in sources.items()
            ],
            hide_index=True,
        )
    if node.provenance:
        st.subheader(t("provenance"))
        st.dataframe([p.to_dict() for p in node.provenance], hide_index=True)

if not found.complete:
    st.caption(t("findings_source", what="graph.risk.china"))
if not found.findings:
    st.success(t("no_findings", day=day.isoformat()))
for key, group in (("findings_legal", found.legal), ("findings_heuristic", found.heuristic)):
    if not group:
        continue
    st.subheader(f"{t(key)} ({len(group)})")
    for f in group:
        share = f" · {f.to_dict()['share_percent']}%" if f.share is not None else ""
        with st.expander(md(f"{f.regime} · {f.rule} · {f.status}{share}")):
            st.markdown(md(f.explanation))
            for p in f.paths:
                st.text(path_text(p, names))
            others = [i for i in dict.fromkeys(x for p in f.paths for x in p) if i != node.id]
            for col, other in zip(
                st.columns(max(1, min(len(others), 4))), others[:4], strict=False
            ):
                col.page_link(state.ENTITY_PAGE, label=names.get(other, other),
                              query_params={"id": other})  # fmt: skip
            for x in f.lists:
                st.caption(md(f"{x.list_name} {period(x.start, x.end)} {x.status} {x.source}"))
measures = measure_rows(found.findings)
if measures:
    st.subheader(t("measures"))
    st.dataframe(measures, hide_index=True)

if view.officers:
    st.subheader(t("officers"))
    for role, rows in view.officers.items():
        with st.expander(f"{role} ({len(rows)})", expanded=len(view.officers) <= 3):
            party_rows(rows)
if view.posts:
    st.subheader(t("officers"))
    party_rows(view.posts)
if view.shareholders:
    st.subheader(f"{t('shareholders')} ({len(view.shareholders)})")
    party_rows(view.shareholders, lookthrough=True)
if view.subsidiaries:
    st.subheader(f"{t('subsidiaries')} ({len(view.subsidiaries)})")
    party_rows(view.subsidiaries, lookthrough=True)
if view.listings:
    st.subheader(t("listings"))
    st.dataframe(
        [
            {
                "": t("current") if x.current else t("past"),
                "list": x.list_name,
                "period": x.span,
                "status": x.status,
                "recorded status": x.recorded,
                "reason": x.reason,
                "case": x.case_no,
                "agency": x.agency,
                "sources": x.sources,
            }
            for x in view.listings
        ],
        hide_index=True,
    )

st.subheader(t("relationships", shown=prof.shown, total=prof.total))
for rel_type, rows in prof.groups.items():
    with st.expander(f"{rel_type} ({len(rows)})", expanded=len(prof.groups) <= 3):
        for row in rows:
            cols = st.columns([1, 5, 4, 2])
            cols[0].text("→" if row.direction == "out" else "←")
            cols[1].page_link(
                state.ENTITY_PAGE, label=row.other_name, query_params={"id": row.other_id},
                help=row.other_id,
            )  # fmt: skip
            cols[2].text(row.detail or " ")
            cols[3].caption(md(", ".join(sorted({p.source for p in row.rel.provenance}))))
if period(node.valid_from, node.valid_to):
    st.caption(t("valid", span=period(node.valid_from, node.valid_to)))
