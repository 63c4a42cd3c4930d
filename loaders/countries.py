"""Country names and codes as sources write them -> lower-case ISO codes."""

from __future__ import annotations

from followthemoney.types import registry


def country_code(text: str) -> str | None:
    """Lower-case ISO code for an ISO-2 code or a country name; None when unknown.

    >>> country_code("CN"), country_code("China"), country_code("Russia"), country_code("Iran")
    ('cn', 'cn', 'ru', 'ir')
    >>> country_code("Narnia") is None
    True
    """
    code = registry.country.clean(text.strip())
    return str(code) if code else None
