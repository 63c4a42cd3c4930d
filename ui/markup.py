"""Data shown through Streamlit's Markdown (captions, badges, expander labels) as text.

Streamlit never renders raw HTML from data, but Markdown syntax in a company name
(``*``, ``_``, ``[..](..)``, backticks) would still change how it reads.

>>> md("A*B_[x](y)")
'A\\\\*B\\\\_\\\\[x\\\\]\\\\(y\\\\)'
"""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:])")


def md(text: object) -> str:
    """``text`` with every Markdown special character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))
