"""BODS statements in one version-neutral form, and the index of a file's statements.

0.2 statements carry ``statementID``/``statementType`` and are referred to by
statement id; 0.4 statements carry ``statementId``/``recordId``/``recordType``/
``recordDetails`` and are referred to by record id.

>>> statement(1, {"statementID": "s1", "statementType": "personStatement"}).rid
's1'
>>> statement(2, {"hello": 1})
'not a BODS statement (no statementID/statementType or recordId/recordType)'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput
from loaders.bods_json import json_records
from loaders.bods_map import bods_day
from loaders.spill import SpillMap, SpillSet

_TYPES_02 = {
    "entityStatement": "entity",
    "personStatement": "person",
    "ownershipOrControlStatement": "relationship",
}
_TYPES_04 = {"entity": "entity", "person": "person", "relationship": "relationship"}


@dataclass(slots=True)
class Statement:
    """One BODS statement in version-neutral form."""

    pos: int
    sid: str  # statement id
    rid: str  # record id (0.4) or statement id (0.2): what references point at
    kind: str  # entity, person or relationship
    day: date | None
    details: dict[str, Any]
    replaces: list[str] = field(default_factory=list)
    status: str | None = None  # 0.4 recordStatus


def statement(pos: int, obj: Any) -> Statement | str:
    """The statement in ``obj``, or the reason it is not one."""
    if not isinstance(obj, dict):
        return "not a JSON object"
    if "recordType" in obj or "recordDetails" in obj:
        kind = _TYPES_04.get(str(obj.get("recordType")))
        sid, rid = obj.get("statementId"), obj.get("recordId")
        details = obj.get("recordDetails")
        if kind is None or not sid or not rid or not isinstance(details, dict):
            return "BODS 0.4 statement without statementId, recordId, recordType or details"
        return Statement(
            pos,
            str(sid),
            str(rid),
            kind,
            bods_day(obj.get("statementDate")),
            details,
            status=obj.get("recordStatus"),
        )
    kind = _TYPES_02.get(str(obj.get("statementType")))
    sid = obj.get("statementID") or obj.get("statementId")
    if kind is None or not sid:
        return "not a BODS statement (no statementID/statementType or recordId/recordType)"
    return Statement(
        pos,
        str(sid),
        str(sid),
        kind,
        bods_day(obj.get("statementDate")),
        obj,
        replaces=[str(s) for s in obj.get("replacesStatements") or () if s],
    )


class StatementIndex:
    """Pass 1: which records the file holds and which statements it replaces.

    A register dump has tens of millions of statements, so the index lives in
    ``loaders.spill`` containers (a temporary file past a limit); ``close`` drops them.
    """

    def __init__(self, path: Path) -> None:
        self.records = SpillSet()  # record ids
        self.replaced_by: SpillMap[tuple[str, date | None]] = SpillMap()
        self._replaces: SpillMap[list[str]] = SpillMap()  # only statements that replace
        first = True
        try:
            for pos, obj, _ in json_records(path):
                st = statement(pos, obj)
                if isinstance(st, str):
                    if first:
                        raise InvalidInput(f"{path}: record {pos}: {st}", path=str(path))
                    continue
                first = False
                self.records.add(st.rid)
                if st.replaces:
                    self._replaces[st.sid] = st.replaces
                for old in st.replaces:
                    self.replaced_by[old] = (st.sid, st.day)
        except BaseException:
            self.close()
            raise

    def replaced_chain(self, st: Statement) -> list[str]:
        """Every statement ``st`` replaces, directly or through statements of this file
        it replaces (an update of an update: references to the first must still find
        the last), nearest first."""
        out: list[str] = []
        seen = {st.sid}
        todo = list(st.replaces)
        while todo:
            sid = todo.pop(0)
            if sid in seen:
                continue  # a cycle in bad data
            seen.add(sid)
            out.append(sid)
            todo.extend(self._replaces.get(sid) or ())
        return out

    def close(self) -> None:
        for m in (self.records, self.replaced_by, self._replaces):
            m.close()
