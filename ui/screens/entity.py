"""Entity: identifiers, names, properties with sources, officers, stakes, listings,
findings (legal apart from heuristic) and the measures they bring."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from graph.risk.evidence import ExposureFinding, ListingRef
from ui import state
from ui.entity_profile import display_names, fact_sources, local_name, period, profile
from ui.entity_view import PartyRow, entity_view
from ui.i18n import current_lang, headed, listing_status_text, t, term
from ui.markup import md
from ui.risk_view import (
    entity_findings,
    fact_text,
    finding_share,
    measure_rows,
    no_findings_text,
    path_ids,
    path_text,
)

entity_id = state.require_entity()
store = state.require_store()
day = state.as_of()
with state.shown_errors():
    prof = profile(store, entity_id, status_on=day)
    node = prof.node
    view = entity_view(store, node, day, state.owns_on(day), state.share_words(), current_lang())
    found = entity_findings(store, node.id, day)
    names = display_names(store.get_many(path_ids(found.findings)), current_lang())

state.keep_in_url(node.id)
st.title(md(local_name(node, node.id, current_lang())))
status = node.props.get("status")
st.caption(md(f"{term(node.type.value)} · {node.id}" + (f" · {status}" if status else "")))
state.as_of_caption()
links = st.columns(3)
links[0].page_link(state.NETWORK_PAGE, label=t("network_link"),
                   query_params=state.link_params(node.id))  # fmt: skip
links[1].page_link(state.TREE_PAGE, label=t("tree_link"), query_params=state.link_params(node.id))
links[2].page_link(state.EXPOSURE_PAGE, label=t("exposure_link"),
                   query_params=state.link_params(node.id))  # fmt: skip


def party_rows(rows: list[PartyRow], lookthrough: bool = False) -> None:
    for row in rows:
        cols = st.columns([5, 2, 2, 3, 2] if lookthrough else [5, 3, 3, 2])
        state.entity_link(cols[0], row.other_id, row.other_name, help=row.other_id)
        cols[1].text(row.detail or " ")
        rest = cols[2:]
        if lookthrough:
            rest[0].text(f"{t('lookthrough')} {row.lookthrough}" if row.lookthrough else " ")
            rest = rest[1:]
        rest[0].text(f"{row.span} ({t('current') if row.current else t('past')})")
        rest[1].caption(md(row.sources))


def list_label(x: ListingRef) -> str:
    return (x.list_name_zh if current_lang() == "zh" else "") or x.list_name or x.list_id


def target(f: ExposureFinding) -> str:
    """Who a finding without lists rests on: the end of each path that is not this
    entity (an owner's path ends here, a China rule's starts here), by name."""
    ends = [e for p in f.paths if p for e in (p[0], p[-1]) if e != node.id]
    return ", ".join(names.get(e, e) for e in dict.fromkeys(ends))


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
            headed(
                {"property": k, "value": str(node.props[k]), "sources": ", ".join(v)}
                for k, v in sources.items()
            ),
            hide_index=True,
        )
    if node.provenance:
        st.subheader(t("provenance"))
        st.dataframe(headed(p.to_dict() for p in node.provenance), hide_index=True)

if not found.complete:
    st.caption(t("findings_source", what="graph.risk.china"))
if found.incomplete:
    st.warning(t("incomplete_read", notes=md("; ".join(found.incomplete))))
if not found.findings:
    (st.info if found.incomplete else st.success)(no_findings_text(found, day))
for key, group in (("findings_legal", found.legal), ("findings_heuristic", found.heuristic)):
    if not group:
        continue
    st.subheader(f"{t(key)} ({len(group)})")
    for f in group:
        # Two findings of one rule differ by the list or the party they rest on.
        share = f" · {finding_share(f)}" if f.share is not None else ""
        on = ", ".join(dict.fromkeys(list_label(x) for x in f.lists)) or target(f)
        label = " · ".join(x for x in (f.regime, f.rule, f.status + share, on) if x)
        with st.expander(md(label)):
            st.markdown(md(f.explanation))
            if f.issue:
                st.markdown(f"**{md(t('finding_issue', issue=f.issue))}**")
            for p in f.paths:
                st.text(path_text(p, names))
            others = [i for i in dict.fromkeys(x for p in f.paths for x in p) if i != node.id]
            for col, other in zip(
                st.columns(max(1, min(len(others), 4))), others[:4], strict=False
            ):
                state.entity_link(col, other, names.get(other, other))
            for x in f.lists:
                where = f"{x.source} {x.record_id}"
                told = term(x.status)
                st.caption(md(f"{list_label(x)} {period(x.start, x.end)} {told} {where}"))
            for x in f.facts:
                st.caption(md(fact_text(x)))
            st.caption(md(f"{term(f.basis)} · {t('finding_confidence', c=term(f.confidence))}"))
measures = measure_rows(found.findings)
if measures:
    st.subheader(t("measures"))
    st.dataframe(headed(measures), hide_index=True)

if view.officers:
    st.subheader(t("officers"))
    for role, rows in view.officers.items():
        with st.expander(f"{term(role)} ({len(rows)})", expanded=len(view.officers) <= 3):
            party_rows(rows)
if view.posts:
    st.subheader(f"{t('positions')} ({len(view.posts)})")
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
        headed(
            {
                "": t("current") if x.current else t("past"),
                "list": x.list_name,
                "period": x.span,
                "status": listing_status_text(x.status),
                "recorded status": term(x.recorded),
                "reason": x.reason,
                "case": x.case_no,
                "agency": x.agency,
                "sources": x.sources,
            }
            for x in view.listings
        ),
        hide_index=True,
    )

st.subheader(t("relationships", shown=prof.shown, total=prof.total))
for rel_type, rows in prof.groups.items():
    with st.expander(f"{rel_type} ({len(rows)})", expanded=len(prof.groups) <= 3):
        for row in rows:
            cols = st.columns([1, 5, 4, 2])
            cols[0].text("→" if row.direction == "out" else "←")
            state.entity_link(cols[1], row.other_id, row.other_name, help=row.other_id)
            cols[2].text(row.detail or " ")
            cols[3].caption(md(", ".join(sorted({p.source for p in row.rel.provenance}))))
if period(node.valid_from, node.valid_to):
    st.caption(t("valid", span=period(node.valid_from, node.valid_to)))
