"""Sanctions designations laid over the synthetic graph for the whole-graph benchmark.

The demo generator lists companies on the Chinese lists (~1.8 % of companies, 2.2 % of
persons: ~50k listings at 1M companies) but puts only its hand-built scenario parties
on OFAC, and nobody on the EU, UK or BIS lists, so at scale the sanctions regimes would
start from seven seeds.  The benchmark adds, deterministically by seed, designations in
proportion to the graph: per million companies 2,000 companies and 200 persons on the
OFAC SDN list, 2,000 companies on the BIS Entity List, 1,000 + 100 on the EU and on the
UK lists (half of them also on OFAC, as designations overlap in reality).  A quarter of
the companies are drawn preferentially among the oldest (hub-side) indexes so that
designations reach large ownership trees, as they do for state-owned groups.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date

from graph.model import ListingStatus, Provenance, Rel, RelType, rel_id
from graph.synth import AS_OF, FIRST_SEEN, Synth

SOURCE = "credgraph-bench"
# (list id, companies per million, persons per million, share drawn from OFAC's picks)
PLAN: tuple[tuple[str, int, int, float], ...] = (
    ("US_OFAC_SDN", 2000, 200, 0.0),
    ("US_BIS_ENTITY", 2000, 0, 0.3),
    ("EU_FSF", 1000, 100, 0.5),
    ("UK_HMT", 1000, 100, 0.5),
)


def sanctions_listings(synth: Synth, seed: int = 1) -> Iterator[Rel]:
    """LISTED_ON relationships onto the OFAC, BIS, EU and UK lists (see module doc)."""
    rng = random.Random(synth.seed * 1009 + seed)
    plan = synth.plan
    n, m = synth.generic_companies, synth.generic_persons
    scale = synth.companies / 1_000_000
    ofac: list[int] = []
    prov = (Provenance(SOURCE, "sanctions-overlay", FIRST_SEEN, AS_OF),)
    today = AS_OF.toordinal()
    for list_id, per_m_c, per_m_p, overlap in PLAN:
        k_c = max(1, round(per_m_c * scale))
        k_p = round(per_m_p * scale)
        picks: set[int] = set()
        while len(picks) < k_c:
            u = rng.random()
            if ofac and u < overlap:
                picks.add(ofac[rng.randrange(len(ofac))])
            elif u < overlap + 0.25 * (1 - overlap):
                picks.add(int(n ** rng.random()) - 1)  # P(j) ~ 1/(j+1): hub side
            else:
                picks.add(rng.randrange(n))
        if list_id == "US_OFAC_SDN":
            ofac = sorted(picks)
        subjects = [plan.company_id(i) for i in sorted(picks)]
        subjects += [plan.person_id(rng.randrange(m)) for _ in range(k_p)]
        for serial, subject in enumerate(subjects):
            start = date.fromordinal(today - 30 - rng.randrange(3000))
            yield Rel(
                rel_id(RelType.LISTED_ON, subject, "list:" + list_id, SOURCE, f"S{serial}"),
                RelType.LISTED_ON,
                subject,
                "list:" + list_id,
                start=start,
                props={"status": ListingStatus.ACTIVE.value, "program": "bench overlay"},
                provenance=prov,
            )
