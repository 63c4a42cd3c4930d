"""Session state shared by the Streamlit pages: the store, the selected entity, the as-of date."""

from __future__ import annotations

from datetime import date

import streamlit as st

from graph.errors import CredgraphError
from graph.store import open_store, store_url
from graph.store.base import Store

ENTITY_KEY = "entity_id"
AS_OF_KEY = "as_of"
_AS_OF_WIDGET = "as_of_input"

SEARCH_PAGE = "pages/search.py"
ENTITY_PAGE = "pages/entity.py"
NETWORK_PAGE = "pages/network.py"


@st.cache_resource(show_spinner=False)
def _open(url: str) -> Store:
    # The explorer never writes: read-only also keeps a wrong path from creating a file.
    return open_store(url, read_only=True)


def get_store() -> Store | None:
    """The store named by ``CREDGRAPH_STORE``, opened once; None after showing why not."""
    url = store_url(None)
    try:
        return _open(url)
    except CredgraphError as exc:
        st.error(f"Cannot open the store {url}: {exc.message}")
        return None


def selected_id() -> str | None:
    """The entity in the URL (``?id=``), else the last one selected in this session."""
    from_url = st.query_params.get("id")
    if from_url:
        st.session_state[ENTITY_KEY] = from_url
        return from_url
    got = st.session_state.get(ENTITY_KEY)
    return str(got) if got else None


def keep_in_url(entity_id: str) -> None:
    """Put the entity in the URL so the page can be bookmarked and shared."""
    if st.query_params.get("id") != entity_id:
        st.query_params["id"] = entity_id


def as_of() -> date:
    got = st.session_state.get(AS_OF_KEY)
    return got if isinstance(got, date) else date.today()


def _keep_as_of() -> None:
    st.session_state[AS_OF_KEY] = st.session_state[_AS_OF_WIDGET]


def sidebar() -> None:
    """The as-of date every page reads (later pages evaluate listings and shares on it)."""
    # Streamlit drops a widget's state when the page changes, so the date lives under
    # its own key and the widget is re-created from it on every page.
    st.sidebar.date_input(
        "As of",
        value=as_of(),
        key=_AS_OF_WIDGET,
        on_change=_keep_as_of,
        help="Evaluate the graph on this day.",
    )
