"""Who may use the explorer and what it may do: read-only mode, an optional shared
password, and keeping secrets out of everything shown or logged.

- ``CREDGRAPH_READ_ONLY=1`` (or ``credgraph ui --read-only``): the store is opened
  read-only and no page offers an action that writes (loads, match decisions).
- ``CREDGRAPH_UI_PASSWORD``: every page first asks for this shared password,
  compared in constant time; the password itself is never kept in session state.
- ``redact``: the password, ``NEO4J_PASSWORD`` and any password inside a store URL
  are replaced by ``***`` before text reaches a page, the terminal or a log.

A shared password is a speed bump for a trusted network, not user management: put
the explorer behind a reverse proxy with TLS and real accounts when it faces more.

>>> redact_url("neo4j://ui:s3cret@db:7687")
'neo4j://ui:***@db:7687'
>>> redact("cannot reach neo4j://u:pw12@h:7687 with pw12", env={})
'cannot reach neo4j://u:***@h:7687 with ***'
>>> password_ok("correct horse", "correct horse"), password_ok("x", "correct horse")
(True, False)
"""

from __future__ import annotations

import hmac
import os
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

READ_ONLY_ENV = "CREDGRAPH_READ_ONLY"
PASSWORD_ENV = "CREDGRAPH_UI_PASSWORD"
# Variables whose values are secrets wherever they appear.
SECRET_ENVS = (PASSWORD_ENV, "NEO4J_PASSWORD", "NEO4J_UI_PASSWORD", "NEO4J_AUTH")
# Variables holding URLs that may carry a password in their user info.
URL_ENVS = ("CREDGRAPH_STORE", "NEO4J_URI")
# Shorter values would blank out ordinary words; such a password protects nothing anyway.
MIN_SECRET = 4
MASK = "***"
AUTH_KEY = "credgraph_authenticated"
_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<user>[^:@/\s]*):[^@/\s]*@")

_LABELS = {
    "en": {
        "title": "credgraph: sign in",
        "password": "Password",
        "submit": "Sign in",
        "wrong": "Wrong password.",
        "read_only": "Read-only: this explorer cannot change the data.",
    },
    "zh": {
        "title": "credgraph：登录",
        "password": "密码",
        "submit": "登录",
        "wrong": "密码错误。",
        "read_only": "只读模式：本界面不能修改数据。",
    },
}


def read_only(env: Mapping[str, str] | None = None) -> bool:
    """Is the explorer in read-only mode?

    >>> read_only({"CREDGRAPH_READ_ONLY": "1"}), read_only({"CREDGRAPH_READ_ONLY": "no"})
    (True, False)
    """
    env = os.environ if env is None else env
    return env.get(READ_ONLY_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def shared_password(env: Mapping[str, str] | None = None) -> str | None:
    """The shared password the explorer asks for, or None when it asks for none."""
    env = os.environ if env is None else env
    return env.get(PASSWORD_ENV) or None


def password_ok(given: str, expected: str) -> bool:
    """Constant-time comparison, so response times do not leak how much was right."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def redact_url(url: str) -> str:
    """``url`` with the password in its user info masked."""
    return _USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:{MASK}@", url)


def secrets(env: Mapping[str, str] | None = None) -> list[str]:
    """The secret values in ``env``: passwords and the passwords inside store URLs."""
    env = os.environ if env is None else env
    found = [env.get(k, "") for k in SECRET_ENVS]
    if env.get("NEO4J_AUTH", "").count("/") == 1:  # docker's user/password form
        found.append(env["NEO4J_AUTH"].split("/", 1)[1])
    for k in URL_ENVS:
        try:
            found.append(urlsplit(env.get(k, "")).password or "")
        except ValueError:
            continue
    # Longest first, so a secret containing another is masked whole.
    return sorted({s for s in found if len(s) >= MIN_SECRET}, key=len, reverse=True)


def redact(text: str, env: Mapping[str, str] | None = None) -> str:
    """``text`` with URL passwords and every known secret value masked."""
    text = redact_url(text)
    for s in secrets(env):
        text = text.replace(s, MASK)
    return text


def label(key: str) -> str:
    from ui.i18n import current_lang

    return _LABELS.get(current_lang(), _LABELS["en"])[key]


def gate() -> None:
    """Stop the page behind a sign-in form when a shared password is set and this
    session has not given it yet."""
    import streamlit as st

    expected = shared_password()
    if expected is None or st.session_state.get(AUTH_KEY):
        return
    st.title(label("title"))
    with st.form("credgraph_login", clear_on_submit=True):
        given = st.text_input(label("password"), type="password")
        submitted = st.form_submit_button(label("submit"))
    if submitted:
        if password_ok(given, expected):
            st.session_state[AUTH_KEY] = True
            st.rerun()
        st.error(label("wrong"))
    st.stop()
