"""How the China rules' findings word what they rest on: roles, the Company Law article in
force, confidence from a source's tag, and the facts they cite."""

from __future__ import annotations

from datetime import date

from graph.model import Node, Rel, RelType
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
    """A fact a finding rests on, with the record it came from; a post says itself
    (who, which post where, when) unless ``text`` is given, so that a report or a page
    showing only the facts can say what each is.

    >>> from graph.model import RelType, Role
    >>> post = Rel("r1", RelType.OFFICER_OF, "P", "C", role=Role.LEGAL_REPRESENTATIVE,
    ...            start=date(2018, 1, 1), end=date(2023, 3, 2))
    >>> fact("post", post).text
    'P legal representative of C (2018-01-01..2023-03-02)'
    """
    if not text and isinstance(rec, Rel) and rec.type is RelType.OFFICER_OF:
        role = role_text(rec.role.value) if rec.role is not None else "officer"
        # The project's period form: start..end, the end exclusive, "?" for no start.
        text = f"{rec.src} {role} of {rec.dst} ({rec.start or '?'}..{rec.end or ''})"
    prov = rec.provenance[0] if rec.provenance else None
    return FactRef(kind, rec.id, prov.source if prov else "", prov.record_id if prov else "", text)
