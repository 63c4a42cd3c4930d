"""One explained finding: who, under which rule, on what basis, through which path.

Every exposure the risk engine reports is a ``Finding`` (DOMAIN.md §10.1): the
regime and rule id, the basis (``legal`` or ``heuristic``, never mixed), the
path(s) that explain it, the exact share where one applies, the list entries it
rests on and the legal document.  ``to_dict`` is plain JSON (shares as exact
fraction strings).

>>> f = Finding("ofac", "ofac.owned", "legal", "uscc:B", "owned", Fraction(1, 2),
...             (("sdn:X", "uscc:A", "uscc:B"),), 2, ("list:US_OFAC_SDN",), "OFAC FAQ 401")
>>> f.to_dict()["share"], f.to_dict()["paths"]
('1/2', [['sdn:X', 'uscc:A', 'uscc:B']])
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

Basis = Literal["legal", "heuristic"]


@dataclass(frozen=True, slots=True)
class Finding:
    """An entity restricted (or flagged) under a regime, with its explanation.

    ``status``: ``listed``, ``owned``, ``controlled`` for legal findings;
    ``affiliate`` (a suspended rule), ``possible_owned`` (a range share's upper
    bound), ``control_caution`` (control under an ownership-only regime) for
    heuristic red flags.  ``round`` is the step of the least fixed point at which
    the entity joined (0 = listed).
    """

    regime: str
    rule_id: str
    basis: Basis
    entity: str
    status: str
    share: Fraction | None
    paths: tuple[tuple[str, ...], ...]
    round: int
    lists: tuple[str, ...]
    document: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "regime": self.regime,
            "rule_id": self.rule_id,
            "basis": self.basis,
            "entity": self.entity,
            "status": self.status,
            "share": None if self.share is None else str(self.share),
            "share_percent": None if self.share is None else _pct(self.share),
            "paths": [list(p) for p in self.paths],
            "round": self.round,
            "lists": list(self.lists),
            "document": self.document,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        """Inverse of ``to_dict``."""
        return cls(
            regime=str(d["regime"]),
            rule_id=str(d["rule_id"]),
            basis="heuristic" if d["basis"] == "heuristic" else "legal",
            entity=str(d["entity"]),
            status=str(d["status"]),
            share=None if d.get("share") is None else Fraction(d["share"]),
            paths=tuple(tuple(p) for p in d.get("paths") or ()),
            round=int(d["round"]),
            lists=tuple(d.get("lists") or ()),
            document=str(d.get("document") or ""),
        )


def _pct(f: Fraction) -> str:
    """Percent text, exact when it terminates within 6 decimals.

    >>> _pct(Fraction(1, 3))
    '33.333333'
    >>> _pct(Fraction(4998, 10000))
    '49.98'
    """
    v = f * 100
    s = f"{v.numerator * 10**6 // v.denominator:07d}"
    text = (s[:-6] + "." + s[-6:]).rstrip("0").rstrip(".")
    return text
