"""Portfolio screening: match counterparty rows to entities, then report each one's exposure.

Columns are recognised by their header, case, width and punctuation ignored
(``COLUMNS``): a name (``name``, ``company``, ``counterparty``, ``名称``,
``企业名称``, ``公司名称``, ...), a USCC (``uscc``, ``统一社会信用代码``, ...), an
LEI (``lei``) and a credgraph or source id (``id``).  At least one must be there.

Each row is matched by the strongest identifier it carries, in this order:

1. USCC, validated first (GB 32100): an invalid code is *not* looked up; its
   reason goes into the explanation and matching falls through to the next field.
2. LEI, validated (ISO 17442 check digits) the same way.
3. id: any alias the graph knows (``ftm:...``, ``uscc:...``, ...).
4. name: ``store.search``, each hit scored against the query after
   normalisation (NFKC, case, spaces and punctuation, full-width brackets):
   1.0 for an exact normalised match, else a similarity in [0, 1) (difflib
   ratio, raised for containment); below ``MIN_SCORE`` the row is unmatched.
   Several entities sharing the best score are reported as ambiguous.

Identifier matches score 1.0.

>>> detect_columns(["序号", "企业名称", "统一社会信用代码"])
{'name': 1, 'uscc': 2}
>>> name_score("平安银行股份有限公司", "平安银行股份有限公司 ")
(1.0, 'exact')
>>> name_score("Ping An Bank", "PING AN BANK CO., LTD.")[1]
'partial'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from graph.errors import InvalidInput, NotFound
from graph.lei import validate_lei
from graph.model import NodeType
from graph.risk.exposure import REGIMES, ExposureReport, exposure
from graph.risk.other_lists import summary_text
from graph.risk.subgraph import resolve_id
from graph.store.base import Store
from graph.uscc import validate_uscc

MIN_SCORE = 0.6
SEARCH_LIMIT = 10

COLUMNS: dict[str, tuple[str, ...]] = {
    "name": (
        "name", "company", "companyname", "entity", "entityname", "counterparty",
        "counterpartyname", "customer", "customername", "legalname",
        "名称", "企业名称", "公司名称", "单位名称", "客户名称", "主体名称", "企业", "公司",
        "交易对手", "交易对手名称",
    ),
    "uscc": (
        "uscc", "usci", "unifiedsocialcreditcode", "socialcreditcode", "creditcode",
        "统一社会信用代码", "社会信用代码", "信用代码",
    ),
    "lei": ("lei", "leicode", "legalentityidentifier"),
    "id": ("id", "entityid", "credgraphid", "sourceid"),
}  # fmt: skip

OUTPUT_COLUMNS = (
    "row", "input", "matched_id", "matched_name", "match_method", "match_score",
    "match_explanation", "legal_findings", "heuristic_findings",
    *(f"status_{r}" for r in REGIMES), "other_lists", "top_explanation",
)  # fmt: skip


def _key(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def detect_columns(headers: Sequence[str]) -> dict[str, int]:
    """Field -> column index for the headers this module recognises (first one wins).

    Raises ``InvalidInput`` when no name, USCC, LEI or id column is found.
    """
    keys = [_key(h or "") for h in headers]
    out: dict[str, int] = {}
    for fieldname, aliases in COLUMNS.items():
        for i, k in enumerate(keys):
            if k in aliases:
                out[fieldname] = i
                break
    if not out:
        raise InvalidInput(
            "no column to match on: expected a header such as name/名称/企业名称, "
            f"uscc/统一社会信用代码, lei or id; found {', '.join(map(repr, headers)) or 'none'}",
            headers=list(headers),
        )
    return out


def normalise_name(text: str) -> str:
    """Name as compared: NFKC, case-folded, without spaces, punctuation or symbols.

    >>> normalise_name("（北京）科技 有限公司"), normalise_name("Acme, Inc.")
    ('北京科技有限公司', 'acmeinc')
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in "PSZC")


def name_score(query: str, candidate: str) -> tuple[float, str]:
    """``(score, "exact" | "partial")`` of a candidate name for a query name."""
    q, c = normalise_name(query), normalise_name(candidate)
    if not q or not c:
        return 0.0, "partial"
    if q == c:
        return 1.0, "exact"
    ratio = SequenceMatcher(None, q, c).ratio()
    if q in c or c in q:
        # Containment: "平安银行" in "平安银行股份有限公司" is a strong hint, more so the
        # larger the share of the longer name it covers.
        ratio = max(ratio, 0.5 + 0.45 * min(len(q), len(c)) / max(len(q), len(c)))
    return round(min(ratio, 0.99), 4), "partial"


@dataclass(slots=True)
class Match:
    """How one row was matched (``method`` ``none`` when it was not)."""

    entity_id: str | None
    name: str
    method: str  # uscc, lei, id, name, none
    score: float
    explanation: str
    candidates: list[tuple[str, str, float]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.entity_id,
            "name": self.name,
            "method": self.method,
            "score": self.score,
            "explanation": self.explanation,
            "candidates": [{"id": i, "name": n, "score": s} for i, n, s in self.candidates],
        }


def _by_id(store: Store, nid: str, method: str, why: str, notes: list[str]) -> Match:
    node = store.get(nid)
    text = "; ".join([*notes, why])
    return Match(nid, node.name if node else nid, method, 1.0, text)


def _by_name(store: Store, name: str, notes: list[str]) -> Match:
    hits = store.search(name, limit=SEARCH_LIMIT, types=[NodeType.COMPANY, NodeType.PERSON])
    scored: dict[str, tuple[float, str, str, str]] = {}
    for h in hits:
        best = max(name_score(name, h.name), name_score(name, h.matched))
        score, kind = best
        if h.how == "pinyin":
            score, kind = min(score, 0.9), "pinyin"
        if h.id not in scored or score > scored[h.id][0]:
            scored[h.id] = (score, kind, h.name, h.matched)
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1][0], kv[1][2], kv[0]))
    cands = [(nid, v[2], v[0]) for nid, v in ranked[:5]]
    if not ranked or ranked[0][1][0] < MIN_SCORE:
        near = f"; nearest: {cands[0][1]} ({cands[0][2]:.2f})" if cands else ""
        return Match(
            None, "", "none", 0.0, "; ".join([*notes, f"no entity named like {name!r}{near}"]),
            cands,
        )  # fmt: skip
    nid, (score, kind, cname, matched) = ranked[0]
    why = f"name {kind} match: {name!r} ~ {matched!r} (score {score:.2f})"
    ties = [x for x in ranked[1:] if x[1][0] == score]
    if ties:
        why += f"; ambiguous: {len(ties) + 1} entities score the same, took the first, check"
    return Match(nid, cname, "name", score, "; ".join([*notes, why]), cands)


def match_row(store: Store, values: Mapping[str, str]) -> Match:
    """Match one row given as field -> text (fields of ``COLUMNS``)."""
    notes: list[str] = []
    uscc = (values.get("uscc") or "").strip()
    if uscc:
        chk = validate_uscc(uscc)
        if chk.valid or chk.issue == "legacy_pilot_checksum":
            nid = store.resolve(f"uscc:{chk.code}")
            if nid is not None:
                return _by_id(store, nid, "uscc", f"USCC {chk.code} matched exactly", notes)
            notes.append(f"USCC {chk.code} is valid but not in the graph")
        else:
            notes.append(f"USCC {uscc!r} is invalid ({chk.message}), not used")
    lei = (values.get("lei") or "").strip()
    if lei:
        lchk = validate_lei(lei)
        if lchk.valid:
            nid = store.resolve(f"lei:{lchk.code}")
            if nid is not None:
                return _by_id(store, nid, "lei", f"LEI {lchk.code} matched exactly", notes)
            notes.append(f"LEI {lchk.code} is valid but not in the graph")
        else:
            notes.append(f"LEI {lei!r} is invalid ({lchk.message}), not used")
    ident = (values.get("id") or "").strip()
    if ident:
        try:
            nid = resolve_id(store, ident)
            return _by_id(store, nid, "id", f"id {ident!r} matched exactly", notes)
        except NotFound:
            notes.append(f"id {ident!r} is not in the graph")
    name = (values.get("name") or "").strip()
    if name:
        return _by_name(store, name, notes)
    return Match(None, "", "none", 0.0, "; ".join(notes) or "no USCC, LEI, id or name given")


@dataclass(slots=True)
class ScreenRow:
    row: int  # line in the file (the header is line 1)
    values: dict[str, str]
    match: Match
    report: ExposureReport | None

    def to_dict(self) -> dict[str, Any]:
        """The flat record written to CSV/XLSX (keys: ``OUTPUT_COLUMNS``)."""
        rep = self.report
        statuses = rep.statuses() if rep else {}
        top = rep.top() if rep else None
        out: dict[str, Any] = {
            "row": self.row,
            "input": " | ".join(f"{k}={v}" for k, v in self.values.items() if v),
            "matched_id": self.match.entity_id or "",
            "matched_name": self.match.name,
            "match_method": self.match.method,
            "match_score": self.match.score,
            "match_explanation": self.match.explanation,
            "legal_findings": len(rep.legal) if rep else 0,
            "heuristic_findings": len(rep.heuristic) if rep else 0,
        }
        for reg in REGIMES:
            out[f"status_{reg}"] = statuses.get(reg, "")
        # Without this column a row only on, say, Swiss SECO would read as clean.
        out["other_lists"] = summary_text(rep.other_lists()) if rep else ""
        out["top_explanation"] = top.explanation if top else ""
        return out


def screen(
    store: Store,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    as_of: date,
    *,
    heuristics: bool = True,
    progress: Callable[[int], None] | None = None,
) -> list[ScreenRow]:
    """Match every non-empty row and compute each matched entity's exposure once."""
    cols = detect_columns(headers)
    cache: dict[str, ExposureReport] = {}
    out: list[ScreenRow] = []
    for i, row in enumerate(rows):
        values = {
            f: str(row[c]).strip() if c < len(row) and row[c] is not None else ""
            for f, c in cols.items()
        }
        if not any(values.values()):
            continue
        m = match_row(store, values)
        rep = None
        if m.entity_id is not None:
            if m.entity_id not in cache:
                cache[m.entity_id] = exposure(store, m.entity_id, as_of, heuristics=heuristics)
            rep = cache[m.entity_id]
        out.append(ScreenRow(i + 2, values, m, rep))
        if progress is not None:
            progress(len(out))
    return out
