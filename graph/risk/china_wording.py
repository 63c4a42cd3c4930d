"""How the China rules' findings word what they rest on: roles, the Company Law article in
force, confidence from a source's tag, and the facts they cite."""

from __future__ import annotations

from datetime import date

from graph.model import Node, Rel
from graph.risk.china_context import COMPANY_LAW_2023
from graph.risk.evidence import FactRef

CONFIDENCE = {"V": "high", "D": "high", "S": "medium", "R": "low"}
_RANK = {"high": 0, "medium": 1, "low": 2}


def confidence_of(tag: str) -> str:
    """A finding's confidence from a source's tag (DOMAIN: V verified, S secondary, R
    recalled, D derived); no tag: high."""
    return CONFIDENCE.get(tag, "high")


def lowest(*levels: str) -> str:
    """The lowest of confidence levels (``high``, ``medium``, ``low``).

    >>> lowest("high", "low", "medium")
    'low'
    """
    return max(levels, key=lambda c: _RANK.get(c, 2)) if levels else "high"


def role_text(role: str) -> str:
    return role.replace("_", " ")


def roles_text(roles: list[str]) -> str:
    """'legal representative and actual controller'.

    >>> roles_text(["director", "supervisor", "senior_manager"])
    'director, supervisor and senior manager'
    """
    names = [role_text(r) for r in dict.fromkeys(roles)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def company_law(day: date) -> tuple[str, str]:
    """The Company Law article on directors' disqualification in force on ``day``: its
    citation and number (2023 art. 178 from 2024-07-01, else 2018 art. 146; §10.2)."""
    if day >= COMPANY_LAW_2023:
        return "Company Law 2023 art. 178", "178"
    return "Company Law 2018 art. 146", "146"


def fact(kind: str, rec: Node | Rel, text: str = "") -> FactRef:
    """A fact a finding rests on, with the record it came from."""
    prov = rec.provenance[0] if rec.provenance else None
    return FactRef(kind, rec.id, prov.source if prov else "", prov.record_id if prov else "", text)
