"""Errors and identifier checks as a page shows them: in the page's language, with the
user's text and the data escaped (an id or a header is never Markdown) and secrets masked.

Errors carry their data as attributes (``graph.errors``); the ones a user meets on a
page (an unknown id, a file without a usable column) are told in the page's language,
any other in the words it was raised with.

>>> from graph.errors import NotFound
>>> error_text(NotFound("no entity with id '*x*'", id="*x*"), "zh")
'没有标识为“\\\\*x\\\\*”的主体。'
"""

from __future__ import annotations

from graph.errors import CredgraphError, InvalidInput, NotFound
from ui.access import redact
from ui.entity_profile import IdHint
from ui.i18n import t, tm
from ui.markup import md

# Screening-file errors of graph.risk.screen_files, by the end of their message.
_FILE_ERRORS = (
    (": the file has no header row", "no_header"),
    (": not UTF-8 or GB18030 text", "not_text"),
    (": not a readable XLSX workbook", "not_xlsx"),
    (": screening reads .csv or .xlsx files", "not_csv_xlsx"),
)


def hint_reason(hint: IdHint, lang: str | None = None) -> str:
    """Why ``hint``'s code is invalid, in ``lang`` (plain text).

    >>> from ui.entity_profile import id_hint
    >>> hint_reason(id_hint("91440300192185379J"), "zh")
    '校验位应为 H，实为 J'
    """
    values = {"expected": hint.expected, "found": hint.found}
    if hint.issue == "bad_check":
        return t("bad_check_lei" if hint.kind == "lei" else "bad_check", lang, **values)
    if hint.issue in ("bad_length", "legacy_pilot_checksum"):
        return t(hint.issue, lang, **values)
    if hint.issue == "bad_charset" and hint.position:
        return t("bad_charset", lang, found=hint.found, pos=hint.position)
    return hint.message


def hint_text(hint: IdHint, lang: str | None = None) -> str:
    """``X is not a valid USCC: why`` in ``lang``, escaped for Markdown."""
    key = "invalid_lei" if hint.kind == "lei" else "invalid_uscc"
    return tm(key, lang, code=hint.code, reason=hint_reason(hint, lang))


def error_text(exc: CredgraphError, lang: str | None = None) -> str:
    """The message a page shows for ``exc`` (Markdown-safe)."""
    message, data = exc.message, exc.data

    def value(key: str) -> str:
        return redact(str(data.get(key, "")))

    if isinstance(exc, NotFound) and message.startswith("no entity with id"):
        text = tm("no_entity", lang, id=value("id"))
        hint = data.get("hint")
        return text + " " + hint_text(hint, lang) if isinstance(hint, IdHint) else text
    if isinstance(exc, NotFound) and message.startswith("no entity matches"):
        return tm("no_match", lang, text=value("id"))
    if isinstance(exc, InvalidInput):
        if message.startswith("no column to match on"):
            headers = [redact(str(h)) for h in data.get("headers") or []]
            return tm("no_column", lang, found=", ".join(map(repr, headers)) or "—")
        if data.get("problem") == "not_findings":
            text = tm("not_findings", lang, name=value("path"), missing=value("missing"))
            return text + (
                " " + tm("is_summary", lang, suffix="-findings.csv") if data.get("summary") else ""
            )
        for tail, key in _FILE_ERRORS:
            if tail in message and "path" in data:
                return tm(key, lang, name=value("path"))
    return md(redact(message))
