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
4. name: the candidates and scores of ``graph.risk.name_match`` (its table):
   the name as given, its core without legal form, branch or 市/省 (in simplified
   characters) looked up exactly with each common legal form, then the core and its
   distinctive word searched.  When the name column is a company's
   (``COMPANY_COLUMNS``: ``company``, ``企业名称``, ``公司名称``, ...) only companies
   are searched.

Below ``MIN_SCORE`` (0.6) the row is unmatched and the nearest names are given
with their scores.  A name match scoring below ``STRONG_SCORE`` (0.9) is flagged
``weak``, several entities sharing the best score ``ambiguous`` (toneless pinyin
makes homophones tie: 华为 and 华威 are both ``huawei``), and a match of a branch
(…有限公司北京分公司) to its company, or the other way round, ``branch``.  The flags
go to the ``match_flags`` column and the explanation.

When a row's identifier is also an id of other entities (``graph.shared_ids``:
entity resolution kept them apart) the row is flagged ``ambiguous`` too and the
explanation names them.  The row's statuses stay the matched entity's own, as
``exposure`` by that id reports them (every status explained by one entity's
findings); the column ``ambiguous_with`` gives each other entity the identifier names
(or that ties on the best name score) with its own statuses, so a row whose id also
names a listed entity never reads as clean.

>>> detect_columns(["序号", "企业名称", "统一社会信用代码"])
{'name': 1, 'uscc': 2}
>>> name_score("平安银行股份有限公司", "平安银行股份有限公司 ")
(1.0, 'exact')
>>> name_score("Ping An Bank", "PING AN BANK CO., LTD.")
(0.95, 'variant')
>>> pinyin_score("Huawei", "huaweizhong")
(0.3727, 'pinyin partial')
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.errors import InvalidInput, NotFound
from graph.lei import validate_lei
from graph.model import NodeType
from graph.risk.exposure import REGIMES, ExposureReport, exposure
from graph.risk.name_match import (
    MIN_SCORE,
    STRONG_SCORE,
    hit_pinyin,
    name_score,
    normalise_name,
    pinyin_score,
    rank_names,
)
from graph.risk.other_lists import redlist_text, summary_text
from graph.risk.subgraph import resolve_alias
from graph.shared_ids import shared_ids
from graph.store.base import Store
from graph.uscc import validate_uscc

# Re-exported: the name matching's scores and functions are part of screening's API.
__all__ = [
    "MIN_SCORE", "STRONG_SCORE", "hit_pinyin", "name_score", "normalise_name", "pinyin_score",
]  # fmt: skip

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
# Name columns that say the row is a company: such a row never matches a person.
COMPANY_COLUMNS = frozenset({
    "company", "companyname", "企业名称", "公司名称", "单位名称", "企业", "公司",
})  # fmt: skip

OUTPUT_COLUMNS = (
    "row", "input", "matched_id", "matched_name", "match_method", "match_score",
    "match_flags", "match_explanation", "legal_findings", "heuristic_findings",
    *(f"status_{r}" for r in REGIMES), "other_lists", "redlists", "ambiguous_with",
    "incomplete", "top_explanation",
)  # fmt: skip
MAX_OTHERS = 5  # other entities of an ambiguous row whose statuses are given


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


def company_only(headers: Sequence[str]) -> bool:
    """Does the name column (the one ``detect_columns`` picks) say company?

    >>> company_only(["序号", "企业名称"]), company_only(["name"])
    (True, False)
    """
    i = detect_columns(headers).get("name")
    return i is not None and _key(headers[i] or "") in COMPANY_COLUMNS


@dataclass(slots=True)
class Match:
    """How one row was matched (``method`` ``none`` when it was not)."""

    entity_id: str | None
    name: str
    method: str  # uscc, lei, id, name, none
    score: float
    explanation: str
    candidates: list[tuple[str, str, float]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # "ambiguous", "weak", "branch"
    others: list[str] = field(default_factory=list)  # entities an ambiguous match also names

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.entity_id,
            "name": self.name,
            "method": self.method,
            "score": self.score,
            "flags": list(self.flags),
            "others": list(self.others),
            "explanation": self.explanation,
            "candidates": [{"id": i, "name": n, "score": s} for i, n, s in self.candidates],
        }


def _by_id(store: Store, nid: str, method: str, why: str, notes: list[str], alias: str) -> Match:
    node = store.get(nid)
    parts = [*notes, why]
    # Any id may be shared, the entity's canonical id too (``loaders.same_uscc``).
    shared = shared_ids(store, node).get(alias) if node is not None else None
    if shared is None:
        return Match(nid, node.name if node else nid, method, 1.0, "; ".join(parts))
    # The row's id names other entities too: the statuses are this one's only.
    parts.append(
        f"ambiguous: {alias} is {shared.what(nid)}; statuses are for {nid} only,"
        " the others' are in ambiguous_with; see credgraph match list"
    )
    others = [o.id for o in shared.others]
    name = node.name if node else nid
    return Match(nid, name, method, 1.0, "; ".join(parts), flags=["ambiguous"], others=others)


def _by_name(store: Store, name: str, notes: list[str], companies_only: bool) -> Match:
    types = [NodeType.COMPANY] if companies_only else [NodeType.COMPANY, NodeType.PERSON]
    ranked = rank_names(store, name, types)
    cands = [(x.id, x.name, x.score) for x in ranked[:5]]
    if not ranked or ranked[0].score < MIN_SCORE:
        near = ", ".join(f"{x.name} ({x.score:.2f} {x.kind})" for x in ranked[:3])
        why = f"no entity named like {name!r}" + (f"; nearest: {near}" if near else "")
        return Match(None, "", "none", 0.0, "; ".join([*notes, why]), cands)
    top = ranked[0]
    why = f"name {top.kind} match: {name!r} ~ {top.matched!r} (score {top.score:.2f})"
    flags: list[str] = []
    ties = [x for x in ranked[1:] if x.score == top.score]
    if ties:
        flags.append("ambiguous")
        why += (
            f"; ambiguous: {len(ties) + 1} entities score the same,"
            " took the one spelt nearest, check"
        )
    if top.score < STRONG_SCORE:
        flags.append("weak")
        why += f"; weak: a name match below {STRONG_SCORE}, check"
    if top.kind == "branch":
        flags.append("branch")
        why += "; branch: one name is a branch (分公司, 分行) of the other's company, check"
    others = [x.id for x in ties]
    return Match(
        top.id, top.name, "name", top.score, "; ".join([*notes, why]), cands, flags, others
    )


def match_row(store: Store, values: Mapping[str, str], *, companies_only: bool = False) -> Match:
    """Match one row given as field -> text (fields of ``COLUMNS``); with
    ``companies_only`` a name matches companies only."""
    notes: list[str] = []
    uscc = (values.get("uscc") or "").strip()
    if uscc:
        chk = validate_uscc(uscc)
        if chk.valid or chk.issue == "legacy_pilot_checksum":
            nid = store.resolve(f"uscc:{chk.code}")
            if nid is not None:
                why = f"USCC {chk.code} matched exactly"
                return _by_id(store, nid, "uscc", why, notes, f"uscc:{chk.code}")
            notes.append(f"USCC {chk.code} is valid but not in the graph")
        else:
            notes.append(f"USCC {uscc!r} is invalid ({chk.message}), not used")
    lei = (values.get("lei") or "").strip()
    if lei:
        lchk = validate_lei(lei)
        if lchk.valid:
            nid = store.resolve(f"lei:{lchk.code}")
            if nid is not None:
                why = f"LEI {lchk.code} matched exactly"
                return _by_id(store, nid, "lei", why, notes, f"lei:{lchk.code}")
            notes.append(f"LEI {lchk.code} is valid but not in the graph")
        else:
            notes.append(f"LEI {lei!r} is invalid ({lchk.message}), not used")
    ident = (values.get("id") or "").strip()
    if ident:
        try:
            alias, nid = resolve_alias(store, ident)
            return _by_id(store, nid, "id", f"id {ident!r} matched exactly", notes, alias)
        except NotFound:
            notes.append(f"id {ident!r} is not in the graph")
    name = (values.get("name") or "").strip()
    if name:
        return _by_name(store, name, notes, companies_only)
    return Match(None, "", "none", 0.0, "; ".join(notes) or "no USCC, LEI, id or name given")


@dataclass(slots=True)
class ScreenRow:
    row: int  # the line the row starts on in the file (``screen``)
    values: dict[str, str]
    match: Match
    report: ExposureReport | None
    others: list[ExposureReport] = field(default_factory=list)  # ``Match.others``'

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
            "match_flags": " ".join(self.match.flags),
            "match_explanation": self.match.explanation,
            "legal_findings": len(rep.legal) if rep else 0,
            "heuristic_findings": len(rep.heuristic) if rep else 0,
        }
        for reg in REGIMES:
            out[f"status_{reg}"] = statuses.get(reg, "")
        # Without this column a row only on, say, Swiss SECO would read as clean.
        out["other_lists"] = summary_text(rep.other_lists()) if rep else ""
        # Positive information (DOMAIN §2.9), apart from every status.
        out["redlists"] = redlist_text(rep.redlists) if rep else ""
        with_ = list(map(_statuses_text, self.others))
        more = len(self.match.others) - len(self.others)
        if more > 0:  # past MAX_OTHERS: not screened, but not hidden either
            with_.append(f"{more} more not screened")
        out["ambiguous_with"] = "; ".join(with_)
        # A limit reached: a clean status on this row is not a clean bill.
        out["incomplete"] = "; ".join(x["note"] for x in rep.incomplete) if rep else ""
        out["top_explanation"] = top.explanation if top else ""
        return out


def _statuses_text(rep: ExposureReport) -> str:
    """``id (name): regime=status ...`` (``none`` when no regime has a status), and how
    many limits its screen reached: a ``none`` beside one is not a clean bill."""
    found = " ".join(f"{k}={v}" for k, v in rep.statuses().items() if v not in ("none", ""))
    cut = f" (incomplete: {len(rep.incomplete)} limit(s) reached)" if rep.incomplete else ""
    return f"{rep.entity.get('id', '')} ({rep.entity.get('name', '')}): {found or 'none'}{cut}"


def screen(
    store: Store,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    as_of: date,
    *,
    heuristics: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> list[ScreenRow]:
    """Match every non-empty row and compute each matched entity's exposure once;
    ``progress(done, total)`` after each row (blank ones counted).

    A row's ``row`` is its ``line`` when it has one (rows read by
    ``graph.risk.screen_files`` do: the line in the file), else its position counted
    from line 2 below a header on line 1."""
    cols = detect_columns(headers)
    companies = company_only(headers)
    cache: dict[str, ExposureReport] = {}
    out: list[ScreenRow] = []
    for i, row in enumerate(rows):
        values = {
            f: str(row[c]).strip() if c < len(row) and row[c] is not None else ""
            for f, c in cols.items()
        }
        if not any(values.values()):
            if progress is not None:
                progress(i + 1, len(rows))
            continue
        m = match_row(store, values, companies_only=companies)
        reps = []
        for nid in [m.entity_id, *m.others[:MAX_OTHERS]] if m.entity_id else []:
            if nid not in cache:
                cache[nid] = exposure(store, nid, as_of, heuristics=heuristics)
            reps.append(cache[nid])
        rep, others = (reps[0], reps[1:]) if reps else (None, [])
        out.append(ScreenRow(getattr(row, "line", i + 2), values, m, rep, others))
        if progress is not None:
            progress(i + 1, len(rows))
    return out
