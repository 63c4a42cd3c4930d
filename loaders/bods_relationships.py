"""BODS ownership-or-control statements -> OWNS, CONTROLS, OFFICER_OF, LINKED_TO.

One relationship per interest, interested party -> subject; mapping in
``loaders.bods_map.INTERESTS``; replacement and dangling references as described in
``loaders.bods``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from graph.errors import ModelError
from graph.model import Node, NodeType, Provenance, Rel, RelType, rel_id
from loaders.bods_map import INTERESTS, UNKNOWN_INTEREST, bods_day, bods_share
from loaders.bods_map import interest_kind as _kind
from loaders.bods_statements import Statement, StatementIndex
from loaders.records import Quarantined, Record, Stub, Warned
from loaders.spill import SpillSet


def _party(value: Any) -> tuple[str | None, NodeType | None, str | None]:
    """(referenced record id, its type when the statement says, unspecified reason)."""
    if isinstance(value, str) and value:
        return value, None, None
    if not isinstance(value, dict):
        return None, None, "missing"
    for key, ntype in (
        ("describedByEntityStatement", NodeType.COMPANY),
        ("describedByPersonStatement", NodeType.PERSON),
    ):
        if value.get(key):
            return str(value[key]), ntype, None
    unspecified = value.get("unspecified") if "unspecified" in value else value
    reason = unspecified.get("reason") if isinstance(unspecified, dict) else None
    return None, None, str(reason or "unspecified")


def relationship_records(
    file: str,
    st: Statement,
    prov: tuple[Provenance, ...],
    index: StatementIndex,
    stubs: SpillSet,
) -> Iterator[Record]:
    d = st.details
    subj, subj_type, subj_why = _party(d.get("subject"))
    party, party_type, party_why = _party(d.get("interestedParty"))
    if subj is None or party is None:
        which = "subject" if subj is None else "interested party"
        yield Quarantined(
            file, st.pos, f"{which} not specified ({subj_why or party_why})", st.sid, "record"
        )
        return
    ends = []
    for ref, ntype, kind_hint in ((subj, subj_type, "entity"), (party, party_type, None)):
        ends.append(f"bods:{ref}")
        if ref in index.records:
            continue
        yield Warned(file, st.pos, f"{st.sid}->{ref}", "reference to statement not in file")
        if ref not in stubs:
            stubs.add(ref)
            guessed = ntype is None and kind_hint is None
            t = ntype or NodeType.COMPANY
            what = "person" if t is NodeType.PERSON else "entity"
            props: dict[str, Any] = {"bods_record": ref}
            if guessed:
                props["stub_type_guessed"] = True
            yield Stub(Node(f"bods:{ref}", t, f"({what} {ref} not in file)", props=props))
    dst, src = ends
    interests = [i for i in d.get("interests") or () if isinstance(i, dict)]
    base: dict[str, Any] = {"bods_statement": st.sid}
    if st.replaces:
        base["replaces"] = st.replaces
    superseded = index.replaced_by.get(st.sid)
    if superseded:
        base["superseded_by"] = superseded[0]
        base["status"] = "superseded"
    if st.status:
        base["record_status"] = st.status
    closed_on = st.day if st.status == "closed" else None
    cut = superseded[1] if superseded else closed_on
    if not interests:
        yield Rel(
            rel_id(RelType.LINKED_TO, src, dst, prov[0].source, f"{st.rid}|-"),
            RelType.LINKED_TO,
            src,
            dst,
            end=cut,
            props={**base, "kind": "unknown_interest", "note": "statement lists no interests"},
            provenance=prov,
        )
        return
    for i, interest in enumerate(interests):
        yield from _interest(file, st, prov, src, dst, i, interest, base, cut)


def _interest(
    file: str,
    st: Statement,
    prov: tuple[Provenance, ...],
    src: str,
    dst: str,
    i: int,
    interest: dict[str, Any],
    base: dict[str, Any],
    cut: date | None,
) -> Iterator[Record]:
    raw_type = str(interest.get("type") or "unknown-interest")
    kind = _kind(raw_type)
    m = INTERESTS.get(kind)
    if m is None:
        m = UNKNOWN_INTEREST
        yield Warned(file, st.pos, st.sid, f"interest type {raw_type!r} not in BODS codelists")
    props: dict[str, Any] = {**base, "kind": kind.replace("-", "_"), "interest_type": raw_type}
    if m.basis:
        props["control_basis"] = m.basis
    for key, out in (
        ("interestLevel", "direct_or_indirect"),
        ("directOrIndirect", "direct_or_indirect"),
        ("beneficialOwnershipOrControl", "beneficial_ownership_or_control"),
        ("details", "details"),
    ):
        if interest.get(key) is not None:
            props[out] = interest[key]
    share = None
    raw_share = interest.get("share")
    if isinstance(raw_share, dict) and raw_share:
        props["share_raw"] = {k: str(v) for k, v in raw_share.items()}
        try:
            share = bods_share(raw_share)
        except ModelError as exc:
            yield Warned(file, st.pos, st.sid, "share not usable; kept without", exc.message)
    start = bods_day(interest.get("startDate"))
    end = bods_day(interest.get("endDate"))
    if cut is not None and (end is None or cut < end):
        end = cut if start is None or cut >= start else start
    if start and end and end < start:
        yield Warned(file, st.pos, st.sid, "interest ends before it starts; dates dropped")
        start = end = None
    yield Rel(
        rel_id(m.rel, src, dst, prov[0].source, f"{st.rid}|{i}|{kind}"),
        m.rel,
        src,
        dst,
        role=m.role,
        share=share if m.rel is not RelType.OFFICER_OF else None,
        start=start,
        end=end,
        props=props,
        provenance=prov,
    )
