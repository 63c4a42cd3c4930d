"""Entity resolution during loads: exact merges on strong identifiers.

Strong identifiers are aliases under ``uscc:``, ``lei:``, ``org:`` (the GB 11714
organization code inside a USCC, ``org:XXXXXXXX-X``) and ``reg:<scheme>:`` (a
registry number, e.g. ``reg:ru-inn:`` for a Russian tax number, ``reg:ru-ogrn:`` for
a Russian state registration number).  Readers emit them; the pipeline asks a
``Resolver`` about every node before writing it:

- a node none of whose strong ids is known is written as it is;
- a node whose strong id already names an entity of *another* source (in the store,
  or earlier in this load) takes that entity's id and keeps its own as an alias, so
  the store merges it there instead of creating a duplicate;
- two records of the *same* source that share a strong id are not merged (the
  source keeps them apart on purpose, or its identifier is wrong: both happen in
  the OFAC SDN list; and a reader keeps two rows with one USCC and different names
  apart, ``loaders.same_uscc``: the later row carries the USCC as an alias, and the
  entity keyed by it is another record, not the row itself).  The pair becomes a
  "possibly same as" candidate with the feature ``shared_strong_id`` for a person to
  decide (``loaders.matches``);
- a node whose strong ids name two or more entities it could merge into (of other
  sources than its own) merges into none of them: its ids are evidence for each,
  and merging it into one would put its facts (listings, owners) on that one while
  the other's ids still answer for the other, so the same company would get
  opposite answers by id.  It stays its own entity, each pair becomes a candidate
  (feature ``strong_ids_also_name``: the other entities), and the load warns
  (``Resolver.ambiguous``, one ``AMBIGUOUS`` warning per record).  The ids stay
  with the entities that had them first; ``graph.shared_ids`` tells every view so;
- a node whose strong id names one entity of another source whose ids disagree with
  its own in some scheme (``conflicting_ids``: a shared LEI, but two different USCCs)
  is not merged either: two USCCs are two companies, so one of the ids is wrong.  It
  stays its own entity, the pair becomes a candidate (``shared_strong_id`` with
  ``conflicting_strong_id``, score 0.5) and the load warns, naming the ids on both
  sides.  Among several entities (above), the ones whose ids disagree are named so in
  the warning.

>>> org_alias("91440300192185379H")
'org:19218537-9'
>>> org_alias("91440300192185379X") is None  # check character fails: no derived id
True
>>> strong_ids(("ftm:x", "lei:L", "uscc:U", "org:O", "reg:ru-inn:1"))
['uscc:U', 'lei:L', 'reg:ru-inn:1', 'org:O']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from graph.model import Node, NodeType
from graph.registers import GB_COH, RU_INN, RU_OGRN, scheme_alias, scheme_of
from graph.store.base import Store
from graph.uscc import UsccCheck, validate_uscc
from loaders.spill import SpillList, SpillMap

# Priority order of the schemes (strong ids are looked up in this order).
STRONG_PREFIXES = ("uscc:", "lei:", "reg:", "org:")
RESOLVED_TYPES = frozenset({NodeType.COMPANY, NodeType.PERSON, NodeType.AGENCY})


def is_strong(alias: str) -> bool:
    return alias.startswith(STRONG_PREFIXES)


def strong_ids(ids: Iterable[str]) -> list[str]:
    """The strong identifiers among ``ids``, in priority order."""
    out = [i for i in dict.fromkeys(ids) if i.startswith(STRONG_PREFIXES)]
    if len(out) > 1:
        out.sort(key=_rank)  # stable: ids of one scheme keep their order
    return out


def _rank(alias: str) -> int:
    return next(k for k, p in enumerate(STRONG_PREFIXES) if alias.startswith(p))


def conflicting_ids(a: Iterable[str], b: Iterable[str]) -> list[str]:
    """Schemes both sides carry with no value in common: two different USCCs are two
    different companies, whatever their names say.

    >>> conflicting_ids(["uscc:A", "lei:L"], ["uscc:A", "org:O"])
    []
    >>> conflicting_ids(["uscc:A"], ["uscc:B", "ftm:x"])
    ['uscc']
    """
    by_a: dict[str, set[str]] = {}
    by_b: dict[str, set[str]] = {}
    for ids, into in ((a, by_a), (b, by_b)):
        for i in ids:
            if is_strong(i):
                into.setdefault(scheme_of(i), set()).add(i)
    return sorted(s for s in by_a.keys() & by_b.keys() if not by_a[s] & by_b[s])


def _in_schemes(ids: Iterable[str], schemes: Sequence[str]) -> tuple[str, ...]:
    """The strong ids among ``ids`` of the given schemes, in priority order."""
    return tuple(i for i in strong_ids(ids) if scheme_of(i) in schemes)


def org_alias(uscc: str, check: UsccCheck | None = None) -> str | None:
    """``org:XXXXXXXX-X`` for the organization code inside a valid USCC, else None;
    ``check``: the code's ``validate_uscc`` when the caller has it (a reader validates
    every USCC once, and checking again cost a tenth of a bundle's read)."""
    check = check if check is not None else validate_uscc(uscc)
    if check.issue is not None:
        return None
    body = check.code[8:17]
    return f"org:{body[:8]}-{body[8]}"


def uscc_aliases(code: str, check: UsccCheck | None = None) -> list[str]:
    """``uscc:<code>`` and, for a valid USCC, its ``org:`` alias: what every reader
    records for a USCC, so that a record naming the company by its organization code
    alone (older records) merges with it whichever source gave the USCC.

    >>> uscc_aliases("91440300192185379H")
    ['uscc:91440300192185379H', 'org:19218537-9']
    >>> uscc_aliases("91440300192185379X")  # check character fails: no derived id
    ['uscc:91440300192185379X']
    """
    org = org_alias(code, check)
    return [f"uscc:{code}", org] if org else [f"uscc:{code}"]


def ru_aliases(inn: Iterable[str] = (), ogrn: Iterable[str] = ()) -> list[str]:
    """``reg:ru-inn:`` and ``reg:ru-ogrn:`` aliases for well-formed Russian numbers.

    >>> ru_aliases(["1832090230", "12"], ["1111832003018"])
    ['reg:ru-inn:1832090230', 'reg:ru-ogrn:1111832003018']
    """
    out = [a for v in inn if (a := scheme_alias(RU_INN, v))]
    out += [a for v in ogrn if (a := scheme_alias(RU_OGRN, v))]
    return list(dict.fromkeys(out))


# GLEIF registration-authority codes of registers that have an org-id.guide scheme:
# a number under the code also gets the scheme's alias, so that GLEIF, BODS and the
# register's own files name one company alike.
RA_SCHEMES = {"RA000585": GB_COH}  # UK Companies House


def register_aliases(scheme: str, raw: str) -> list[str]:
    """Aliases for a register number: ``reg:<scheme>:<raw>`` as the source writes it,
    and the normalised Companies House alias when the register is Companies House.

    >>> register_aliases("RA000585", "3004112")
    ['reg:RA000585:3004112', 'reg:GB-COH:03004112']
    >>> register_aliases("SK-ORSR", "46320041")
    ['reg:SK-ORSR:46320041']
    """
    out = [f"reg:{scheme}:{raw}"]
    if RA_SCHEMES.get(scheme, scheme) == GB_COH and (alias := scheme_alias(GB_COH, raw)):
        out.append(alias)
    return list(dict.fromkeys(out))


def sources_of(node: Node) -> frozenset[str]:
    return frozenset(p.source for p in node.provenance)


AMBIGUOUS = "strong ids name several entities; merged into none"
# The reason for a node kept out of an entity its id names because another scheme
# disagrees (two USCCs); ``loaders.load_pass`` reports each ``Ambiguity`` under its own.
CONFLICTING = "strong id names an entity whose other ids disagree; not merged into it"


@dataclass(frozen=True, slots=True)
class StrongPair:
    """Two entities that share a strong id but were not merged (see the module doc);
    ``also``: the other entities the first one's ids name, when it merged into none."""

    a: str
    b: str
    shared: tuple[str, ...]
    also: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A node whose strong ids name several entities: target -> the ids naming it;
    ``conflicts``: target -> (the node's ids, the target's ids) in the schemes where
    they disagree (``conflicting_ids``), which kept the node out of that target."""

    node: str
    targets: dict[str, tuple[str, ...]]
    conflicts: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    reason: str = AMBIGUOUS

    def detail(self) -> str:
        """``ids -> entity; ...``, then what to do about it.

        >>> Ambiguity("ftm:z", {"ofac:1": ("reg:ru-inn:1",), "ofac:2": ("reg:ru-inn:2",)}).detail()
        'reg:ru-inn:1 -> ofac:1; reg:ru-inn:2 -> ofac:2; kept apart, candidates to review (credgraph match list)'
        >>> Ambiguity("uscc:B", {"uscc:A": ("lei:L",)}, {"uscc:A": (("uscc:B",), ("uscc:A",))}).detail()
        'lei:L -> uscc:A, but uscc:B here and uscc:A there; kept apart, candidates to review (credgraph match list)'
        """
        parts = []
        for t, ids in self.targets.items():
            part = f"{', '.join(ids)} -> {t}"
            if t in self.conflicts:
                ours, theirs = self.conflicts[t]
                part += f", but {', '.join(ours)} here and {', '.join(theirs)} there"
            parts.append(part)
        return "; ".join(parts) + "; kept apart, candidates to review (credgraph match list)"


@dataclass(slots=True)
class Resolver:
    """Per-load state: which entity each strong id names, and the pairs left for review."""

    store: Store
    store_empty: bool = False
    # strong id -> (node id in this load, its sources); both grow with the load, so
    # they move to a temporary file past a limit (``loaders.spill``).
    loaded: SpillMap[tuple[str, frozenset[str]]] = field(default_factory=SpillMap)
    pairs: list[StrongPair] = field(default_factory=list)
    # Nodes merged into none since the caller last emptied it (the pipeline warns).
    ambiguous: list[Ambiguity] = field(default_factory=list)
    # ids (as first written) of the entities this load wrote, by their sources
    touched: dict[frozenset[str], SpillList[str]] = field(default_factory=dict)
    merged: int = 0

    def close(self) -> None:
        """Drop the temporary files, if any."""
        self.loaded.close()
        for group in self.touched.values():
            group.close()

    def to_compare(self) -> list[str]:
        """The entities whose names to compare after the load.  Into an empty store,
        only those outside the load's largest source group: same-source pairs are
        never proposed, and a cross-source pair is found from either side.

        >>> from graph.model import Provenance
        >>> r = Resolver(store=None, store_empty=True)  # type: ignore[arg-type]
        >>> for i, src in enumerate(["a", "a", "b"]):
        ...     _ = r.resolve(Node(f"n{i}", NodeType.COMPANY, "x", provenance=(Provenance(src, "1"),)))
        >>> r.to_compare(), len(Resolver(store=None).to_compare())  # type: ignore[arg-type]
        (['n2'], 0)
        """
        groups = sorted(self.touched.values(), key=len, reverse=True)
        return [i for g in (groups[1:] if self.store_empty else groups) for i in g]

    def resolve(self, node: Node) -> Node:
        """The node to write: itself, or itself re-keyed onto the entity it is."""
        if node.type not in RESOLVED_TYPES:
            return node
        prov = node.provenance
        # One source per record is the rule: skip building a set for it.
        mine = frozenset((prov[0].source,)) if len(prov) == 1 else sources_of(node)
        group = self.touched.get(mine)
        if group is None:
            group = self.touched[mine] = SpillList()
        group.append(node.id)
        if not (
            node.id.startswith(STRONG_PREFIXES)
            or any(i.startswith(STRONG_PREFIXES) for i in node.ids)
        ):
            return node
        strong = strong_ids(node.all_ids)
        conflicts: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        targets = self._targets(node, strong, mine, conflicts)
        eligible = self._eligible(node.id, targets, mine, conflicts)
        into: str | None = None
        if len(eligible) > 1:
            self._merge_into_none(node.id, targets, eligible, conflicts)
        else:
            for target, (_, shared) in targets.items():
                if into is None and target in eligible:
                    into = target
                else:
                    self.pairs.append(StrongPair(into or node.id, target, shared))
        out = node
        if into is not None:
            self.merged += 1
            out = Node(
                into,
                node.type,
                node.name,
                names=node.names,
                ids=(node.id, *(i for i in node.ids if i != into)),
                props=node.props,
                provenance=node.provenance,
                valid_from=node.valid_from,
                valid_to=node.valid_to,
            )
        for s in strong:
            self.loaded.setdefault(s, (out.id, mine))
        # Where this record went, also by its own id when that is no strong id
        # (``ftm:...``, a hash), so that it is known as itself if it comes again.
        self.loaded.setdefault(node.id, (out.id, mine))
        return out

    def _eligible(
        self,
        node_id: str,
        targets: dict[str, tuple[frozenset[str], tuple[str, ...]]],
        mine: frozenset[str],
        conflicts: dict[str, tuple[tuple[str, ...], tuple[str, ...]]],
    ) -> list[str]:
        """The targets of other sources than the node's own.  When that is one entity
        whose ids disagree with the node's in some scheme (a shared LEI does not make
        two USCCs one company: one of the ids is wrong, or the LEI was reused), none:
        the node stays apart, the pair stays a candidate, and this warns.  Several
        entities are left to ``_merge_into_none`` whatever their ids say: the node's ids
        still name each of them."""
        others = [t for t, (sources, _) in targets.items() if not sources & mine]
        if len(others) == 1 and others[0] in conflicts:
            t = others[0]
            self.ambiguous.append(
                Ambiguity(node_id, {t: targets[t][1]}, {t: conflicts[t]}, CONFLICTING)
            )
            return []
        return others

    def _merge_into_none(
        self,
        node_id: str,
        targets: dict[str, tuple[frozenset[str], tuple[str, ...]]],
        eligible: Sequence[str],
        conflicts: dict[str, tuple[tuple[str, ...], tuple[str, ...]]],
    ) -> None:
        """The node stays apart from every entity its ids name: a candidate each."""
        for t, (_, shared) in targets.items():
            also = tuple(o for o in eligible if o != t)
            self.pairs.append(StrongPair(node_id, t, shared, also))
        named = {t: targets[t][1] for t in eligible}
        self.ambiguous.append(
            Ambiguity(node_id, named, {t: c for t, c in conflicts.items() if t in named})
        )

    def _targets(
        self,
        node: Node,
        strong: Sequence[str],
        mine: frozenset[str],
        conflicts: dict[str, tuple[tuple[str, ...], tuple[str, ...]]],
    ) -> dict[str, tuple[frozenset[str], tuple[str, ...]]]:
        """Other entities the node's strong ids name: id -> (their sources, shared ids).
        Fills ``conflicts`` for the stored ones whose ids disagree with the node's in
        some scheme: target -> (the node's ids, the target's ids) of those schemes.
        (An entity found earlier in this load is not checked: its ids are not kept,
        and a load's records all have one source, so it is never merged into.)"""
        # This record seen before in this load (a reader may yield one entity more
        # than once) went to ``me``: not another entity.  Any other entity its ids
        # name is, even when that entity's id is one of its aliases (a second row
        # with the same USCC kept apart by its reader, ``loaders.same_uscc``).
        before = self.loaded.get(node.id)
        me = (node.id, before[0]) if before is not None else (node.id,)
        found: dict[str, tuple[frozenset[str], list[str]]] = {}
        unseen: list[str] = []
        for s in strong:
            hit = self.loaded.get(s)
            if hit is None:
                unseen.append(s)
            elif hit[0] not in me:
                found.setdefault(hit[0], (hit[1], []))[1].append(s)
        if unseen and not self.store_empty:
            canonical = self.store.get_many([node.id, *unseen])
            self_id = next((c for c, n in canonical.items() if node.id in n.all_ids), None)
            for c, n in canonical.items():
                # Only the node's own stored entity is skipped: an entity whose id is one
                # of the node's aliases (``lei:X`` stored from a record that had only the
                # LEI) is another record of the same company, to merge into or pair with.
                if c == self_id:
                    continue
                shared = [s for s in unseen if s in n.all_ids]
                if shared:
                    entry = found.setdefault(c, (sources_of(n), []))
                    entry[1].extend(shared)
                    schemes = conflicting_ids(node.all_ids, n.all_ids)
                    if schemes:
                        conflicts[c] = (
                            _in_schemes(node.all_ids, schemes),
                            _in_schemes(n.all_ids, schemes),
                        )
            if self_id is not None and found:
                # The node is already an entity (a reload): it merges there by its own
                # id; every other entity its ids name is only a candidate.
                named = {c: (srcs, tuple(shared)) for c, (srcs, shared) in found.items()}
                eligible = self._eligible(self_id, named, mine, conflicts)
                if len(eligible) > 1:
                    self._merge_into_none(self_id, named, eligible, conflicts)
                else:
                    for c, (_, shared_ids) in named.items():
                        self.pairs.append(StrongPair(self_id, c, shared_ids))
                return {}
        return {c: (srcs, tuple(shared)) for c, (srcs, shared) in found.items()}
