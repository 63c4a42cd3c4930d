"""Company register numbers that readers and stores must write alike.

A UK Companies House number is 8 characters; spreadsheets drop the leading zeros
of all-digit numbers, so they are put back.  Every source that knows the register
(the ``uk-psc`` reader, BODS ``GB-COH`` identifiers, GLEIF ``RA000585``) gives the
company the alias ``reg:GB-COH:<number>``.

>>> gb_company_number(" 8209948"), gb_company_number("oe029880"), gb_company_number("1-2")
('08209948', 'OE029880', None)
>>> gb_alias("08209948")
'reg:GB-COH:08209948'

A number typed without its register is tried under the registers sources name
(``graph.store.textindex.id_candidates``):

>>> register_candidates("8209948")
['reg:GB-COH:08209948', 'reg:DK-CVR:8209948', 'reg:SK-ORSR:8209948']
>>> register_candidates("GB-COH:8209948"), register_candidates("sk-orsr:46320041")
(['reg:GB-COH:08209948'], ['reg:SK-ORSR:46320041'])
"""

from __future__ import annotations

import re

GB_COH = "GB-COH"
# org-id.guide registers whose numbers readers keep as ``reg:<scheme>:<number>``;
# a bare number is tried under each, in this order.
SCHEMES = (GB_COH, "DK-CVR", "SK-ORSR")
_GB_NUMBER = re.compile(r"^[A-Z0-9]{8}$")
_SCHEME = re.compile(r"^[A-Za-z]{2}-[A-Za-z0-9]+$")


def gb_company_number(text: object) -> str | None:
    """A Companies House number in its 8-character form; None when it is not one."""
    if not isinstance(text, str):
        return None
    t = text.strip().upper().replace(" ", "")
    if t.isdigit() and len(t) < 8:
        t = t.zfill(8)
    return t if _GB_NUMBER.match(t) else None


def gb_alias(number: str) -> str:
    """The alias of a UK company with a normalised number (``gb_company_number``)."""
    return f"reg:{GB_COH}:{number}"


def scheme_alias(scheme: str, number: str) -> str | None:
    """``reg:<SCHEME>:<number>``, the number normalised where the register's is known;
    None for a UK number that is not one."""
    scheme = scheme.strip().upper()
    if scheme == GB_COH:
        n = gb_company_number(number)
        return gb_alias(n) if n else None
    return f"reg:{scheme}:{number.strip()}"


def register_candidates(query: str) -> list[str]:
    """Aliases a register number may be stored under: ``SCHEME:number`` under that
    register, a bare number under each of ``SCHEMES``."""
    q = query.strip()
    scheme, sep, rest = q.partition(":")
    if sep:
        if not _SCHEME.match(scheme):
            return []
        got = scheme_alias(scheme, rest)
        return [got] if got else []
    if not q or " " in q:
        return []
    return [a for s in SCHEMES if (a := scheme_alias(s, q))]
