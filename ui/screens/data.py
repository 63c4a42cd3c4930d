"""Data: the store, counts by type, the lists loaded, load reports and quarantine."""

from __future__ import annotations

from dataclasses import asdict

import streamlit as st

from graph.store import store_url
from ui import state
from ui.access import redact_url
from ui.data_view import lists_in_graph, quarantine_files, report_files, reports_folder
from ui.i18n import headed, t, tm
from ui.markup import md

st.title(t("data"))
store = state.require_store()
url = store_url(None)
st.subheader(t("store"))
st.code(redact_url(url), language=None)  # a Neo4j URL may carry a password
with state.shown_errors():
    stats = store.stats().to_dict()
    lists = lists_in_graph(store)
st.subheader(t("counts"))
cols = st.columns(2)
for col, key in zip(cols, ("nodes", "relationships"), strict=True):
    col.dataframe(headed({"type": k, "count": v} for k, v in stats[key].items()), hide_index=True)
st.caption(t("totals", nodes=f"{stats['total_nodes']:,}", rels=f"{stats['total_relationships']:,}"))
# Pending "possibly same as" pairs are not relationships between parties: counted apart.
st.caption(t("match_counts", **stats["match_candidates"]))
if lists:
    st.subheader(t("lists_loaded"))
    st.dataframe(headed(asdict(row) for row in lists), hide_index=True)

folder = reports_folder(url)
reports = report_files(folder)
quarantine = quarantine_files(folder)
if not reports and not quarantine:
    st.caption(tm("no_reports", folder=str(folder)))
if reports:
    st.subheader(t("load_reports"))
    for rep in reports:
        with st.expander(md(rep.path.name)):
            if rep.report is None:
                st.error(md(rep.error) if rep.error else t("not_a_report"))
            else:
                st.json(rep.report, expanded=False)
if quarantine:
    st.subheader(t("quarantine"))
    for q in quarantine:
        with st.expander(md(f"{q.path.name} ({q.records})")):
            st.dataframe(headed({"reason": k, "records": v} for k, v in q.reasons.items()),
                         hide_index=True)  # fmt: skip
            st.dataframe(headed(q.sample), hide_index=True)
