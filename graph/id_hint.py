"""Why a pasted identifier answers to no entity: a USCC or LEI that fails its check.

Every place that takes an id (``show``, the risk commands, ``match``, every page of the
explorer) resolves it through ``graph.risk.subgraph.resolve_id``; when nothing answers
and the id looks like a USCC or an LEI that is invalid, the error says why, in the same
words everywhere ("check character expected H, found J").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from graph.lei import validate_lei
from graph.uscc import UsccCheck, normalize_identifier, normalize_uscc, validate_uscc

# 15 characters is a legacy registration number (注册号), not a mistyped USCC.
_CODE_LIKE = re.compile(r"^[0-9A-Z]{16,20}$")
# Check digits last, and digits enough that a 20-letter word is not taken for a code.
_LEI_LIKE = re.compile(r"^(?=(?:[A-Z]*[0-9]){6})[0-9A-Z]{18}[0-9]{2}$")
_POSITION = re.compile(r"at position (\d+)")


def code_hint(text: str) -> UsccCheck | None:
    """A USCC check for input that looks like a registration code, else None.

    Lets a search box say why a pasted code finds nothing (one wrong character).

    >>> code_hint("华为") is None
    True
    >>> code_hint("91440300192185379J").issue
    'bad_check'
    >>> code_hint("91440300192185379H").valid
    True
    """
    code = normalize_uscc(text)
    if not _CODE_LIKE.match(code) or sum(c.isdigit() for c in code) < 8:
        return None
    return validate_uscc(code)


@dataclass(frozen=True, slots=True)
class IdHint:
    """Why a pasted identifier is invalid (``kind`` is ``uscc`` or ``lei``); ``issue``,
    ``expected``, ``found`` and ``position`` let a page say it in its own language."""

    kind: str
    code: str
    valid: bool
    message: str
    issue: str = ""
    expected: str = ""
    found: str = ""
    position: int = 0

    @property
    def reason(self) -> str:
        """``91440300192185379J is not a valid USCC: check character expected H, found J``."""
        return (
            f"{self.code} is not a valid {'USCC' if self.kind == 'uscc' else 'LEI'}: {self.message}"
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def id_hint(text: str) -> IdHint | None:
    """A check of input that looks like a USCC or an LEI, else None.

    >>> id_hint("华为") is None
    True
    >>> id_hint("lei:506700GE1G29325QX364").message
    'check digits expected 63, found 64'
    >>> h = id_hint("9144030O192185379H")
    >>> h.kind, h.issue, h.found, h.position
    ('uscc', 'bad_charset', 'O', 8)
    >>> id_hint("91440300192185379J").reason
    '91440300192185379J is not a valid USCC: check character expected H, found J'
    """
    raw = text.strip()
    lowered = raw.lower()
    # A USCC has 18 characters, an LEI 20: a 20-character code is read as an LEI.
    bare = normalize_identifier(raw)
    check: UsccCheck | None
    issue: str | None
    expected: str | None
    found: str | None
    if lowered.startswith("lei:") or (not lowered.startswith("uscc:") and _LEI_LIKE.match(bare)):
        kind = "lei"
        lei = validate_lei(raw.split(":", 1)[1] if lowered.startswith("lei:") else raw)
        code, valid, message = lei.code, lei.valid, lei.message
        issue, expected, found = lei.issue, lei.expected, lei.found
    else:
        kind = "uscc"
        check = code_hint(raw[5:] if lowered.startswith("uscc:") else raw)
        if check is None:
            return None
        code, valid, message = check.code, check.valid, check.message
        issue, expected, found = check.issue, check.expected, check.found
    at = _POSITION.search(message)
    return IdHint(kind, code, valid, message, issue or "", expected or "", found or "",
                  int(at[1]) if at else 0)  # fmt: skip


def invalid_id_hint(text: str) -> IdHint | None:
    """``id_hint`` when the id looks like a USCC or LEI and fails its check, else None."""
    hint = id_hint(text)
    return hint if hint is not None and not hint.valid else None
