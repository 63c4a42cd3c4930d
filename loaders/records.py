"""What readers yield: model records, plus the records they could not use.

A reader never writes and never drops a record silently: it yields a ``Node`` or
``Rel`` for what it understood, a ``Warned`` beside a record kept despite an oddity,
a ``Quarantined`` for a record that cannot be used, and a ``Stub`` for a node the
pipeline may create only when a relationship needs it and nothing else provides it.

``reason`` is a category, the same text for every record it applies to, so that a
load report counts it (``"bad end_date"``: 1,204); what is particular to the record
(the value, the other statement, the sum) goes in ``detail``.

>>> q = Quarantined("a.csv", 7, "wrong field count", ["x"], detail="3 fields, 5 expected")
>>> q.to_dict()["reason"], q.to_dict()["detail"]
('wrong field count', '3 fields, 5 expected')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.model import Node, Rel

# The reason every reader gives a row with the wrong number of fields.
WRONG_WIDTH = "wrong field count"


@dataclass(frozen=True, slots=True)
class Quarantined:
    """A source record that could not be turned into nodes or relationships.

    ``kind`` is the node or relationship type it would have been when the reader
    knows it (counted as skipped under that type), else ``"record"``.
    """

    file: str
    line_or_record_id: int | str
    reason: str
    raw: Any = None
    kind: str = "record"
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "record": self.line_or_record_id,
            "reason": self.reason,
            "detail": self.detail,
            "kind": self.kind,
            "raw": self.raw,
        }


@dataclass(frozen=True, slots=True)
class Warned:
    """An odd but real record that was kept (bad USCC check, shares past 100 %, ...)."""

    file: str
    line: int | None
    record_id: str
    reason: str
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "record_id": self.record_id,
            "reason": self.reason,
            "detail": self.detail,
        }


@dataclass(frozen=True, slots=True)
class Stub:
    """A minimal node for an id that relationships reference: written only when the
    id is neither in the loaded files nor already in the store."""

    node: Node


Record = Node | Rel | Quarantined | Warned | Stub

__all__ = ["WRONG_WIDTH", "Node", "Quarantined", "Record", "Rel", "Stub", "Warned"]
