"""Session state shared by the Streamlit pages: store, selected entity, as-of date, language.

The entity, the as-of date and the language travel in the URL (``?id=&as_of=&lang=``)
and in every link a page makes, so a link opened in a new tab, bookmarked or sent to a
colleague shows the same findings.  A value the URL brings in wins over the session's;
from then on the sidebar does, and the URL follows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import streamlit as st

from graph.errors import CredgraphError
from graph.store import open_store, store_url
from graph.store.base import EdgeArrays, Store
from ui.access import redact
from ui.i18n import LANG_KEY, LANGS, current_lang, t, tm
from ui.markup import md
from ui.messages import error_text
from ui.ownership import owns_edges

ENTITY_KEY = "entity_id"
AS_OF_KEY = "as_of"
_AS_OF_WIDGET = "as_of_input"
_LANG_WIDGET = "lang_input"
_URL_SEEN = "url_seen"  # the as_of and lang last read from or written to the URL
_BAD_URL_DATE = "bad_url_date"
# The date picker's range: Streamlit's default is ten years either side of today, and the
# data goes back further: Chinese registrations to 1949, the UK register and old sanctions
# entries before that.
FIRST_DAY = date(1900, 1, 1)
YEARS_AHEAD = 20

# Page files live in ui/screens/, not ui/pages/: Streamlit treats a pages/ folder
# beside the main script as legacy multipage apps, and a deep link such as
# /entity?id=... then ran the page file alone, without app.py's sidebar.
SEARCH_PAGE = "screens/search.py"
ENTITY_PAGE = "screens/entity.py"
NETWORK_PAGE = "screens/network.py"
TREE_PAGE = "screens/tree.py"
PATHS_PAGE = "screens/paths.py"
EXPOSURE_PAGE = "screens/exposure.py"
SCREENING_PAGE = "screens/screening.py"
DATA_PAGE = "screens/data.py"

# (file, label key, icon) in menu order; app.py builds st.navigation from it.
PAGES: tuple[tuple[str, str, str], ...] = (
    (SEARCH_PAGE, "search", ":material/search:"),
    (ENTITY_PAGE, "entity", ":material/badge:"),
    (NETWORK_PAGE, "network", ":material/hub:"),
    (TREE_PAGE, "tree", ":material/account_tree:"),
    (PATHS_PAGE, "paths", ":material/route:"),
    (EXPOSURE_PAGE, "exposure", ":material/gavel:"),
    (SCREENING_PAGE, "screening", ":material/fact_check:"),
    (DATA_PAGE, "data", ":material/database:"),
)


@st.cache_resource(show_spinner=False)
def _open(url: str) -> Store:
    # The explorer never writes (and in CREDGRAPH_READ_ONLY mode must not be able to):
    # read-only also keeps a wrong path from creating a file.
    return open_store(url, read_only=True)


def get_store() -> Store | None:
    """The store named by ``CREDGRAPH_STORE``, opened once; None after showing why not."""
    url = store_url(None)
    try:
        return _open(url)
    except CredgraphError as exc:
        # The URL may carry a Neo4j password; the page never shows it.
        st.error(tm("store_error", url=redact(url), message=redact(exc.message)))
        return None


def require_store() -> Store:
    """The store, or stop the page after the message saying why there is none."""
    store = get_store()
    if store is None:
        st.stop()
    assert store is not None  # st.stop() raises; this is for the type checker
    return store


@contextmanager
def shown_errors() -> Iterator[None]:
    """Show a CredgraphError (store down, unknown id, bad input) as a message and stop the
    page: the boundary where errors become text, never a traceback."""
    try:
        yield
    except CredgraphError as exc:
        st.error(error_text(exc))
        st.stop()


def selected_id() -> str | None:
    """The entity in the URL (``?id=``), else the last one selected in this session."""
    from_url = st.query_params.get("id")
    if from_url:
        st.session_state[ENTITY_KEY] = from_url
        return from_url
    got = st.session_state.get(ENTITY_KEY)
    return str(got) if got else None


def require_entity() -> str:
    """The selected entity id, or stop the page with a pointer to Search."""
    entity_id = selected_id()
    if entity_id is None:
        st.info(t("pick_entity"))
        st.page_link(SEARCH_PAGE, label=t("search"), query_params=link_params())
        st.stop()
    assert entity_id is not None
    return entity_id


def keep_in_url(entity_id: str) -> None:
    """Put the entity in the URL so the page can be bookmarked and shared."""
    if st.query_params.get("id") != entity_id:
        st.query_params["id"] = entity_id


def last_day() -> date:
    today = date.today()
    return date(today.year + YEARS_AHEAD, 12, 31)


def as_of() -> date:
    got = st.session_state.get(AS_OF_KEY)
    day = got if isinstance(got, date) else date.today()
    return min(max(day, FIRST_DAY), last_day())


def parse_day(text: str) -> date | None:
    """``YYYY-MM-DD`` within the picker's range, else None.

    >>> parse_day("2019-01-01"), parse_day("2019-13-45"), parse_day("1066-10-14")
    (datetime.date(2019, 1, 1), None, None)
    """
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= last_day() else None


def sync_url() -> None:
    """Take the as-of date and the language from the URL when it brings new ones (a
    link, a bookmark, a new tab), then write the session's into the URL.

    Called by app.py before anything is drawn.  A URL value counts once: after that the
    sidebar wins, since the URL always holds what the session last wrote into it.
    """
    seen: dict[str, str] = st.session_state.get(_URL_SEEN, {})
    raw = st.query_params.get("as_of")
    if raw and raw != seen.get("as_of"):
        day = parse_day(raw)
        if day is None:
            st.session_state[_BAD_URL_DATE] = raw
        else:
            st.session_state[AS_OF_KEY] = day
            st.session_state.pop(_AS_OF_WIDGET, None)  # re-created from the new value
    raw = st.query_params.get("lang")
    if raw and raw != seen.get("lang") and raw in LANGS:
        st.session_state[LANG_KEY] = raw
        st.session_state.pop(_LANG_WIDGET, None)
    now = {"as_of": as_of().isoformat(), "lang": current_lang()}
    for key, value in now.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
    st.session_state[_URL_SEEN] = now


def link_params(entity_id: str | None = None) -> dict[str, str]:
    """Query parameters of an in-app link: the entity, the as-of date, the language."""
    params = {"as_of": as_of().isoformat(), "lang": current_lang()}
    return {"id": entity_id, **params} if entity_id else params


def entity_link(where: Any, entity_id: str, name: str, help: str = "") -> None:
    """A link to the Entity page of ``entity_id`` in ``where`` (``st`` or a column); the
    name is shown as written (never Markdown), the id where there is no name."""
    where.page_link(
        ENTITY_PAGE, label=md(name.strip() or entity_id),
        query_params=link_params(entity_id), help=md(help) if help else None,
    )  # fmt: skip


def as_of_caption() -> None:
    """The day the page's findings hold on: a typed date applies only when the field
    loses focus, so every page says which one it used."""
    st.caption(tm("as_of_caption", day=as_of().isoformat()))


def _keep_as_of() -> None:
    st.session_state[AS_OF_KEY] = st.session_state[_AS_OF_WIDGET]


def _keep_lang() -> None:
    st.session_state[LANG_KEY] = st.session_state[_LANG_WIDGET]


def sidebar() -> None:
    """The language and the as-of date every page reads."""
    # Streamlit drops a widget's state when the page changes, so each value lives under
    # its own key and the widget is re-created from it on every page.
    langs = list(LANGS)
    st.sidebar.radio(
        "Language / 语言",
        langs,
        index=langs.index(current_lang()),
        format_func=LANGS.__getitem__,
        key=_LANG_WIDGET,
        on_change=_keep_lang,
        horizontal=True,
    )
    st.sidebar.date_input(
        t("as_of"), value=as_of(), min_value=FIRST_DAY, max_value=last_day(),
        key=_AS_OF_WIDGET, on_change=_keep_as_of, help=t("as_of_help"),
    )  # fmt: skip
    bad = st.session_state.pop(_BAD_URL_DATE, None)
    if bad:
        low, high = FIRST_DAY.isoformat(), last_day().isoformat()
        st.sidebar.warning(
            tm("bad_url_date", text=bad, low=low, high=high, day=as_of().isoformat())
        )


@st.cache_resource(show_spinner=False, max_entries=8, ttl=600)
def _owns(url: str, day: date) -> EdgeArrays:
    return owns_edges(_open(url), day)


def owns_on(day: date) -> EdgeArrays:
    """The store's OWNS edges in force on ``day``, exported once per store and day."""
    return _owns(store_url(None), day)


def share_words() -> dict[str, str]:
    """The words the ownership views use for an unknown share and a range, translated."""
    return {"unknown": t("share_unknown"), "range": t("share_range")}
