"""Opening source files: plain or gzipped text, CSV rows with line numbers.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
>>> _ = p.write_text("h1,h2\\nx,y\\n", encoding="utf-8")
>>> list(csv_rows(p))
[(1, ['h1', 'h2']), (2, ['x', 'y'])]
"""

from __future__ import annotations

import codecs
import csv
import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from graph.errors import InvalidInput

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


def open_text(path: Path, encoding: str | None = None, errors: str = "strict") -> IO[str]:
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


def csv_rows(path: Path, encoding: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for every CSV row; the number is that of the row's
    first physical line, so quoted newlines do not shift later numbers."""
    with open_text(path, encoding) as fh:
        reader = csv.reader(fh)
        start = 1
        try:
            for row in reader:
                yield start, row
                start = reader.line_num + 1
        except (UnicodeDecodeError, csv.Error, EOFError, OSError) as exc:
            raise InvalidInput(
                f"{path}: unreadable at line {reader.line_num + 1}: {exc}",
                path=str(path),
                line=reader.line_num + 1,
            ) from exc


def label(path: Path) -> str:
    """Short name for a file in reports and record ids: its folder and name, because
    sources reuse file names across folders (``1999/北京.csv``, ``2002/北京.csv``)."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def folder_files(folder: Path) -> list[Path]:
    """The visible files directly in ``folder``, in name order (what a format that reads
    a folder file by file reads)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
