"""Listing entries and their dates as findings cite them, said one way for every regime.

A listing whose source records no start date is counted (the conservative reading):
on every date, or from the day the legal basis of its programs took effect when the
loader could date that (``start_recorded`` false and ``start_basis`` on the listing,
see ``loaders.lists.undated_start``).  Every entry a finding cites reads its dates
through ``dates_text``.  A finding *rests on* an undated listing when a listed party it
names is listed under the regime, on the as-of date, only by entries without a recorded
start (``undated``); it is then flagged (``ExposureFinding.undated_listing``) and its
explanation ends with ``caveat``.

An undated entry is not cut off at the same party's dated listing on another list of
the regime, although a member state's list mirrors the EU's: a mirror may cite an older
act than the date the EU list records (in the ZALA extract the French Treasury's entry
for CST cites the EU act of 2023-06-23, SECO listed CST on 2023-06-28, and the EU list
records 2023-12-18).  Dropping the undated entry before that date would clear a party
that was probably listed; so the caveat names the party's earliest dated listing and
quotes the undated entry's own programs, and leaves the judgement to the reader.

>>> from datetime import date
>>> undated = ListingRef("FTM_FR", "fr_tresor_gels_avoir", source="opensanctions", record_id="fr-1",
...                      not_before=date(2014, 3, 17), start_basis="program EU-UKR: Reg. 269/2014",
...                      program_ids=("EU-UKR",))
>>> dates_text(undated)
'start date not recorded (counted from 2014-03-17: program EU-UKR: Reg. 269/2014)'
>>> dated = ListingRef("EU_FSF", "EU FSF", start=date(2025, 2, 24))
>>> dates_text(dated), undated_refs([undated, dated]), undated_refs([undated]) == [undated]
('since 2025-02-24', [], True)
>>> text = caveat("Z (ftm:Z)", "EU", [undated], dated, date(2016, 6, 1))
>>> "No start date is recorded" in text and "begins on 2025-02-24" in text
True
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from graph.catalog import Catalog
from graph.model import Node, Rel
from graph.risk.evidence import ListingRef


def listing_ref(rel: Rel, lst: Node | None, catalog: Catalog) -> ListingRef:
    """One LISTED_ON relationship as the entry a finding cites: the list (catalog names
    when it is a catalog list), the listing's dates and status, its programs and its
    source record.  A start the loader set from a program (``start_recorded`` false) is
    ``not_before``, never ``start``.

    >>> from graph.catalog import load_catalog
    >>> from graph.model import Provenance, RelType
    >>> r = Rel("r1", RelType.LISTED_ON, "X", "list:FTM_CH_SECO_SANCTIONS", start=date(2025, 3, 4),
    ...         provenance=(Provenance("opensanctions", "ch-seco-1"),))
    >>> ref = listing_ref(r, None, load_catalog())
    >>> ref.list_id, ref.start.isoformat(), ref.source, ref.record_id
    ('list:FTM_CH_SECO_SANCTIONS', '2025-03-04', 'opensanctions', 'ch-seco-1')
    """
    list_key = str(lst.props.get("list_id") or rel.dst) if lst else rel.dst
    meta = catalog.lists.get(list_key, {})
    prov = rel.provenance[0] if rel.provenance else None
    authorities = rel.props.get("authorities") or []
    recorded = rel.props.get("start_recorded") is not False
    return ListingRef(
        list_id=list_key,
        list_name=lst.name if lst is not None else rel.dst,
        list_name_zh=str(meta.get("name_zh") or ""),
        agency=str(meta.get("agency") or (authorities[0] if authorities else "")),
        start=rel.start if recorded else None,
        end=rel.end,
        status=str(rel.props.get("status") or "active"),
        case_no=str(rel.props.get("case_no") or ""),
        source=prov.source if prov else "",
        record_id=prov.record_id if prov else "",
        not_before=None if recorded else rel.start,
        start_basis="" if recorded else str(rel.props.get("start_basis") or ""),
        program_ids=_texts(rel.props.get("program_ids")),
        programs=_texts(rel.props.get("programs")),
    )


def _texts(values: object) -> tuple[str, ...]:
    if not isinstance(values, list | tuple):
        return ()
    return tuple(str(v) for v in values if v)


def dates_text(ref: ListingRef) -> str:
    """``since D``, or that the source records no start and from when it counts."""
    if ref.start is not None:
        text = f"since {ref.start.isoformat()}"
    elif ref.not_before is not None:
        text = f"start date not recorded (counted from {ref.not_before.isoformat()}"
        text += f": {ref.start_basis})" if ref.start_basis else ")"
    else:
        text = "start date not recorded"
    if ref.end is not None:
        text += f", until {ref.end.isoformat()}"
    return text


def programs_text(ref: ListingRef) -> str:
    return "; ".join(dict.fromkeys((*ref.program_ids, *ref.programs)))


def entry_text(ref: ListingRef, *, name: bool = True, details: bool = False) -> str:
    """One cited entry: list name, dates, source record, and with ``details`` its
    programs and authority."""
    text = f"{ref.list_name}, " if name else ""
    text += dates_text(ref)
    if ref.source:
        text += f" ({ref.source} record {ref.record_id})"
    if details:
        programs = programs_text(ref)
        if programs:
            text += f", programs: {programs}"
        if ref.agency:
            text += f", authority: {ref.agency}"
    return text


def _undated_entry(ref: ListingRef) -> str:
    """An undated entry in a caveat: where it is, from when it counts, what it cites."""
    text = ref.list_name
    if ref.source:
        text += f" ({ref.source} record {ref.record_id})"
    if ref.not_before is not None:
        text += f", counted from {ref.not_before.isoformat()}"
    programs = programs_text(ref)
    return text + (f", programs: {programs}" if programs else "")


def undated_refs(refs: Sequence[ListingRef]) -> list[ListingRef]:
    """``refs`` (one party's entries in force under one regime) when none of them has a
    recorded start, else none: a finding resting on them rests on undated listings."""
    return list(refs) if refs and all(r.start is None for r in refs) else []


def earliest_dated(refs: Sequence[ListingRef]) -> ListingRef | None:
    dated = [r for r in refs if r.start is not None]
    return min(dated, key=lambda r: (r.start or date.min, r.record_id)) if dated else None


def caveat(
    who: str,
    regime: str,
    undated: Sequence[ListingRef],
    dated: ListingRef | None,
    as_of: date,
    *,
    repeat: bool = True,
    searched: bool = True,
) -> str:
    """What a finding resting on ``who``'s undated entries under ``regime`` must say:
    which entries (unless the finding has just listed them: ``repeat`` False), how
    credgraph counts them, and ``who``'s earliest dated listing under the regime (any
    date), if there is one (``searched`` False: none was looked for)."""
    if repeat:
        entries = "; ".join(_undated_entry(r) for r in undated)
        head = (
            f"No start date is recorded for {who}'s {regime} listing"
            f"{'s' if len(undated) > 1 else ''} in force on this date: {entries}."
        )
    else:
        head = f"No start date is recorded for any of these {regime} entries."
    text = (
        f"{head} credgraph "
        "counts a listing without a recorded start as in force on every date, or from the "
        "day the legal basis of its program (or list) took effect where it knows that day "
        "(given with the entry), which is the conservative reading: this finding may "
        "predate the actual listing."
    )
    if dated is not None and dated.start is not None and dated.start > as_of:
        text += (
            f" {who}'s earliest {regime} listing with a recorded start begins on "
            f"{dated.start.isoformat()} ({entry_text(dated)}); before that day only the "
            "undated entries support this finding."
        )
    elif dated is not None:
        text += (
            f" {who}'s {regime} listing with a recorded start, {entry_text(dated)}, is not in "
            "force on this date."
        )
    elif searched:
        text += f" No {regime} listing of {who} has a recorded start."
    return text + " Check the listing's own date before relying on it."
