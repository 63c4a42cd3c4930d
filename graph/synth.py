"""The synthetic demo graph: Chinese companies, persons, shareholdings, offices, listings.

``credgraph demo`` loads it, and the benchmarks reuse it at a million companies, so it
streams: ``nodes()`` and ``rels()`` are generators that can be called again and yield
the same records every time for the same ``(companies, seed)``.  Memory is a few small
per-company and per-person arrays (dates, codes, name parts), never a list of records.

What is in it (DOMAIN.md §2, §4, §5, §6, §9):

- the catalog's agencies, lists and measures (``graph.catalog``, with its own
  provenance), so listings trigger measures as in a real load;
- companies with valid USCCs (region code consistent with the name's city), unique
  synthetic names, status 存续/注销/吊销, registration date, capital;
- about 0.5 persons per company as legal representatives (exactly one current LR per
  company, some with a past LR), directors, supervisors, managers, actual controllers
  and shareholders;
- OWNS with exact shares in basis points (some as ranges), power-law owner degree (hub
  holding companies), long chains, and the hand-built shapes of
  ``graph.synth_scenarios`` (a cycle, a 12-deep pyramid, OFAC 50 % rule cases, the §9
  China fixtures, one deliberate odd case whose shares sum to 100.02 %);
- listings (LISTED_ON) on the CN lists and the OFAC SDN list, dated and with a status.

Shares of every owned company sum to at most 1 over all its OWNS edges (ended ones
included), except ``Synth.odd_share_companies``.

>>> s = Synth(companies=200)
>>> s.persons
100
>>> nodes = list(s.nodes())
>>> sum(n.type == "Company" for n in nodes)
200
>>> [r.id for r in s.rels()][:50] == [r.id for r in Synth(companies=200).rels()][:50]
True
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from fractions import Fraction
from itertools import islice
from typing import Any, TypeVar

import numpy as np

from graph.catalog import load_catalog
from graph.errors import InvalidInput
from graph.model import Node, NodeType, Provenance, Rel, hashed_id
from graph.share import Share
from graph.store.base import Store, bulk_load
from graph.synth_names import (
    FORM_WEIGHTS,
    FORMS,
    GIVEN_CHARS,
    GROUP_FORM,
    HOLDING_INDUSTRIES,
    INDUSTRIES,
    PREFIX_INDEX,
    REGIONS,
    SURNAMES,
    TRADE_BASE,
    english_name,
    person_name,
    trade_name,
)
from graph.synth_scenarios import ODD_SHARE_COMPANIES, SCENARIO_COMPANIES, SCENARIO_PERSONS
from graph.uscc import USCC_ALPHABET, org_code_check_char, uscc_check_char

SOURCE = "credgraph-demo"
AS_OF = date(2026, 11, 21)  # the demo's "today": statuses are computed for it, not the clock
FIRST_SEEN = date(2026, 1, 5)
MIN_COMPANIES = 100
_FIRST_REG = date(1993, 1, 1).toordinal()
_LAST_REG = date(2025, 6, 30).toordinal()
_USCC_START = date(2015, 10, 1).toordinal()  # GB 32100 in force: "MA" organization codes
_AS_OF = AS_OF.toordinal()
_CAPITALS = (100_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 10_000_000, 50_000_000, 100_000_000)
_CAPITAL_WEIGHTS = (0.12, 0.18, 0.25, 0.14, 0.13, 0.11, 0.05, 0.02)
_TRADE_STEP = 1_000_003  # coprime to TRADE_BASE (3*5*7), so codes permute within a group
_ORG_STEP = 48_271  # coprime to 10 and 31: org-code bodies permute, hence are unique
_STATUS = ("存续", "注销", "吊销")

T = TypeVar("T")


def _chunks(it: Iterable[T], size: int) -> Iterator[list[T]]:
    src = iter(it)
    while chunk := list(islice(src, size)):
        yield chunk


class _Plan:
    """Per-company and per-person small arrays that both passes read."""

    def __init__(self, n: int, m: int, seed: int, n_gen: int, m_gen: int) -> None:
        rng = np.random.default_rng(seed)
        span = _LAST_REG - _FIRST_REG
        # More companies registered recently, as in China; sorted so that index order is
        # registration order and an owner drawn from lower indexes is always older.
        reg = np.sort(_FIRST_REG + (rng.random(n) ** 0.6 * span).astype(np.int64))
        region = rng.integers(0, len(REGIONS), n)
        industry = rng.integers(0, len(INDUSTRIES), n)
        form = rng.choice(len(FORMS), n, p=FORM_WEIGHTS)
        tlen = rng.choice(np.array([2, 3, 4]), n, p=[0.6, 0.3, 0.1])
        status = rng.choice(3, n, p=[0.88, 0.08, 0.04])
        status_day = reg + rng.integers(365, 4000, n)
        status[status_day >= _AS_OF - 30] = 0
        capital = rng.choice(len(_CAPITALS), n, p=_CAPITAL_WEIGHTS)
        english = rng.random(n) < 0.15
        hubs = min(20, max(1, n // 100))
        industry[:hubs] = np.resize(np.array(HOLDING_INDUSTRIES), hubs)
        form[:hubs] = GROUP_FORM
        capital[:hubs] = len(_CAPITALS) - 1
        status[:hubs] = 0
        english[:hubs] = True
        for k, spec in enumerate(SCENARIO_COMPANIES.values()):
            i = n_gen + k
            reg[i] = spec.registered.toordinal()
            status[i] = _STATUS.index(spec.status)
            status_day[i] = spec.status_date.toordinal() if spec.status_date else 0
        self.hubs = hubs
        prefix_of = np.array([PREFIX_INDEX[r.prefix] for r in REGIONS])
        group = ((prefix_of[region] * len(INDUSTRIES) + industry) * len(FORMS) + form) * 3 + tlen
        order = np.argsort(group, kind="stable")
        sg = group[order]
        run_start = np.zeros(n, dtype=np.int64)
        starts = np.flatnonzero(np.r_[True, sg[1:] != sg[:-1]])
        run_start[starts] = starts
        rank = np.empty(n, dtype=np.int64)
        rank[order] = np.arange(n) - np.maximum.accumulate(run_start)
        cap = TRADE_BASE ** tlen.astype(np.int64)
        if bool((rank >= cap).any()):
            raise InvalidInput("too many companies for distinct synthetic names", companies=n)
        self.trade = array("q", ((rank * _TRADE_STEP + group * 7919) % cap).tobytes())
        self.reg = array("q", reg.tobytes())
        self.region = array("q", region.astype(np.int64).tobytes())
        self.industry = array("q", industry.astype(np.int64).tobytes())
        self.form = array("q", form.astype(np.int64).tobytes())
        self.tlen = array("q", tlen.astype(np.int64).tobytes())
        self.status = array("q", status.astype(np.int64).tobytes())
        self.status_day = array("q", status_day.astype(np.int64).tobytes())
        self.capital = array("q", capital.astype(np.int64).tobytes())
        self.english = array("b", english.astype(np.int8).tobytes())
        # Persons: surname skewed to the common ones, one or two given characters.
        self.surname = array("q", (rng.random(m) ** 2 * len(SURNAMES)).astype(np.int64).tobytes())
        self.given1 = array("q", rng.integers(0, len(GIVEN_CHARS), m).tobytes())
        g2 = np.where(rng.random(m) < 0.7, rng.integers(0, len(GIVEN_CHARS), m), -1)
        self.given2 = array("q", g2.astype(np.int64).tobytes())
        self.born = array("q", rng.integers(1955, 2001, m).tobytes())
        self.home = array("q", rng.integers(0, len(REGIONS), m).tobytes())
        self.codes = self._codes(n)
        self.pids = b"".join(
            hashed_id("person", SOURCE, f"P{p}")[7:].encode("ascii") for p in range(m)
        )

    def _codes(self, n: int) -> bytes:
        out = bytearray()
        for i in range(n):
            if self.reg[i] < _USCC_START:
                body = f"{(i * _ORG_STEP + 12_345_678) % 100_000_000:08d}"
            else:
                v = (i * _ORG_STEP + 777) % 31**6
                tail = []
                for _ in range(6):
                    v, d = divmod(v, 31)
                    tail.append(USCC_ALPHABET[d])
                body = "MA" + "".join(tail)
            first17 = "91" + REGIONS[self.region[i]].code + body + org_code_check_char(body)
            out += (first17 + uscc_check_char(first17)).encode("ascii")
        return bytes(out)

    def company_id(self, i: int) -> str:
        return "uscc:" + self.codes[18 * i : 18 * i + 18].decode("ascii")

    def person_id(self, p: int) -> str:
        return "person:" + self.pids[20 * p : 20 * p + 20].decode("ascii")


class Synth:
    """A deterministic synthetic graph of ``companies`` companies (seeded).

    Attributes for reports: ``companies``, ``persons``, ``hubs`` (hub holding companies),
    ``scenarios`` (scenario key -> node id, e.g. ``"c:cycle_a"``), ``odd_share_companies``.
    """

    def __init__(self, companies: int = 3000, seed: int = 20261121) -> None:
        if companies < MIN_COMPANIES:
            raise InvalidInput(
                f"the demo needs at least {MIN_COMPANIES} companies", companies=companies
            )
        self.companies = companies
        self.seed = seed
        self.persons = companies // 2
        self.as_of = AS_OF
        self.generic_companies = companies - len(SCENARIO_COMPANIES)
        self.generic_persons = self.persons - len(SCENARIO_PERSONS)
        self._plan_cache: _Plan | None = None

    @property
    def plan(self) -> _Plan:
        if self._plan_cache is None:
            self._plan_cache = _Plan(
                self.companies,
                self.persons,
                self.seed,
                self.generic_companies,
                self.generic_persons,
            )
        return self._plan_cache

    @property
    def hubs(self) -> list[str]:
        """Ids of the hub holding companies (the lowest indexes draw most owners)."""
        return [self.plan.company_id(i) for i in range(self.plan.hubs)]

    @property
    def scenarios(self) -> dict[str, str]:
        return {key: self._scenario_id(key) for key in (*SCENARIO_COMPANIES, *SCENARIO_PERSONS)}

    @property
    def odd_share_companies(self) -> tuple[str, ...]:
        return tuple(self._scenario_id(k) for k in ODD_SHARE_COMPANIES)

    def _scenario_id(self, key: str) -> str:
        if key.startswith("c:"):
            return self.plan.company_id(
                self.generic_companies + list(SCENARIO_COMPANIES).index(key)
            )
        return self.plan.person_id(self.generic_persons + SCENARIO_PERSONS.index(key))

    # -- nodes -------------------------------------------------------------

    def nodes(self) -> Iterator[Node]:
        """Catalog nodes, then companies, then persons."""
        for rec in load_catalog().records():
            if isinstance(rec, Node):
                if rec.type is NodeType.LIST:
                    term = rec.props.get("term") or {}
                    rec.props["default_term_years"] = term.get("years")
                yield rec
        plan = self.plan
        for i in range(self.companies):
            yield self._company(plan, i)
        for p in range(self.persons):
            region = REGIONS[plan.home[p]]
            yield Node(
                plan.person_id(p),
                NodeType.PERSON,
                person_name(plan.surname[p], plan.given1[p], plan.given2[p]),
                props={
                    "id_masked": f"{region.code}{plan.born[p]}****{(p * 7919) % 10000:04d}",
                    "synthetic": True,
                },
                provenance=(Provenance(SOURCE, f"P{p}", FIRST_SEEN, AS_OF),),
            )

    def company(self, i: int) -> Node:
        """The ``i``-th company (0-based), as ``nodes()`` yields it."""
        return self._company(self.plan, i)

    def node_counts(self) -> dict[str, int]:
        """Nodes by type that ``nodes()`` yields, without generating them."""
        counts: dict[str, int] = {}
        for rec in load_catalog().records():
            if isinstance(rec, Node):
                counts[rec.type.value] = counts.get(rec.type.value, 0) + 1
        counts[NodeType.COMPANY.value] = counts.get(NodeType.COMPANY.value, 0) + self.companies
        counts[NodeType.PERSON.value] = counts.get(NodeType.PERSON.value, 0) + self.persons
        return counts

    def _company(self, plan: _Plan, i: int) -> Node:
        region = REGIONS[plan.region[i]]
        ind, form = plan.industry[i], plan.form[i]
        trade = trade_name(plan.trade[i], plan.tlen[i])
        name = region.prefix + trade + INDUSTRIES[ind][0] + FORMS[form][0]
        reg = date.fromordinal(plan.reg[i])
        status = _STATUS[plan.status[i]]
        props: dict[str, Any] = {
            "name_zh": name,
            "status": status,
            "registered_date": reg.isoformat(),
            "registered_capital": _CAPITALS[plan.capital[i]],
            "currency": "CNY",
            "type": FORMS[form][1],
            "region": region.prefix.removesuffix("市"),
            "region_code": region.code,
            "synthetic": True,
        }
        valid_to = None
        if status != "存续":
            day = date.fromordinal(plan.status_day[i]).isoformat()
            props["status_date"] = day
            if status == "吊销":
                props["revoked_date"] = day
            else:
                valid_to = date.fromordinal(plan.status_day[i])
        names = (english_name(region, trade, ind, form),) if plan.english[i] else ()
        return Node(
            plan.company_id(i),
            NodeType.COMPANY,
            name,
            names=names,
            props=props,
            provenance=(Provenance(SOURCE, f"C{i}", FIRST_SEEN, AS_OF),),
            valid_from=reg,
            valid_to=valid_to,
        )

    # -- relationships -----------------------------------------------------

    def rels(self) -> Iterator[Rel]:
        """Catalog relationships, then per company its offices, holders and listings,
        then listings of persons, then the scenario shapes."""
        for rec in load_catalog().records():
            if isinstance(rec, Rel):
                yield rec
        from graph.synth_rels import generic_rels, scenario_rels

        yield from generic_rels(self, random.Random(self.seed * 31 + 7))
        yield from scenario_rels(self)


_SHARES: dict[tuple[int, int], Share] = {}


def share_bp(lo: int, hi: int | None = None) -> Share:
    """A cached Share from basis points (shares are immutable, so one object serves all).

    >>> share_bp(5000).as_text(), share_bp(2500, 5000).as_text()
    ('50%', '25-50%')
    """
    key = (lo, lo if hi is None else hi)
    s = _SHARES.get(key)
    if s is None:
        s = _SHARES[key] = Share(Fraction(key[0], 10000), Fraction(key[1], 10000))
    return s


def write_demo(
    store: Store,
    companies: int = 3000,
    seed: int = 20261121,
    progress: Callable[[str, int], None] | None = None,
    batch_size: int = 5000,
) -> None:
    """Upsert the demo graph into ``store``: all nodes, then all relationships.

    ``progress(phase, count)`` is called after each batch with ``"nodes"`` or ``"rels"``
    and the number written so far.
    """
    synth = Synth(companies, seed)
    with bulk_load(store):
        done = 0
        for nodes in _chunks(synth.nodes(), batch_size):
            done += store.upsert_nodes(nodes, batch_size=batch_size)
            if progress is not None:
                progress("nodes", done)
        done = 0
        for rels in _chunks(synth.rels(), batch_size):
            done += store.upsert_rels(rels, batch_size=batch_size)
            if progress is not None:
                progress("rels", done)


__all__ = ["AS_OF", "SOURCE", "Synth", "share_bp", "write_demo"]
