"""The JSON text of ``props`` and provenance, one encoding for both stores.

A value JSON has no type for is stored as its plain form: a date as ISO text, a
Fraction as ``"num/den"``, a set sorted (by text) and a tuple as lists.  Anything else
raises ``TypeError``.

>>> from datetime import date
>>> from fractions import Fraction
>>> encode({"on": date(2020, 1, 2), "part": Fraction(1, 3), "tags": {"b", "a"}})
'{"on":"2020-01-02","part":"1/3","tags":["a","b"]}'
"""

from __future__ import annotations

import json
from datetime import date
from fractions import Fraction
from typing import Any


def json_default(v: Any) -> Any:
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, Fraction):
        return f"{v.numerator}/{v.denominator}"
    if isinstance(v, set | frozenset | tuple):
        return sorted(v, key=str) if isinstance(v, set | frozenset) else list(v)
    raise TypeError(f"not JSON-able: {type(v).__name__}")


# One encoder for every call: json.dumps with options builds a new encoder each time,
# which was a tenth of the SQLite store's upsert time.
encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=json_default).encode
