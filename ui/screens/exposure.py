"""Exposure report: every finding about one entity on the as-of date, as CSV and HTML."""

from __future__ import annotations

import streamlit as st

from graph.risk.other_lists import summary_text
from graph.store import store_url
from ui import state
from ui.access import redact_url
from ui.i18n import t
from ui.markup import md
from ui.report import report_html
from ui.risk_view import entity_findings, finding_row, findings_csv, measure_rows, path_ids

st.title(t("exposure"))
entity_id = state.require_entity()
store = state.require_store()
day = state.as_of()
heuristics = st.toggle(t("heuristics"), value=True, key="exp_heuristics")
with state.shown_errors():
    node = store.get(entity_id)
    if node is None:
        st.error(f"no entity with id {entity_id!r}")
        st.stop()
    found = entity_findings(store, node.id, day, heuristics=heuristics)
    names = {k: v.name for k, v in store.get_many(path_ids(found.findings)).items()}

state.keep_in_url(node.id)
st.page_link(state.ENTITY_PAGE, label=node.name, query_params={"id": node.id})
st.caption(md(f"{node.type.value} · {node.id} · {t('as_of')} {day.isoformat()}"))
if not found.complete:
    st.warning(t("not_available", what="sanctions exposure", why="graph.risk.exposure"))
if found.other_lists:
    st.warning(t("also_listed", lists=md(summary_text(found.other_lists))))
rows = [
    {"entity": node.id, "entity_name": node.name, **finding_row(f, names)} for f in found.findings
]
if not rows:
    st.success(t("no_findings", day=day.isoformat()))
for key, group in (("findings_legal", found.legal), ("findings_heuristic", found.heuristic)):
    if group:
        st.subheader(f"{t(key)} ({len(group)})")
        st.dataframe([finding_row(f, names) for f in group], hide_index=True)
measures = measure_rows(found.findings)
if measures:
    st.subheader(t("measures"))
    st.dataframe(measures, hide_index=True)

stem = f"exposure-{node.id.replace(':', '_')}-{day.isoformat()}"
cols = st.columns(2)
cols[0].download_button(
    t("download_csv"), findings_csv(rows), file_name=f"{stem}.csv", mime="text/csv",
    key="exp_csv",
)  # fmt: skip
entity = {"id": node.id, "name": node.name, "type": node.type.value}
cols[1].download_button(
    t("download_html"),
    report_html(entity, day, found.findings, names, store_url=redact_url(store_url(None))),
    file_name=f"{stem}.html", mime="text/html", key="exp_html",
)  # fmt: skip
