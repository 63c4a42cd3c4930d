"""Registered capital as Chinese registries write it: "13.8000(万元人民币)", "10(万美元)".

The amount is exact (``Decimal`` scaled by the unit); an integral amount is returned
as ``int`` so it stays a plain JSON number.

>>> parse_capital("10(万元)")
Capital(amount=100000, currency='CNY', raw='10(万元)')
>>> parse_capital("6,000(万元人民币)").amount
60000000
>>> parse_capital("3.5(万元美元)")
Capital(amount=35000, currency='USD', raw='3.5(万元美元)')
>>> parse_capital("12.3456789万人民币").amount
'123456.789'
>>> parse_capital("N/A") is None, parse_capital("CHUNHONANDY）") is None
(True, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Longest names first so that 香港元 is not read as 元.
CURRENCIES: dict[str, str] = {
    "人民币元": "CNY",
    "人民币": "CNY",
    "香港元": "HKD",
    "港元": "HKD",
    "港币": "HKD",
    "美元": "USD",
    "日元": "JPY",
    "欧元": "EUR",
    "英镑": "GBP",
    "德国马克": "DEM",
    "瑞士法郎": "CHF",
    "新加坡元": "SGD",
    "澳大利亚元": "AUD",
    "加拿大元": "CAD",
    "韩元": "KRW",
    "元": "CNY",
    "": "CNY",
}
UNITS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "": Decimal(1)}

_CAPITAL = re.compile(
    r"^\s*(?P<num>[0-9][0-9,]*(?:\.[0-9]+)?)\s*[(（]?\s*(?P<unit>万|亿)?\s*(?P<cur>[^\s()（）0-9]*)"
    r"\s*[)）]?\s*$"
)


@dataclass(frozen=True, slots=True)
class Capital:
    amount: int | str  # int when integral, else the exact decimal as text
    currency: str
    raw: str


def parse_capital(text: str) -> Capital | None:
    """Parse a registered-capital cell; None when it is missing or not an amount."""
    m = _CAPITAL.match(text or "")
    if not m:
        return None
    cur_text = m.group("cur")
    # "万元美元" is 10k US dollars: the 元 after the unit is part of the unit, not a currency.
    if cur_text.startswith("元") and cur_text != "元":
        cur_text = cur_text[1:]
    currency = CURRENCIES.get(cur_text)
    if currency is None:
        return None
    try:
        value = Decimal(m.group("num").replace(",", "")) * UNITS[m.group("unit") or ""]
    except InvalidOperation:
        return None
    whole = value == value.to_integral_value()
    amount: int | str = int(value) if whole else format(value.normalize(), "f")
    return Capital(amount, currency, text)
