"""The one place that writes: run a reader, batch its records into a store, report.

Rules (issue 3):

- Nodes and relationships go through ``Store.upsert_nodes`` / ``upsert_rels`` in
  batches; each batch is one store transaction.
- Entity resolution (``loaders.resolve``): a node whose strong id (USCC, LEI,
  registry number, organization code) names an entity of another source is re-keyed
  onto that entity before it is written; after the load, name candidates are
  proposed for review (``loaders.matches``, counted in ``report.candidates``).
- A node counts as *merged* when its id (after resolution) already resolved in the
  store before its batch was written, or appeared earlier in the same load; so does a
  relationship whose id the store had, or that appeared earlier in the load.
- A relationship needs both ends.  An end is present when a node of the load carries
  that id (in any file, before or after the relationship) or the store resolves it;
  otherwise a ``Stub`` the reader offered for that id is written; otherwise the
  relationship is quarantined as ``dangling reference`` and counted as skipped.
- Every ``Quarantined`` record is written to the quarantine file (JSON lines, opened
  only when the first one arrives) and counted; nothing is dropped silently.
- A folder given to a format that reads files one by one (``Format.per_file``) is
  read file by file; a file in it that the reader refuses outright (of another kind)
  is listed in ``report.skipped_files`` with the reason and the rest loads.
- ``complete``: the files are the complete list(s) as published on that day; after
  the load, this source's listings on the lists the load wrote to that the load did
  not write again end on that day (``loaders.delisting``), counted in
  ``report.ended``.
- A file that cannot be read on past some point (``UnreadableInput``: a truncated
  gzip stream, an I/O error) stops the load there: what was read before it is
  written completely (the relationships waiting for their ends too), no listing ends
  (``complete``), name candidates are proposed, and ``UnreadableInput`` is raised
  with the report (``report.stopped`` says where) and a message that counts what
  was written.
- ``strict``: a dry pass runs first (same reader, same checks, no writes); when any
  record would be skipped, or any file of a folder, the load raises ``InvalidInput``
  and writes nothing.

Reloading the same files upserts the same ids, so the store's counts do not change.

One pass over the input (intake, batches, relationship ends) is
``loaders.load_pass.LoadPass``; this module runs the passes inside the store's bulk
load and proposes the name candidates after it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from contextlib import nullcontext
from datetime import date
from fractions import Fraction
from itertools import chain
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput, UnreadableInput
from graph.store.base import DEFAULT_BATCH, Store, bulk_load
from loaders.delisting import DEFAULT_MAX_ENDED, Plan, absent_listings, guard
from loaders.formats import Format, check_options, get_format
from loaders.inputs import inputs
from loaders.load_pass import LoadPass, Progress
from loaders.matches import propose
from loaders.regimes import regime_override
from loaders.report import LoadReport
from loaders.spill import SpillSet


def _propose(run: LoadPass) -> None:
    """Entity resolution by name, after every entity of the load is written and the
    store's load has ended (its name indexes are complete then).  Entities already
    stored and unchanged for matching had their candidates proposed when first
    written (a reload skips their searches), unless the load that wrote them stopped
    before proposing: those are still marked awaiting (``LoadPass.awaiting``) and are
    compared now, whatever this load holds."""
    if not run.dry_run:
        settled = run.settled
        compare = [i for i in run.resolver.to_compare() if not settled.get(i)]
        compare = list(dict.fromkeys([*compare, *run.awaiting]))
        run.report.candidates = propose(run.store, compare, run.resolver.pairs)
        # Every mark goes, the largest source group's of a load into an empty store
        # too: a cross-source pair is found from either side (``Resolver.to_compare``).
        run.store.proposals_made(chain(run.awaiting, run.marked))
    if run.progress:
        run.progress("done", run.records)


def _delist(
    run: LoadPass,
    sources: Sequence[str],
    written: SpillSet,
    published: date,
    covers: Sequence[str],
    max_ended: Fraction,
) -> None:
    """End each source's listings the complete list no longer has, on the lists the
    load wrote to and those its format always covers (after the store's load has
    ended: its relationship indexes are back then), unless ``guard`` refuses."""
    lists = run.listed_on | set(covers)
    plans = [absent_listings(run.store, lists, s, written, published) for s in sources]
    plan = Plan([r for p in plans for r in p.ended], sum(p.open for p in plans))
    refused = guard(plan, written=len(written), max_ended=max_ended)
    run.report.delisted(plan.ended, published, refused)
    if plan.ended and refused is None and not run.dry_run:
        run.store.upsert_rels(plan.ended)


def _run(
    store: Store,
    fmt: Format,
    paths: Sequence[Path],
    source: str | None,
    options: dict[str, Any],
    *,
    dry_run: bool,
    quarantine_path: Path | None,
    progress: Progress | None,
    batch_size: int,
    complete: date | None,
    max_ended: Fraction,
) -> LoadReport:
    sources = {p: fmt.source_for(p, source) for p in paths}
    names = ", ".join(dict.fromkeys(sources.values()))
    report = LoadReport(fmt.name, names, [str(p) for p in paths], dry_run=dry_run)
    started = time.perf_counter()
    run = LoadPass(
        store,
        report,
        batch_size=batch_size,
        dry_run=dry_run,
        quarantine_path=quarantine_path,
        progress=progress,
        track_listings=complete is not None,
    )
    stopped: UnreadableInput | None = None
    try:
        # One store load for the whole run: the SQLite store then skips per-batch
        # lookups and builds its name indexes once, at its end, before the name
        # candidates are looked for.
        with nullcontext() if dry_run else bulk_load(store):
            for path in paths:
                if not path.exists():
                    raise InvalidInput(f"no such file or folder: {path}", path=str(path))
                stopped = _read(run, inputs(fmt, path, sources[path], options, report))
                if stopped is not None:
                    where = {k: v for k, v in stopped.data.items() if k in ("line", "record")}
                    file = str(stopped.data.get("path", path))
                    report.stopped = {"file": file, **where, "reason": stopped.message}
                    break
            # Also after a file stopped being readable: its relationships wait here for
            # their ends, and nodes without them would leave an inconsistent store.
            run.finish()
        # A file read only in part is no complete list: nothing may end for its absence.
        if complete is not None and run.listings is not None and stopped is None:
            _delist(
                run, list(dict.fromkeys(sources.values())), run.listings, complete, fmt.covers,
                max_ended,
            )  # fmt: skip
        # Also for a stopped load: a rerun skips the searches of entities already stored.
        _propose(run)
    finally:
        run.close()
    report.seconds = time.perf_counter() - started
    if stopped is not None:
        raise UnreadableInput(
            _stopped_message(report, stopped), **stopped.data, report=report
        ) from stopped
    return report


def _read(run: LoadPass, files: Iterable[tuple[str, Iterable[object]]]) -> UnreadableInput | None:
    """Take every record of ``files``; the error that stopped a file being read, if one
    did (what was read before it stays taken)."""
    for file, recs in files:
        try:
            for rec in recs:
                run.take(file, rec)
        except UnreadableInput as exc:
            return exc
    return None


def _stopped_message(report: LoadReport, exc: UnreadableInput) -> str:
    if report.dry_run:
        return f"{exc.message}; nothing was written"
    counts = ", ".join(f"{k} {c.written:,}" for k, c in sorted(report.counts.items()) if c.written)
    return (
        f"{exc.message}; the load stopped there, nothing after it was read. What was read "
        f"before it is written, nodes with their relationships: {report.written_total:,} "
        f"records ({counts or 'none'}). Load a complete copy to finish: records already "
        "written are updated, not doubled"
    )


def load(
    store: Store,
    fmt: str,
    paths: Iterable[str | Path],
    source: str | None = None,
    progress: Progress | None = None,
    quarantine_path: str | Path | None = None,
    strict: bool = False,
    *,
    regime: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    dry_run: bool = False,
    complete: date | None = None,
    max_ended: Fraction = DEFAULT_MAX_ENDED,
) -> LoadReport:
    """Load ``paths`` of format ``fmt`` into ``store`` and report what happened.

    ``source``: the provenance source name, else the format's for each path
    (``Format.source_for``: a bundle is named after its folder).

    ``dry_run``: read, check and count everything, write nothing (``strict``'s first
    pass, on its own).  ``complete``: the files are the complete list(s) as published
    that day (see the module); ``max_ended`` bounds the share of the sources' open
    listings such an edition may end (``loaders.delisting.guard``: past it, and for an
    edition listing nobody, nothing ends and ``report.delist_refused`` says why).
    Raises ``InvalidInput`` for an unknown format, a missing or unreadable file, a file that is not of the format, or (``strict``) any record
    that would be skipped.
    """
    f = get_format(fmt)
    options: dict[str, Any] = {"regime": regime_override(regime) if regime is not None else None}
    check_options(f, options)
    options = {k: v for k, v in options.items() if v is not None}
    path_list = [Path(p) for p in paths]
    if not path_list:
        raise InvalidInput("no input files given", format=fmt)
    qpath = Path(quarantine_path) if quarantine_path is not None else None
    if strict or dry_run:
        dry = _run(
            store,
            f,
            path_list,
            source,
            options,
            dry_run=True,
            quarantine_path=qpath,
            progress=progress,
            batch_size=batch_size,
            complete=complete,
            max_ended=max_ended,
        )
        if dry_run:
            return dry
        if dry.skipped_files:
            raise InvalidInput(
                f"--strict: {len(dry.skipped_files)} file(s) could not be read as {fmt}: "
                + "; ".join(f"{x['file']}: {x['reason']}" for x in dry.skipped_files)
                + "; nothing was loaded",
                files=dry.skipped_files,
                report=dry.to_dict(),
            )
        if dry.skipped_total:
            raise InvalidInput(
                f"--strict: {dry.skipped_total} record(s) would be skipped; nothing was loaded",
                skipped=dry.skipped_total,
                reasons=dict(dry.quarantined),
                report=dry.to_dict(),
            )
    return _run(
        store,
        f,
        path_list,
        source,
        options,
        dry_run=False,
        quarantine_path=qpath,
        progress=progress,
        batch_size=batch_size,
        complete=complete,
        max_ended=max_ended,
    )
