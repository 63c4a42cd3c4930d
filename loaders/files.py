"""Opening source files: plain or gzipped text, CSV rows with line numbers.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
>>> _ = p.write_text("h1,h2\\nx,y\\n", encoding="utf-8")
>>> list(csv_rows(p))
[(1, ['h1', 'h2']), (2, ['x', 'y'])]
>>> _ = p.write_text('h1,h2\\nx,"y', encoding="utf-8")
>>> [getattr(r, "reason", r) for r in csv_rows(p)]
[(1, ['h1', 'h2']), 'file ends inside a quoted field: cut short']
"""

from __future__ import annotations

import codecs
import csv
import gzip
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TextIO

from graph.errors import InvalidInput, UnreadableInput
from loaders.records import Quarantined, Warned

# Enough of a file to tell its encoding without reading it all (files may be GBs).
SNIFF_BYTES = 1 << 16


def sniff_encoding(head: bytes) -> str:
    """The text encoding of a file that starts with ``head``.

    UTF-8 (``utf-8-sig``: Excel-saved CSVs start with a byte-order mark that would
    otherwise become part of the first header); UTF-16 when it has that BOM; else
    GB18030 (a superset of GBK, what Chinese Excel and registries export) when the
    bytes decode as it; else UTF-8, whose decoding error then names the place.

    >>> sniff_encoding("企业名称,代码".encode("gbk")), sniff_encoding("企业".encode())
    ('gb18030', 'utf-8-sig')
    >>> sniff_encoding("企业".encode("utf-8")[:-1])  # cut inside the last character
    'utf-8-sig'
    """
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding, name in (("utf-8", "utf-8-sig"), ("gb18030", "gb18030")):
        try:
            # Not final: the sample may end inside a multi-byte character.
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return name
    return "utf-8-sig"


def open_text(path: Path, encoding: str | None = None, errors: str = "strict") -> TextIO:
    """Open ``path`` for reading text; ``.gz`` is decompressed on the fly; the
    encoding is sniffed from the first bytes unless given."""
    try:
        if encoding is None:
            opener = gzip.open if path.suffix == ".gz" else open
            with opener(path, "rb") as raw:
                encoding = sniff_encoding(raw.read(SNIFF_BYTES))
        if path.suffix == ".gz":
            return gzip.open(path, "rt", encoding=encoding, errors=errors, newline="")
        return path.open("r", encoding=encoding, errors=errors, newline="")
    except (OSError, EOFError) as exc:
        why = getattr(exc, "strerror", None) or exc
        raise InvalidInput(f"cannot read {path}: {why}", path=str(path)) from exc


CUT_SHORT = "file ends inside a quoted field: cut short"
UNDECODABLE = "bytes not in the file's encoding"
NO_FINAL_BREAK = "no line break after the last row: the file may be cut short"

# Fed to the csv reader after a file's last line.  The csv module does not say whether
# a file ended inside a quoted field: its lenient reader hands back the open field as
# if it were whole (a cut-off "53.57" reads "53"), and its strict one also refuses the
# stray quotes real files carry.  A record still open swallows this text; a closed one
# leaves it as a row of its own.  Private-use characters: no source writes them.
_END = "\ue000credgraph: end of file\ue000"

CsvItem = tuple[int, list[str]] | Quarantined | Warned

# What ``surrogateescape`` makes of a byte the encoding cannot decode.
_UNDECODED = re.compile("[\udc80-\udcff]")


class _Lines:
    """A text file's lines for the csv reader, then ``_END``; remembers the last line
    and whether a line since ``undecoded`` was last cleared held undecodable bytes."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh
        self.last = ""
        self.ended = False
        self.undecoded = False

    def __iter__(self) -> Iterator[str]:
        search = _UNDECODED.search
        for line in self.fh:
            self.last = line
            if search(line):
                self.undecoded = True
            yield line
        self.ended = True
        yield _END

    def unterminated(self) -> bool:
        # A DOS end-of-file byte (OFAC's sdn.csv ends with one) closes a file too.
        last = self.last.rstrip("\x1a")
        return last != "" and not last.endswith(("\n", "\r"))


def csv_rows(path: Path, encoding: str | None = None, *, kind: str = "record") -> Iterator[CsvItem]:
    """(line number, fields) for every CSV row; the number is that of the row's
    first physical line, so quoted newlines do not shift later numbers.

    A row holding bytes the file's encoding cannot decode is ``Quarantined``
    (``UNDECODABLE``) with those bytes shown as U+FFFD, whichever field they are in,
    and the rows after it load: such bytes mean the row was saved in another encoding
    (a GBK row in a UTF-8 file), and then all its non-ASCII text is garbled, not only
    the field where decoding failed.

    Between the rows, what is wrong with the file as such: a last row that the file
    cuts off inside a quoted field is ``Quarantined`` (``CUT_SHORT``, as ``kind``) in
    place of the row; a last row with no line break after it is kept and followed by
    a ``Warned`` (``NO_FINAL_BREAK``), since many writers leave that break out.

    Raises ``UnreadableInput`` (with ``line``, the first line not read) when the file
    cannot be read on: a truncated or corrupt gzip stream, an I/O error, a field past
    the csv module's size limit.
    """
    file = label(path)
    # surrogateescape: undecodable bytes are one bad row, not the end of the file
    # (a strict decoder fails a whole buffer ahead of the row, naming the wrong line).
    with open_text(path, encoding, errors="surrogateescape") as fh:
        lines = _Lines(fh)
        reader = csv.reader(lines)
        start = 1
        last: tuple[int, list[str]] | None = None
        try:
            for row in reader:
                if lines.ended:
                    if row != [_END]:
                        row[-1] = row[-1].removesuffix(_END)
                        cut = _shown(row)
                        detail = f"field {len(cut)} ends {cut[-1][-40:]!r}"
                        yield Quarantined(file, start, CUT_SHORT, cut, kind, detail)
                        last = None
                    break
                if lines.undecoded:
                    lines.undecoded = False
                    yield _undecodable(file, start, row, fh.encoding, kind)
                    last = None  # quarantined already: a warning would add nothing
                else:
                    yield start, row
                    if any(row):
                        last = (start, row)
                start = reader.line_num + 1
        except (csv.Error, EOFError, OSError, zlib.error) as exc:
            reached = reader.line_num + 1
            raise UnreadableInput(
                f"{path}: unreadable at line {reached}: {exc}", path=str(path), line=reached
            ) from exc
    if last is not None and lines.unterminated():
        line, row = last
        yield Warned(file, line, "", NO_FINAL_BREAK, f"last value {row[-1][-40:]!r}")


def _undecodable(file: str, line: int, row: list[str], encoding: str, kind: str) -> Quarantined:
    bad = [i for i, c in enumerate(row, start=1) if _UNDECODED.search(c)]
    fields = ", ".join(map(str, bad))
    detail = f"field(s) {fields} not {encoding.removesuffix('-sig')}"
    return Quarantined(file, line, UNDECODABLE, _shown(row), kind, detail)


def _shown(row: list[str]) -> list[str]:
    # Undecodable bytes as U+FFFD: the quarantine file and reports are UTF-8, which
    # has no lone surrogates.
    return [_UNDECODED.sub("\ufffd", c) for c in row]


def csv_header(path: Path, rows: Iterator[CsvItem]) -> list[str] | None:
    """The first row of ``rows`` (a header), or None for an empty file; ``InvalidInput``
    when the file is cut short inside it."""
    first = next(rows, None)
    if first is None:
        return None
    if isinstance(first, Quarantined):
        raise InvalidInput(f"{path}: header row unusable: {first.reason}", path=str(path))
    if isinstance(first, Warned):  # only ever follows a row
        raise AssertionError(first)
    return first[1]


def label(path: Path) -> str:
    """Short name for a file in reports and record ids: its folder and name, because
    sources reuse file names across folders (``1999/北京.csv``, ``2002/北京.csv``)."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def folder_files(folder: Path) -> list[Path]:
    """The visible files directly in ``folder``, in name order (what a format that reads
    a folder file by file reads)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
