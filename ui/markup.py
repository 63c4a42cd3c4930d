"""Data shown through Streamlit's Markdown (captions, badges, expander labels) as text.

Streamlit never renders raw HTML from data, but Markdown syntax in a company name
(``*``, ``_``, ``[..](..)``, backticks) would still change how it reads, and GFM turns
a bare ``http://``, ``www.`` or ``name@host`` into a live link after escapes are
resolved.  So special characters are escaped, and an invisible word joiner (U+2060)
goes into each of those three patterns: the text reads the same, and links nowhere.

>>> md("A*B_[x](y)")
'A\\\\*B\\\\_\\\\[x\\\\]\\\\(y\\\\)'
>>> md("see http://e.x") == "see http\\u2060\\\\://e\\\\.x"
True
"""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:])")
# st.badge escapes square brackets itself; escaping them twice would show the backslash.
_BADGE_SPECIAL = re.compile(r"([\\`*_{}()#+\-.!|>~<$:])")
# What GFM's autolink-literal extension links: a scheme or www before ":" or ".", and "@".
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|xmpp|www)(?=[:.])|(?=@)")
JOINER = "\u2060"


def _unlink(text: str) -> str:
    return _AUTOLINK.sub(lambda m: (m.group(1) or "") + JOINER, text)


def md(text: object) -> str:
    """``text`` with every Markdown special character escaped and autolinks broken."""
    return _MD_SPECIAL.sub(r"\\\1", _unlink(str(text)))


def md_badge(text: object) -> str:
    """``md`` for the label of ``st.badge``, which escapes ``[`` and ``]`` on its own."""
    return _BADGE_SPECIAL.sub(r"\\\1", _unlink(str(text)))
