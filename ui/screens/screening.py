"""Screening: a portfolio file matched to entities, exposure per row, monitoring diff."""

from __future__ import annotations

import hashlib

import streamlit as st

from ui import state
from ui.i18n import headed, t
from ui.markup import md
from ui.risk_view import screening_api, table_rows

RESULT_KEY = "screen_result"

st.title(t("screening"))
if screening_api() is None:
    st.info(t("not_available", what=t("screening"), why="graph.risk.screening"))
    st.stop()

from ui.screening_view import (  # noqa: E402  (needs graph.risk.screening, checked above)
    compare,
    read_result_csv,
    run_screening,
    screening_findings_csv,
    summary_csv,
    summary_rows,
)

store = state.require_store()
day = state.as_of()
heuristics = st.toggle(t("heuristics"), value=True, key="screen_heuristics")
upload = st.file_uploader(t("upload"), type=["csv", "xlsx"], key="screen_file")
earlier = st.file_uploader(t("previous"), type=["csv"], key="screen_previous")

if upload is None:
    # The file was removed (or never given): its results go with it.
    st.session_state.pop(RESULT_KEY, None)
    st.session_state.pop("screen_run", None)
    st.stop()
data = upload.getvalue()
run_key = (hashlib.sha256(data).hexdigest(), upload.name, day, heuristics)
# Streamlit reruns the page on every click; screen a file once per date and option.
if st.session_state.get("screen_run") != run_key:
    st.session_state.pop(RESULT_KEY, None)
    bar = st.progress(0.0, text=t("screening_running"))

    def tick(done: int, total: int) -> None:
        # A long list takes minutes: say how far it is, about once per percent.
        if done == total or done % max(1, total // 100) == 0:
            bar.progress(done / total, text=t("screening_progress", done=done, total=total))

    with state.shown_errors():
        try:
            st.session_state[RESULT_KEY] = run_screening(
                store, data, upload.name, day, heuristics=heuristics, progress=tick
            )
        finally:
            bar.empty()  # before an error's message stops the page: no half bar above it
    st.session_state["screen_run"] = run_key

result = st.session_state.get(RESULT_KEY)
if result is None:
    st.stop()
st.subheader(md(f"{result.name} · {t('as_of')} {result.as_of}"))
state.as_of_caption()
st.caption(t("n_results", n=len(result.summary)))
st.dataframe(summary_rows(result.summary), hide_index=True)
if result.unmatched:
    st.subheader(f"{t('unmatched')} ({len(result.unmatched)})")
    st.dataframe(
        headed(
            {"row": r["row"], "input": r["input"], "why": r["match_explanation"]}
            for r in result.unmatched
        ),
        hide_index=True,
    )
if result.findings:
    st.subheader(f"{t('findings_legal')} / {t('findings_heuristic')} ({len(result.findings)})")
    st.dataframe(table_rows(result.findings, first=("row", "entity_name")), hide_index=True)
stem = f"screening-{result.as_of}"
cols = st.columns(2)
cols[0].download_button(
    t("download_csv"), summary_csv(result.summary), file_name=f"{stem}.csv", mime="text/csv",
    key="screen_csv",
)  # fmt: skip
cols[1].download_button(
    f"{t('download_csv')} ({t('findings_legal')} / {t('findings_heuristic')})",
    screening_findings_csv(result.findings), file_name=f"{stem}-findings.csv",
    mime="text/csv", key="screen_findings_csv",
)  # fmt: skip

if earlier is not None:
    with state.shown_errors():
        before = read_result_csv(earlier.getvalue(), earlier.name)
    diff = compare(before, result.findings)
    st.subheader(f"{t('new_findings')} ({len(diff.new)})")
    st.dataframe(table_rows(diff.new, first=("row", "entity_name")), hide_index=True)
    st.subheader(f"{t('removed_findings')} ({len(diff.removed)})")
    st.dataframe(table_rows(diff.removed, first=("row", "entity_name")), hide_index=True)
