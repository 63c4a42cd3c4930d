"""One pass of a load over its input: the state and the batching steps that
``loaders.pipeline`` drives, record by record.

Apart from the pipeline because this is the per-record machinery (the hot path of
every load) and its bookkeeping, while the pipeline decides the passes (a dry one
first under ``strict``), the store's bulk load around them and the proposals after
them.  The rules it carries out are the pipeline's (see ``loaders.pipeline``):
resolution before a node is written, what counts as merged, relationship ends
present, stubbed or quarantined as ``dangling reference``, every ``Quarantined``
record written to the quarantine file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO

from graph.errors import InvalidInput
from graph.model import REL_ENDPOINTS, Node, NodeType, Rel, RelType
from graph.store.base import Store
from graph.store.merge import STUB
from loaders.candidates import same_for_matching
from loaders.fact_sources import stamped
from loaders.lists import is_list_scaffold
from loaders.records import Quarantined, Stub, Warned
from loaders.report import LoadReport, TypeCounts
from loaders.resolve import RESOLVED_TYPES, Resolver
from loaders.spill import SpillList, SpillMap, SpillSet

Progress = Callable[[str, int], None]
# get_many takes a list of ids; keep each call well under SQLite's variable limit.
LOOKUP_CHUNK = 500


class LoadPass:
    """One pass over the input: state shared by the batching steps."""

    def __init__(
        self,
        store: Store,
        report: LoadReport,
        *,
        batch_size: int,
        dry_run: bool,
        quarantine_path: Path | None,
        progress: Progress | None,
        track_listings: bool = False,
    ) -> None:
        self.store = store
        self.report = report
        self.batch_size = batch_size
        self.dry_run = dry_run
        self.quarantine_path = quarantine_path
        self.progress = progress
        self.qfile: IO[str] | None = None
        # Per-id bookkeeping grows with the load; past a limit it moves to a temporary
        # file (``loaders.spill``) so that a load of any size has bounded memory.
        # Every id or alias of a node in this load -> its type (types check rel ends).
        self.seen: SpillMap[NodeType] = SpillMap()
        self.seen_rels = SpillSet()
        self.nodes: list[tuple[Node, bool]] = []  # (node, duplicate within this load)
        self.rels: list[Rel] = []
        self.deferred: SpillList[tuple[str, Rel]] = SpillList()
        self.stubs: SpillMap[Node] = SpillMap()
        self.store_empty = _store_is_empty(store)
        self.resolver = Resolver(store, self.store_empty)
        self.resolved: SpillMap[bool] = SpillMap()
        self.counts: dict[NodeType | RelType, TypeCounts] = {}
        # Entity id as written -> True while its stored version already covers every
        # occurrence in this load as far as name matching looks, False once one does
        # not (``loaders.pipeline`` then proposes candidates for the others only).
        self.settled: SpillMap[bool] = SpillMap()
        # Entities an earlier load wrote but stopped before proposing candidates for
        # (``Store.await_proposals``), read before this load marks its own; and the
        # ids this load marked.  Marks are cleared once the candidates are proposed.
        self.awaiting: list[str] = [] if dry_run else store.awaiting_proposals()
        self.marked: SpillList[str] = SpillList()
        self.records = 0
        # With ``track_listings`` (a complete list, ``loaders.delisting``): the LISTED_ON
        # ids this load writes and the lists they are on.
        self.listings: SpillSet | None = SpillSet() if track_listings else None
        self.listed_on: set[str] = set()

    # -- intake ------------------------------------------------------------
    def take(self, file: str, rec: object) -> None:
        # Hot path (every record of every load): locals over attribute lookups, and
        # the relationship case first because loads carry more relationships.
        self.records += 1
        if isinstance(rec, Rel):
            self._counts(rec.type).read += 1
            seen = self.seen
            src_t, dst_t = seen.get(rec.src), seen.get(rec.dst)
            if src_t is not None and dst_t is not None:
                allowed_src, allowed_dst = REL_ENDPOINTS[rec.type]
                if (src_t in allowed_src and dst_t in allowed_dst) or self._types_ok(file, rec):
                    self.rels.append(rec)
                    if len(self.rels) >= self.batch_size:
                        self.flush_nodes()
                        self.flush_rels()
            else:
                self.deferred.append((file, rec))
        elif isinstance(rec, Node):
            rec = stamped(self._clean_names(file, rec))
            self._counts(rec.type).read += 1
            rec = self.resolver.resolve(rec)
            if self.resolver.ambiguous:
                for a in self.resolver.ambiguous:
                    self.report.warn(Warned(file, None, a.node, a.reason, a.detail()))
                self.resolver.ambiguous.clear()
            # Stores merge a node by its id only (its other ids are aliases that never
            # move), and the resolver has already re-keyed a node onto the entity a
            # strong id names: so the id alone says whether this is a merge.
            seen, ntype = self.seen, rec.type
            dup = rec.id in seen
            seen[rec.id] = ntype
            for i in rec.ids:
                seen[i] = ntype
            self.nodes.append((rec, dup))
            if len(self.nodes) >= self.batch_size:
                self.flush_nodes()
        elif isinstance(rec, Warned):
            self.report.warn(rec)
        elif isinstance(rec, Quarantined):
            self.quarantine(rec)
        elif isinstance(rec, Stub):
            for i in rec.node.all_ids:
                self.stubs.setdefault(i, rec.node)
        else:  # a reader bug, not bad data
            raise TypeError(f"reader yielded {type(rec).__name__}")
        if self.progress and self.records % self.batch_size == 0:
            self.progress("read", self.records)

    def _counts(self, kind: NodeType | RelType) -> TypeCounts:
        """The report's counts for ``kind``, without the enum's ``.value`` per record."""
        c = self.counts.get(kind)
        if c is None:
            c = self.counts[kind] = self.report.count(kind.value)
        return c

    def _clean_names(self, file: str, node: Node) -> Node:
        # A NUL never belongs in a name (it comes from binary junk or a bad export) and
        # it breaks full-text search queries built from names: drop it, say so.
        if "\x00" not in node.name and not (node.names and "\x00" in "".join(node.names)):
            return node
        self.report.warn(Warned(file, None, node.id, "NUL character removed from name"))
        names = tuple(n.replace("\x00", "") for n in node.names)
        return replace(node, name=node.name.replace("\x00", ""), names=names)

    def quarantine(self, q: Quarantined) -> None:
        self.report.quarantine(q)
        if self.quarantine_path is None:
            return
        if self.qfile is None:
            # No folder is made for it: a mistyped path must not create one silently.
            try:
                self.qfile = self.quarantine_path.open("w", encoding="utf-8")
            except OSError as exc:
                raise InvalidInput(
                    f"cannot write the quarantine file {self.quarantine_path}: "
                    f"{exc.strerror or exc}; name another with --quarantine",
                    path=str(self.quarantine_path),
                ) from exc
            self.report.quarantine_path = str(self.quarantine_path)
        self.qfile.write(json.dumps(q.to_dict(), ensure_ascii=False, default=str) + "\n")

    def _types_ok(self, file: str, rel: Rel) -> bool:
        allowed_src, allowed_dst = REL_ENDPOINTS[rel.type]
        src_t, dst_t = self.seen.get(rel.src), self.seen.get(rel.dst)
        if (src_t is None or src_t in allowed_src) and (dst_t is None or dst_t in allowed_dst):
            return True
        self.quarantine(
            Quarantined(
                file,
                _record_of(rel),
                "endpoint type mismatch",
                {"src": rel.src, "src_type": src_t, "dst": rel.dst, "dst_type": dst_t},
                rel.type.value,
            )
        )
        return False

    # -- writing -----------------------------------------------------------
    def flush_nodes(self) -> None:
        if not self.nodes:
            return
        batch, self.nodes = self.nodes, []
        existing = self._existing([n for n, dup in batch if not dup])
        settled = self.settled
        report = self.report
        unsettled: list[str] = []
        for n, dup in batch:
            c = self._counts(n.type)
            c.written += 1
            if not is_list_scaffold(n):
                report.from_files += 1
            before = None if dup else existing.get(n.id)
            if dup or before is not None:
                c.merged += 1
            if n.type in RESOLVED_TYPES:
                if self.store_empty:
                    unsettled.append(n.id)
                else:
                    ok = (
                        before is not None
                        and settled.get(n.id) is not False
                        and same_for_matching(before, n)
                    )
                    settled[n.id] = ok
                    if not ok:
                        unsettled.append(n.id)
        if not self.dry_run:
            # Marked before they are written, in a transaction of its own: a mark
            # without its node (killed in between) costs a search that finds nothing,
            # a node without its mark would never have its candidates proposed.
            if unsettled:
                self.store.await_proposals(unsettled)
                for i in unsettled:
                    self.marked.append(i)
            self.store.upsert_nodes([n for n, _ in batch], batch_size=len(batch))

    def flush_rels(self) -> None:
        if not self.rels:
            return
        batch, self.rels = self.rels, []
        seen_rels = self.seen_rels
        # Ids seen earlier in the load, or already in the store: one lookup each.
        unseen = {r.id: r.type for r in batch if r.id not in seen_rels}
        known = {r.id for r in batch if r.id not in unseen} | self._stored_rels(unseen)
        report = self.report
        for r in batch:
            c = self._counts(r.type)
            c.written += 1
            if not is_list_scaffold(r):
                report.from_files += 1
            if r.id in known:
                c.merged += 1
            else:
                known.add(r.id)
                seen_rels.add(r.id)
        listings = self.listings
        if listings is not None:
            for r in batch:
                if r.type is RelType.LISTED_ON:
                    listings.add(r.id)
                    self.listed_on.add(r.dst)
        if not self.dry_run:
            self.store.upsert_rels(batch, batch_size=len(batch))

    def _existing(self, nodes: Sequence[Node]) -> dict[str, Node]:
        """Every id and alias of the stored entities ``nodes``' ids name -> that entity."""
        if self.store_empty or not nodes:
            return {}
        ids = [i for n in nodes for i in n.all_ids]
        found: dict[str, Node] = {}
        for k in range(0, len(ids), LOOKUP_CHUNK):
            for canonical, node in self.store.get_many(ids[k : k + LOOKUP_CHUNK]).items():
                found[canonical] = node
                for i in node.ids:
                    found[i] = node
        return found

    def _stored_rels(self, unseen: dict[str, RelType]) -> set[str]:
        """Which of ``unseen`` (id -> type) the store had before this load wrote them (a
        relationship needs nodes, so an empty store has none)."""
        if self.store_empty:
            return set()
        by_type: dict[RelType, list[str]] = {}
        for rid, rtype in unseen.items():
            by_type.setdefault(rtype, []).append(rid)
        found: set[str] = set()
        for rtype, ids in by_type.items():
            for k in range(0, len(ids), LOOKUP_CHUNK):
                found |= self.store.existing_rels(rtype, ids[k : k + LOOKUP_CHUNK])
        return found

    def _in_store(self, any_id: str) -> bool:
        hit = self.resolved.get(any_id)
        if hit is None:
            hit = self.resolved[any_id] = (
                not self.store_empty and self.store.resolve(any_id) is not None
            )
        return hit

    def finish(self) -> None:
        """Settle deferred relationships once every node of the load is known."""
        self.flush_nodes()
        for file, rel in self.deferred:
            missing = [
                e for e in (rel.src, rel.dst) if e not in self.seen and not self._in_store(e)
            ]
            found = [(e, self.stubs.get(e)) for e in missing]
            unstubbable = [e for e, stub in found if stub is None]
            if unstubbable:
                self.quarantine(
                    Quarantined(
                        file,
                        _record_of(rel),
                        "dangling reference",
                        {"src": rel.src, "dst": rel.dst, "missing": unstubbable},
                        rel.type.value,
                    )
                )
                continue
            for _, stub in found:
                assert stub is not None  # none is unstubbable
                for i in stub.all_ids:
                    self.seen[i] = stub.type
                self.report.stubs += 1
                # Marked, so that a later record naming the entity replaces its
                # placeholder name (``graph.store.merge.merge_nodes``).
                self.nodes.append((replace(stub, props={**stub.props, STUB: True}), False))
            if self._types_ok(file, rel):
                self.rels.append(rel)
                if len(self.rels) >= self.batch_size:
                    self.flush_nodes()
                    self.flush_rels()
        self.deferred.close()
        self.flush_nodes()
        self.flush_rels()

    def close(self) -> None:
        for spill in (self.seen, self.seen_rels, self.deferred, self.stubs, self.resolved):
            spill.close()
        if self.listings is not None:
            self.listings.close()
        self.settled.close()
        self.marked.close()
        self.resolver.close()
        if self.qfile is not None:
            self.qfile.close()
            self.qfile = None


def _record_of(rel: Rel) -> str:
    return rel.provenance[0].record_id if rel.provenance else rel.id


def _store_is_empty(store: Store) -> bool:
    # One cheap question up front lets a first load into a new store skip every
    # per-batch existence lookup.
    stats = store.stats()
    return sum(stats.nodes.values()) == 0
