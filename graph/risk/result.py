"""The outcome of one regime on one date: arrays from the engine, findings on demand.

The engine leaves per-node arrays (status, round, owner group); explanations
(exact aggregate shares, owning paths, list entries) are built only when asked,
so a whole-graph run does not pay for explaining a million entities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Any

import numpy as np

from graph.risk.finding import Basis, Finding
from graph.risk.matrix import BoolArray, IntArray, Owns
from graph.risk.regimes import OwnershipRule, RegimeSpec

NONE, LISTED, OWNED, CONTROLLED = 0, 1, 2, 3
STATUS_NAMES = {LISTED: "listed", OWNED: "owned", CONTROLLED: "controlled"}
MAX_PATHS = 5
TOL = 1e-9


@dataclass(slots=True)
class RegimeResult:
    """Who is restricted under one regime on ``as_of``, and why.

    ``entities`` holds the legal findings (``listed``, ``owned``, ``controlled``);
    ``red_flags`` the heuristic ones (a suspended rule's affiliates, shares that
    may reach the threshold at a range's upper bound, control under an
    ownership-only regime).  Entities in ``excluded`` never appear as derived.
    """

    regime: str
    as_of: date
    spec: RegimeSpec
    rule: OwnershipRule | None
    node_ids: list[str]
    status: IntArray
    round: IntArray
    label: IntArray
    owns: Owns
    controls: Owns  # recorded control that meets the regime's control test
    cautions: Owns  # the rest of recorded control: red flags (all of it under OFAC, BIS)
    listings: dict[int, list[str]]
    excluded: BoolArray
    # Owner groups an entity belongs to beside ``label``, with the round it joined
    # each (UK: owned or controlled by two designated persons' groups, or a designated
    # person owned by another's; ``sanctions._fixed_point``).
    groups: dict[int, dict[int, int]] = field(default_factory=dict)
    _entities: dict[str, Finding] | None = field(default=None, repr=False)
    _red_flags: list[Finding] | None = field(default=None, repr=False)

    # -- summary -----------------------------------------------------------
    @property
    def legal_derived(self) -> bool:
        """Do owned/controlled entities count as legal findings on this date?"""
        return self.rule is None or self.rule.mode == "legal"

    def restricted(self) -> list[str]:
        """Ids of every entity with a legal finding (listed, owned, controlled)."""
        return list(self.entities)

    def count(self) -> dict[str, int]:
        out = {name: 0 for name in STATUS_NAMES.values()}
        for f in self.entities.values():
            out[f.status] += 1
        out["red_flags"] = len(self.red_flags)
        return out

    # -- findings ----------------------------------------------------------
    @property
    def entities(self) -> dict[str, Finding]:
        if self._entities is None:
            self._build()
        assert self._entities is not None
        return self._entities

    @property
    def red_flags(self) -> list[Finding]:
        if self._red_flags is None:
            self._build()
        assert self._red_flags is not None
        return self._red_flags

    def findings(self) -> list[Finding]:
        return [*self.entities.values(), *self.red_flags]

    def to_dict(self) -> dict[str, Any]:
        rule = self.rule
        return {
            "regime": self.regime,
            "as_of": self.as_of.isoformat(),
            "rule": None
            if rule is None
            else {
                "threshold": str(rule.threshold),
                "inclusive": rule.inclusive,
                "mode": rule.mode,
                "document": rule.document,
                "caveat": rule.caveat or None,
            },
            "aggregate": self.spec.aggregate,
            "control": self.spec.control,
            "counts": self.count(),
            "entities": [f.to_dict() for f in self.entities.values()],
            "red_flags": [f.to_dict() for f in self.red_flags],
        }

    # -- building ----------------------------------------------------------
    def _build(self) -> None:
        entities: dict[str, Finding] = {}
        flags: list[Finding] = []
        order = np.flatnonzero(self.status > 0)
        order = order[np.lexsort((order, self.round[order]))]
        for j in order.tolist():
            st = int(self.status[j])
            if st != LISTED and self.excluded[j]:
                continue
            legal = st == LISTED or self.legal_derived
            f = self._finding(j, st, legal)
            if legal:
                entities[f.entity] = f
            else:
                flags.append(f)
        flags.extend(self._possible())
        flags.extend(self._control_caution())
        self._entities, self._red_flags = entities, flags

    def _finding(self, j: int, st: int, legal: bool) -> Finding:
        name = STATUS_NAMES[st]
        basis: Basis = "legal" if legal else "heuristic"
        if st == LISTED:
            doc = self.rule.document if self.rule else self.spec.name
        elif st == CONTROLLED:
            doc = self.spec.control_document
        else:
            doc = self.rule.document if self.rule else ""
        return Finding(
            regime=self.regime,
            rule_id=f"{self.regime}.{name}" if legal else f"{self.regime}.affiliate_suspended",
            basis=basis,
            entity=self.node_ids[j],
            status=name if legal else "affiliate",
            share=None if st == LISTED else self.aggregate(j),
            paths=self._paths(j),
            round=int(self.round[j]),
            lists=tuple(self._lists(j)),
            document=doc,
        )

    def in_group(self, p: int, g: int) -> bool:
        """Is node ``p`` (restricted) a member of owner group ``g``?"""
        return self.spec.aggregate or self.label[p] == g or g in self.groups.get(p, ())

    def round_in(self, p: int, g: int) -> int:
        """The round node ``p`` joined owner group ``g`` (-1: not a member)."""
        if self.spec.aggregate or self.label[p] == g:
            return int(self.round[p])
        return self.groups.get(p, {}).get(g, -1)

    def _same_group(self, p: int, j: int) -> bool:
        return self.in_group(p, int(self.label[j]))

    def aggregate(self, j: int, bound: int = 0) -> Fraction:
        """Exact share of node ``j`` held by restricted owners (of its group, UK)."""
        total = Fraction(0)
        for k in self.owns.into(j).tolist():
            p = int(self.owns.src[k])
            if self.status[p] > 0 and p != j and self._same_group(p, j):
                total += self.owns.exact(k)[bound]
        return total

    def _parents(self, j: int, g: int) -> list[int]:
        """The restricted owners (or controllers) through which ``j`` joined group ``g``:
        members of ``g`` that joined it in an earlier round."""
        if self.spec.aggregate or self.label[j] == g:
            vias = [self.controls if self.status[j] == CONTROLLED else self.owns]
        else:
            # Joined ``g`` after its first group: by control or by ownership, not recorded.
            vias = [self.controls, self.owns]
        at = self.round_in(j, g)
        out: list[int] = []
        for via in vias:
            for k in via.into(j).tolist():
                p = int(via.src[k])
                if self.status[p] > 0 and 0 <= self.round_in(p, g) < at and p not in out:
                    out.append(p)
            if out:
                break
        return out

    def _path_idx(self, j: int, limit: int = MAX_PATHS) -> list[tuple[int, ...]]:
        """Up to ``limit`` owning/controlling paths from a listed party to ``j``;
        rounds strictly fall along a path, so the search ends."""
        found: list[tuple[int, ...]] = []
        g = int(self.label[j])  # the group whose holdings restrict ``j``

        def walk(node: int, tail: tuple[int, ...]) -> None:
            if len(found) >= limit:
                return
            if self.round_in(node, g) == 0:
                found.append((node, *tail))
                return
            for p in self._parents(node, g):
                walk(p, (node, *tail))

        walk(j, ())
        return found

    def _paths(self, j: int) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(self.node_ids[x] for x in p) for p in self._path_idx(j))

    def _lists(self, j: int) -> list[str]:
        out: set[str] = set()
        for path in self._path_idx(j):
            out.update(self.listings.get(path[0], ()))
        return sorted(out)

    def _possible(self) -> list[Finding]:
        """Entities whose restricted owners' *upper-bound* shares reach the
        threshold: a range or unknown share that may make them owned."""
        rule = self.rule
        if rule is None:
            return []
        o, n = self.owns, self.owns.n
        m = (self.status[o.src] > 0) & (self.status[o.dst] == 0) & ~self.excluded[o.dst]
        if not m.any():
            return []
        ks = np.flatnonzero(m)
        lab = np.zeros(ks.size, dtype=np.int64) if self.spec.aggregate else self.label[o.src[ks]]
        if not self.spec.aggregate and self.groups:
            # An owner in several groups counts in each.
            more = [(k, g) for k in ks.tolist() for g in self.groups.get(int(o.src[k]), ())]
            if more:
                extra_k, extra_g = np.asarray(more, dtype=np.int64).T
                ks, lab = np.concatenate((ks, extra_k)), np.concatenate((lab, extra_g))
        keys, inv = np.unique(lab * n + o.dst[ks], return_inverse=True)
        sums = np.bincount(inv.ravel(), weights=o.hi[ks], minlength=keys.size)
        thr = float(rule.threshold)
        cand = keys[sums >= thr - TOL if rule.inclusive else sums > thr - TOL]
        out: list[Finding] = []
        done: set[int] = set()
        for key in cand.tolist():
            g, j = divmod(key, n)
            if j in done:
                continue
            hi, below = Fraction(0), False
            owners: list[int] = []
            for k in o.into(j).tolist():
                p = int(o.src[k])
                if self.status[p] > 0 and self.in_group(p, g):
                    hi += o.exact(k)[1]
                    below = below or o.upper_open(k)
                    owners.append(p)
            # An open upper bound at the threshold ("less than 50%") never reaches it.
            if not rule.meets(hi) or (below and hi == rule.threshold):
                continue
            done.add(j)
            out.append(self._flag(j, "possible_owned", hi, owners, rule.document))
        return out

    def _control_caution(self) -> list[Finding]:
        if self.rule is None:
            # No rule reaches past the listed parties on this date (BIS before the
            # Affiliates Rule): there is nothing control could add a caution to.
            return []
        c = self.cautions
        m = (self.status[c.src] > 0) & (self.status[c.dst] == 0) & ~self.excluded[c.dst]
        if self.spec.control:
            doc = f"{self.spec.control_document} (caution)"
        elif self.spec.name == "bis":
            doc = f"{self.rule.document}: ownership only (caution)"
        else:
            doc = "OFAC FAQ 398: control alone does not block (caution)"
        out: list[Finding] = []
        for j in np.unique(c.dst[m]).tolist():
            owners = [int(c.src[k]) for k in c.into(j).tolist() if self.status[c.src[k]] > 0]
            out.append(self._flag(j, "control_caution", None, owners, doc))
        return out

    def _flag(
        self, j: int, status: str, share: Fraction | None, owners: list[int], doc: str
    ) -> Finding:
        paths = tuple((*path, self.node_ids[j]) for p in owners for path in self._paths(p))[
            :MAX_PATHS
        ]
        lists: set[str] = set()
        for p in owners:
            lists.update(self._lists(p))
        return Finding(
            regime=self.regime,
            rule_id=f"{self.regime}.{status}",
            basis="heuristic",
            entity=self.node_ids[j],
            status=status,
            share=share,
            paths=paths,
            round=-1,
            lists=tuple(sorted(lists)),
            document=doc,
        )
