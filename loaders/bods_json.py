"""JSON input for the BODS and GLEIF readers: an array or JSON lines, plain or gzipped.

The form is told from the content, not the name: gzip by its magic bytes, an array
by a leading ``[``.  Arrays are decoded object by object from a buffered stream, so
a register dump of gigabytes never sits in memory whole.  Numbers with a fraction
come back as ``Decimal`` so that a share of ``26.15`` stays 26.15.

>>> import tempfile, pathlib, gzip
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.json").write_text('[{"a": 1}, {"a": 2.5}]', encoding="utf-8")
>>> [(pos, obj) for pos, obj, _ in json_records(d / "a.json")]
[(1, {'a': 1}), (2, {'a': Decimal('2.5')})]
>>> with gzip.open(d / "b.data", "wt", encoding="utf-8") as fh:
...     _ = fh.write('{"a": 1}\\n\\n{"a": 2}\\n')
>>> [(pos, obj) for pos, obj, _ in json_records(d / "b.data")]
[(1, {'a': 1}), (3, {'a': 2})]
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from graph.errors import InvalidInput, UnreadableInput
from loaders.files import SNIFF_BYTES, sniff_encoding

GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 16
_decoder = json.JSONDecoder(parse_float=Decimal)
_WS = " \t\r\n"


def is_gzip(path: Path) -> bool:
    """True when the file starts with the gzip magic bytes, whatever its name."""
    with path.open("rb") as fh:
        return fh.read(2) == GZIP_MAGIC


def open_json_text(path: Path) -> IO[str]:
    """``path`` as text, decompressed when it is gzip; ``InvalidInput`` if unreadable."""
    try:
        if is_gzip(path):
            with gzip.open(path, "rb") as raw:
                encoding = sniff_encoding(raw.read(SNIFF_BYTES))
            return io.TextIOWrapper(gzip.open(path, "rb"), encoding=encoding)
        with path.open("rb") as raw:
            encoding = sniff_encoding(raw.read(SNIFF_BYTES))
        return path.open("r", encoding=encoding)
    except (OSError, EOFError) as exc:
        why = getattr(exc, "strerror", None) or exc
        raise InvalidInput(f"cannot read {path}: {why}", path=str(path)) from exc


def json_records(path: Path) -> Iterator[tuple[int, Any, str]]:
    """(position, decoded value or None, raw text) for each record of the file.

    Position is the 1-based line for JSON lines, the 1-based index for an array.
    A line or array element that does not decode yields ``None`` and its text, so
    the caller can quarantine it; a file that is neither form raises ``InvalidInput``.
    """
    with open_json_text(path) as fh:
        try:
            head = _first_char(fh)
            if head == "":
                return
            if head == "[":
                yield from _array(path, fh)
            else:
                yield from _lines(fh, head)
        except (UnicodeDecodeError, EOFError, OSError, zlib.error) as exc:
            raise UnreadableInput(f"{path}: not readable JSON: {exc}", path=str(path)) from exc


def _first_char(fh: IO[str]) -> str:
    while True:
        c = fh.read(1)
        if c == "" or c not in _WS:
            return c


def _lines(fh: IO[str], head: str) -> Iterator[tuple[int, Any, str]]:
    first = True
    for line, text in enumerate(fh, start=1):
        if first:
            text, first = head + text, False
        if not text.strip():
            continue
        try:
            yield line, _decoder.decode(text), text
        except json.JSONDecodeError:
            yield line, None, text


def _array(path: Path, fh: IO[str]) -> Iterator[tuple[int, Any, str]]:
    buf, pos, index = "", 0, 0
    eof = False
    while True:
        # Skip separators; stop at the closing bracket.
        while True:
            while pos < len(buf) and (buf[pos] in _WS or buf[pos] == ","):
                pos += 1
            if pos < len(buf) or eof:
                break
            buf, pos = fh.read(CHUNK), 0
            eof = buf == ""
        if pos >= len(buf) or buf[pos] == "]":
            return
        try:
            value, end = _decoder.raw_decode(buf, pos)
        except json.JSONDecodeError as exc:
            if eof:
                raise InvalidInput(
                    f"{path}: broken JSON array after element {index}: {exc.msg}",
                    path=str(path),
                    element=index,
                ) from exc
            more = fh.read(CHUNK)
            eof = more == ""
            buf, pos = buf[pos:] + more, 0
            continue
        if end == len(buf) and not eof:
            # A number or literal may continue in the next chunk; read on to be sure.
            more = fh.read(CHUNK)
            if more:
                buf, pos = buf[pos:] + more, 0
                continue
            eof = True
        index += 1
        yield index, value, buf[pos:end]
        pos = end
