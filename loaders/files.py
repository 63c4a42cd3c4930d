"""Opening source files: plain or gzipped text, CSV rows with line numbers.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
>>> _ = p.write_text("h1,h2\\nx,y\\n", encoding="utf-8")
>>> list(csv_rows(p))
[(1, ['h1', 'h2']), (2, ['x', 'y'])]
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from graph.errors import InvalidInput


def open_text(path: Path, encoding: str = "utf-8-sig") -> IO[str]:
    """Open ``path`` for reading text; ``.gz`` is decompressed on the fly.

    ``utf-8-sig`` because Excel-saved CSVs start with a byte-order mark that would
    otherwise become part of the first header.
    """
    try:
        if path.suffix == ".gz":
            return gzip.open(path, "rt", encoding=encoding, newline="")
        return path.open("r", encoding=encoding, newline="")
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}", path=str(path)) from exc


def csv_rows(path: Path, encoding: str = "utf-8-sig") -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for every CSV row; the number is that of the row's
    first physical line, so quoted newlines do not shift later numbers."""
    with open_text(path, encoding) as fh:
        reader = csv.reader(fh)
        start = 1
        try:
            for row in reader:
                yield start, row
                start = reader.line_num + 1
        except (UnicodeDecodeError, csv.Error) as exc:
            raise InvalidInput(
                f"{path}: unreadable at line {reader.line_num + 1}: {exc}",
                path=str(path),
                line=reader.line_num + 1,
            ) from exc


def label(path: Path) -> str:
    """Short name for a file in reports and record ids: its folder and name, because
    sources reuse file names across folders (``1999/北京.csv``, ``2002/北京.csv``)."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name
