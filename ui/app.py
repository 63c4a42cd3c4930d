"""The credgraph explorer: ``streamlit run ui/app.py`` (or ``credgraph ui``).

Pages are files so that each can be opened, linked and tested on its own; the
selected entity, the as-of date and the language travel in the URL
(``?id=...&as_of=...&lang=...``) and in session state.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Streamlit puts this file's folder on sys.path, not the project root; without the
# root, `import ui...` fails when the package is not installed (a plain checkout).
_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

import streamlit as st  # noqa: E402

from ui import access, state  # noqa: E402
from ui.i18n import t  # noqa: E402

# A Material icon as favicon is fetched from fonts.gstatic.com; a file is served by the app.
st.set_page_config(
    page_title="credgraph", page_icon=str(Path(__file__).with_name("static") / "favicon.png"),
    layout="wide",
)  # fmt: skip

# The as-of date and the language a link carries apply before any label is drawn.
state.sync_url()
# Before any page: with CREDGRAPH_UI_PASSWORD set, nothing else renders until it is given.
access.gate()

page = st.navigation(
    [
        st.Page(path, title=t(key), icon=icon, default=path == state.SEARCH_PAGE)
        for path, key, icon in state.PAGES
    ]
)
state.sidebar()
if access.read_only():
    st.sidebar.caption(access.label("read_only"))
st.sidebar.caption(t("not_advice"))
page.run()
