"""What a store holds, as ``credgraph demo`` must know it before writing or deleting.

The demo invents companies, people, ownership and listings (OFAC listings among them).
Written into a store holding real data, its companies would be owned by, listed with
and matched against real parties, and ``./credgraph.db`` is the default store of both
``demo`` and ``load``.  So the demo writes only into an empty store, reuses a store
that holds exactly the demo it would build, and ``--rebuild`` deletes only a store that
holds nothing but a demo (of any parameters): credgraph never deletes other data.

A store holds *exactly* this demo when every node was written by the demo or the
catalog, there are no match decisions, the counts of nodes by type are the demo's for
these ``--companies``, and sample companies of this ``--seed`` are there under their
names (a company's id and name both depend on the seed and the number of companies).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from graph.catalog import SOURCE as CATALOG_SOURCE
from graph.model import NOT_SAME_AS, POSSIBLY_SAME_AS, Node
from graph.store.base import Store
from graph.synth import SOURCE as DEMO_SOURCE
from graph.synth import Synth

SAMPLES = 16  # companies compared by id and name


class Holds(Enum):
    EMPTY = "empty"
    THIS_DEMO = "this demo"
    OTHER_DEMO = "another demo"  # built with other --companies or --seed, or unfinished
    OTHER_DATA = "other data"


@dataclass(slots=True)
class Survey:
    holds: Holds
    nodes: dict[str, int] = field(default_factory=dict)
    # A node the demo did not write, and its sources: what to name in the refusal.
    foreign: Node | None = None
    # Match decisions and candidates by status: a user's work, which the demo never writes.
    matches: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """``14,969 nodes (Agency 2, Company 8,111, ...)``, then an example of other data."""
        total = sum(self.nodes.values())
        parts = ", ".join(f"{t} {n:,}" for t, n in sorted(self.nodes.items()))
        text = f"{total:,} nodes ({parts})"
        if self.foreign is not None:
            srcs = sorted({p.source for p in self.foreign.provenance}) or ["no source"]
            text += f", e.g. {self.foreign.id} {self.foreign.name!r} from {', '.join(srcs)}"
        if self.matches:
            words = {POSSIBLY_SAME_AS: "pending", NOT_SAME_AS: "rejected"}
            kinds = sorted(self.matches.items())
            decided = ", ".join(f"{n:,} {words.get(kind, kind)}" for kind, n in kinds)
            text += f", and match candidates or decisions ({decided})"
        return text


def _demo_only(node: Node) -> bool:
    sources = {p.source for p in node.provenance}
    return bool(sources) and sources <= {DEMO_SOURCE, CATALOG_SOURCE}


def survey(store: Store, synth: Synth) -> Survey:
    """What ``store`` holds, compared with the demo ``synth`` would write."""
    stats = store.stats()
    nodes = {t: n for t, n in stats.nodes.items() if n}
    if not nodes:
        return Survey(Holds.EMPTY)
    # Scanned until the first node from elsewhere: a real store stops early.
    foreign = next((n for n in store.iter_nodes() if not _demo_only(n)), None)
    matches = {k: v for k, v in stats.matches.items() if v}
    if foreign is not None or matches:
        return Survey(Holds.OTHER_DATA, nodes, foreign, matches)
    if nodes != synth.node_counts():
        return Survey(Holds.OTHER_DEMO, nodes)
    n = synth.companies
    picks = sorted({min(n - 1, i * n // SAMPLES) for i in range(SAMPLES)} | {n - 1})
    want = [synth.company(i) for i in picks]
    got = store.get_many([c.id for c in want])
    if any(got.get(c.id) is None or got[c.id].name != c.name for c in want):
        return Survey(Holds.OTHER_DEMO, nodes)
    return Survey(Holds.THIS_DEMO, nodes)
