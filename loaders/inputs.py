"""What a load reads for each path it is given: one file, or a folder's files one by one.

>>> from loaders.formats import get_format
>>> from loaders.report import LoadReport
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "x.json").write_text('{"statementID": "s"}', encoding="utf-8")
>>> report = LoadReport("uk-psc", "s", [str(folder)])
>>> [f for f, _ in inputs(get_format("uk-psc"), folder, "s", {}, report)]
[]
>>> [Path(x["file"]).name for x in report.skipped_files]
['x.json']
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput
from loaders.files import folder_files, label
from loaders.formats import Format
from loaders.report import LoadReport


def inputs(
    fmt: Format, path: Path, source: str, options: dict[str, Any], report: LoadReport
) -> Iterator[tuple[str, Iterable[object]]]:
    """(file label, its records) for ``path``.  A folder of a per-file format is read
    file by file, and a file in it that the reader refuses before its first record (a
    file of another kind beside the format's own) is listed in ``report.skipped_files``
    with the reason, not fatal: a file named on its own still is."""
    if not (fmt.per_file and path.is_dir()):
        yield label(path), fmt.reader(path, source=source, **options)
        return
    for f in folder_files(path):
        records = iter(fmt.reader(f, source=source, **options))
        try:
            first = next(records, None)
        except InvalidInput as exc:
            # Readers start their messages with the path, which the listing gives.
            report.skip_file(str(f), exc.message.removeprefix(f"{f}: "))
            continue
        if first is not None:
            yield label(f), itertools.chain((first,), records)
