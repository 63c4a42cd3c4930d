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
(``graph.store.textindex.id_candidates``); under a register whose numbers have a
fixed shape (a Russian INN has 10 or 12 digits, an OGRN 13 or 15) only when it fits,
so a bare number is never tried under a scheme it cannot belong to:

>>> register_candidates("8209948")
['reg:GB-COH:08209948', 'reg:DK-CVR:8209948', 'reg:SK-ORSR:8209948']
>>> register_candidates("1832090230")[-1], register_candidates("1101841007938")[-1]
('reg:ru-inn:1832090230', 'reg:ru-ogrn:1101841007938')
>>> register_candidates("GB-COH:8209948"), register_candidates("sk-orsr:46320041")
(['reg:GB-COH:08209948'], ['reg:SK-ORSR:46320041'])
>>> register_candidates("RU-INN:1832090230"), register_candidates("ru-inn:12")
(['reg:ru-inn:1832090230'], [])

A listed company's ticker (``ticker:<code>.<exchange>``, as ``cn-holders`` keys it)
is found from the code with or without its exchange:

>>> ticker_candidates("000046.sz"), ticker_candidates("600075")
(['ticker:000046.SZ'], ['ticker:600075.SH', 'ticker:600075.SZ', 'ticker:600075.BJ'])
"""

from __future__ import annotations

import re

GB_COH = "GB-COH"
RU_INN = "ru-inn"  # Russian taxpayer number (ИНН)
RU_OGRN = "ru-ogrn"  # Russian state registration number (ОГРН, ОГРНИП)
# org-id.guide registers whose numbers readers keep as ``reg:<scheme>:<number>``;
# a bare number is tried under each, in this order.
SCHEMES = (GB_COH, "DK-CVR", "SK-ORSR")
# Registers whose numbers have a fixed shape: a number is tried under one only when it
# fits, and no alias is made for one that does not.
SHAPES = {
    RU_INN: re.compile(r"^(\d{10}|\d{12})$"),
    RU_OGRN: re.compile(r"^(\d{13}|\d{15})$"),
}
# Scheme codes as aliases spell them, by their upper-case form (a user may type either).
_SPELLING = {s.upper(): s for s in (*SCHEMES, *SHAPES)}
EXCHANGES = ("SH", "SZ", "BJ")  # Shanghai, Shenzhen, Beijing
_TICKER = re.compile(r"^(\d{6})(?:\.(SH|SZ|BJ|HK))?$", re.IGNORECASE)
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
    None for a number that the register's shape rules out."""
    upper = scheme.strip().upper()
    scheme = _SPELLING.get(upper, upper)
    if scheme == GB_COH:
        n = gb_company_number(number)
        return gb_alias(n) if n else None
    n = number.strip()
    shape = SHAPES.get(scheme)
    if shape is not None and not shape.match(n):
        return None
    return f"reg:{scheme}:{n}"


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
    return [a for s in (*SCHEMES, *SHAPES) if (a := scheme_alias(s, q))]


def ticker_candidates(query: str) -> list[str]:
    """``ticker:`` aliases for a stock code: as given with its exchange, else the
    six-digit code on each of ``EXCHANGES``."""
    m = _TICKER.match(query.strip())
    if m is None:
        return []
    code, exchange = m.group(1), m.group(2)
    return [f"ticker:{code}.{x}" for x in ([exchange.upper()] if exchange else EXCHANGES)]


def scheme_of(alias: str) -> str:
    """The identifier scheme of an alias: its prefix (``uscc``, ``lei``, ``ticker``, ...), and
    for a register number the register too (``reg:<scheme>``).

    >>> scheme_of("reg:ru-inn:1841015504"), scheme_of("uscc:91440300192185379H")
    ('reg:ru-inn', 'uscc')
    """
    head, _, rest = alias.partition(":")
    if head == "reg":
        return f"reg:{rest.partition(':')[0]}"
    return head
