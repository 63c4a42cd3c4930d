"""Exposure report: every finding about one entity on the as-of date, as CSV and HTML."""

from __future__ import annotations

import streamlit as st

from graph.risk.other_lists import redlist_text, summary_text
from graph.store import store_url
from ui import state
from ui.access import redact_url
from ui.entity_profile import display_name, display_names, resolve_node
from ui.i18n import current_lang, headed, t, term
from ui.markup import md
from ui.report import report_html
from ui.risk_view import (
    ambiguous_text,
    entity_findings,
    finding_row,
    findings_csv,
    measure_rows,
    no_findings_text,
    path_ids,
    table_rows,
)

st.title(t("exposure"))
entity_id = state.require_entity()
store = state.require_store()
day = state.as_of()
heuristics = st.toggle(t("heuristics"), value=True, key="exp_heuristics")
with state.shown_errors():
    node = resolve_node(store, entity_id)
    # The id as asked: the engine says when it names other entities too.
    found = entity_findings(store, entity_id, day, heuristics=heuristics)
    names = display_names(store.get_many(path_ids(found.findings)), current_lang())

name = display_name(node, node.id)
# An id that names several entities stays in the URL, so the page keeps saying so.
state.keep_in_url(str(found.ambiguous["id"]) if found.ambiguous else node.id)
state.entity_link(st, node.id, name)
st.caption(md(f"{term(node.type.value)} · {node.id}"))
state.as_of_caption()
if found.ambiguous:
    st.warning(md(ambiguous_text(found.ambiguous)))
    others = [o for o in found.ambiguous.get("others", ()) if o.get("id")]
    for col, o in zip(st.columns(max(1, min(len(others), 4))), others[:4], strict=False):
        state.entity_link(col, str(o["id"]), str(o.get("name") or ""))
if not found.complete:
    st.warning(t("not_available", what=t("sanctions_exposure"), why="graph.risk.exposure"))
if found.incomplete:
    st.warning(t("incomplete_read", notes=md("; ".join(found.incomplete))))
if found.other_lists:
    st.warning(t("also_listed", lists=md(summary_text(found.other_lists))))
if found.redlists:
    st.info(t("redlisted", lists=md(redlist_text(found.redlists))))
if found.statuses:
    # The CLI's "status: cn=... ofac=..." line: the verdict per regime before the detail.
    st.subheader(t("status_by_regime"))
    st.dataframe(headed([found.statuses]), hide_index=True)
rows = [{"entity": node.id, "entity_name": name, **finding_row(f, names)} for f in found.findings]
if not rows:
    # Not a clean bill when findings may be missing or the id names other entities too.
    clean = not found.incomplete and not found.ambiguous
    (st.success if clean else st.info)(no_findings_text(found, day))
for key, group in (("findings_legal", found.legal), ("findings_heuristic", found.heuristic)):
    if group:
        st.subheader(f"{t(key)} ({len(group)})")
        st.dataframe(table_rows(finding_row(f, names) for f in group), hide_index=True)
measures = measure_rows(found.findings)
if measures:
    st.subheader(t("measures"))
    st.dataframe(headed(measures), hide_index=True)

stem = f"exposure-{node.id.replace(':', '_')}-{day.isoformat()}"
cols = st.columns(2)
cols[0].download_button(
    t("download_csv"), findings_csv(rows), file_name=f"{stem}.csv", mime="text/csv",
    key="exp_csv",
)  # fmt: skip
entity = {"id": node.id, "name": name, "type": node.type.value}
cols[1].download_button(
    t("download_html"),
    report_html(
        entity, day, found.findings, names, store_url=redact_url(store_url(None)),
        statuses=found.statuses, other_lists=found.other_lists, redlists=found.redlists,
        incomplete=found.incomplete, ambiguous=found.ambiguous, lang=current_lang(),
    ),
    file_name=f"{stem}.html", mime="text/html", key="exp_html",
)  # fmt: skip
