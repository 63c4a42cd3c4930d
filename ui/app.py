"""The credgraph explorer: ``streamlit run ui/app.py`` (or ``credgraph ui``).

Pages are files so that each can be opened, linked and tested on its own; the
selected entity travels in the URL (``?id=...``) and in session state.
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

from ui import state  # noqa: E402

st.set_page_config(page_title="credgraph", page_icon=":material/hub:", layout="wide")

page = st.navigation(
    [
        st.Page(state.SEARCH_PAGE, title="Search", icon=":material/search:", default=True),
        st.Page(state.ENTITY_PAGE, title="Entity", icon=":material/badge:"),
        st.Page(state.NETWORK_PAGE, title="Network", icon=":material/hub:"),
    ]
)
state.sidebar()
st.sidebar.caption("Nothing shown here is legal advice.")
page.run()
