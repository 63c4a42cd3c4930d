"""The catalog of lists, measures and agencies (``graph/catalog.yaml``) as model records.

The catalog is data with citations; this module reads and checks it and turns it
into List, Measure and Agency nodes joined by ISSUED_BY, TRIGGERS and
IMPLEMENTED_BY, which every store loads like any other source.

>>> cat = load_catalog()
>>> cat.lists["CN_SPC_DISHONEST"]["name_zh"]
'失信被执行人名单'
>>> sorted(cat.roles_reached("CN_SPC_DISHONEST", "M1"))[:3]
['actual_controller', 'directly_responsible', 'entity']
>>> node_id_of_list("US_OFAC_SDN")
'list:US_OFAC_SDN'
>>> cat.program("US-RUSHAR")["id"], cat.program("SDGT")
('RUSSIA-EO14024', None)
>>> [b["doc"] for b in cat.ownership_basis("EU_FSF", date(2020, 1, 1))]
['EU Best Practices 2018']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from graph.errors import ModelError
from graph.model import ROLES, Node, NodeType, Provenance, Rel, RelType, rel_id

CATALOG_PATH = Path(__file__).with_name("catalog.yaml")
SOURCE = "credgraph-catalog"
# Targets a measure may name beyond officer roles at a company.
EXTRA_TARGETS = frozenset({"entity", "natural_person"})
REGIMES = frozenset({"cn", "ofac", "bis", "eu", "uk"})
SANCTIONS = frozenset({"ofac", "bis", "eu", "uk"})
CONFIDENCE = frozenset({"V", "S", "R", "D"})


def node_id_of_list(list_id: str) -> str:
    return f"list:{list_id}"


def node_id_of_measure(measure_id: str) -> str:
    return f"measure:{measure_id}"


def node_id_of_agency(agency_id: str) -> str:
    return f"agency:{agency_id}"


def _day(v: Any) -> date | None:
    if v in (None, ""):
        return None
    return v if isinstance(v, date) else date.fromisoformat(str(v))


@dataclass(frozen=True)
class Catalog:
    version: str
    agencies: dict[str, dict[str, Any]]
    lists: dict[str, dict[str, Any]]
    measures: dict[str, dict[str, Any]]
    triggers: tuple[dict[str, Any], ...]
    programs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def program(self, code: str) -> dict[str, Any] | None:
        """The sanctions program an entry's program tag or id names (case and spacing
        ignored), else None."""
        key = " ".join(code.split()).upper()
        for pid, prog in self.programs.items():
            if key == pid.upper() or key in {" ".join(c.split()).upper() for c in prog["codes"]}:
                return prog
        return None

    def ownership_basis(self, list_id: str, on: date | None = None) -> list[dict[str, Any]]:
        """The documents an owned or controlled finding under ``list_id``'s regime rests
        on, those in force on ``on`` (all when None)."""
        return in_force(self.lists[list_id].get("ownership_basis") or (), on)

    def roles_reached(self, list_id: str, measure_id: str) -> frozenset[str]:
        for t in self.triggers:
            if t["list"] == list_id and t["measure"] == measure_id:
                return frozenset(t["roles"])
        return frozenset()

    def triggers_of(self, list_id: str, on: date | None = None) -> list[dict[str, Any]]:
        """The triggers of a list in force on ``on`` (all when None)."""
        out = []
        for t in self.triggers:
            if t["list"] != list_id:
                continue
            start, end = _day(t.get("from")), _day(t.get("to"))
            if on is not None and ((start and on < start) or (end and on >= end)):
                continue
            out.append(t)
        return out

    def records(self) -> Iterator[Node | Rel]:
        """Every catalog entry as a node, then the relationships between them."""
        ver = self.version

        def prov(key: str) -> tuple[Provenance, ...]:
            return (Provenance(SOURCE, f"{ver}:{key}"),)

        for aid, a in self.agencies.items():
            yield Node(
                node_id_of_agency(aid),
                NodeType.AGENCY,
                a["name_en"],
                names=(a["name_zh"],),
                props={k: v for k, v in a.items() if k != "id"},
                provenance=prov(f"agency:{aid}"),
            )
        for lid, lst in self.lists.items():
            props = {k: v for k, v in lst.items() if k != "id"}
            props["list_id"] = lid
            yield Node(
                node_id_of_list(lid),
                NodeType.LIST,
                lst["name_en"],
                names=(lst["name_zh"],),
                props=props,
                provenance=prov(f"list:{lid}"),
                valid_from=_day(lst.get("in_force_from")),
                valid_to=_day(lst.get("in_force_to")),
            )
        for mid, m in self.measures.items():
            props = {k: v for k, v in m.items() if k != "id"}
            props["measure_id"] = mid
            yield Node(
                node_id_of_measure(mid),
                NodeType.MEASURE,
                m["name_en"],
                names=(m["name_zh"],),
                props=props,
                provenance=prov(f"measure:{mid}"),
                valid_to=_day(m.get("in_force_to")),
            )
        for lid, lst in self.lists.items():
            src, dst = node_id_of_list(lid), node_id_of_agency(lst["agency"])
            yield Rel(
                rel_id(RelType.ISSUED_BY, src, dst, SOURCE),
                RelType.ISSUED_BY,
                src,
                dst,
                provenance=prov(f"list:{lid}"),
            )
        for mid, m in self.measures.items():
            for aid in m["agencies"]:
                src, dst = node_id_of_measure(mid), node_id_of_agency(aid)
                yield Rel(
                    rel_id(RelType.IMPLEMENTED_BY, src, dst, SOURCE),
                    RelType.IMPLEMENTED_BY,
                    src,
                    dst,
                    provenance=prov(f"measure:{mid}"),
                )
        for t in self.triggers:
            src, dst = node_id_of_list(t["list"]), node_id_of_measure(t["measure"])
            yield Rel(
                rel_id(RelType.TRIGGERS, src, dst, SOURCE, str(t.get("from") or "")),
                RelType.TRIGGERS,
                src,
                dst,
                start=_day(t.get("from")),
                end=_day(t.get("to")),
                props={
                    "roles": list(t["roles"]),
                    "via": t["via"],
                    "confidence": t.get("confidence", "V"),
                    **({"with_serious": True} if t.get("with_serious") else {}),
                },
                provenance=prov(f"trigger:{t['list']}:{t['measure']}"),
            )


def in_force(entries: Iterable[dict[str, Any]], on: date | None) -> list[dict[str, Any]]:
    """The entries (cited documents) whose ``in_force_from``/``in_force_to`` window holds
    ``on``; an entry without dates always does."""
    out = []
    for e in entries:
        start, end = _day(e.get("in_force_from")), _day(e.get("in_force_to"))
        if on is not None and ((start and on < start) or (end and on >= end)):
            continue
        out.append(e)
    return out


def _cited(where: str, entries: Any, entry: str) -> None:
    if not entries:
        raise ModelError(f"{where}: no legal basis cited", entry=entry)
    for b in entries:
        if not b.get("doc") or b.get("confidence") not in CONFIDENCE:
            raise ModelError(f"{where}: a cited document without doc or confidence", entry=entry)


def _check(raw: dict[str, Any]) -> None:
    """Reject a catalog whose entries lack citations or name unknown things."""
    agencies = {a["id"] for a in raw["agencies"]}
    lists = {x["id"] for x in raw["lists"]}
    measures = {m["id"] for m in raw["measures"]}
    targets = ROLES | EXTRA_TARGETS
    for lst in raw["lists"]:
        where = f"list {lst['id']}"
        if lst["agency"] not in agencies:
            raise ModelError(f"{where}: unknown agency {lst['agency']}", entry=lst["id"])
        if lst["regime"] not in REGIMES:
            raise ModelError(f"{where}: unknown regime {lst['regime']}", entry=lst["id"])
        _cited(where, lst.get("legal_basis"), lst["id"])
        if lst["regime"] in SANCTIONS:
            _cited(f"{where} ownership_basis", lst.get("ownership_basis"), lst["id"])
        bad = set(lst.get("role_set") or ()) - targets
        if bad:
            raise ModelError(f"{where}: unknown roles {sorted(bad)}", entry=lst["id"])
        loose = set(lst.get("role_conditions") or {}) - set(lst.get("role_set") or ())
        if loose:
            raise ModelError(f"{where}: conditions on roles outside the role set", entry=lst["id"])
    for m in raw["measures"]:
        where = f"measure {m['id']}"
        if not m.get("legal_basis"):
            raise ModelError(f"{where}: no legal basis cited", entry=m["id"])
        if set(m["agencies"]) - agencies:
            raise ModelError(f"{where}: unknown agency", entry=m["id"])
        if set(m["applies_to"]) - targets:
            raise ModelError(f"{where}: unknown target in applies_to", entry=m["id"])
    for prog in raw.get("programs") or ():
        where = f"program {prog['id']}"
        if prog["regime"] not in SANCTIONS:
            raise ModelError(f"{where}: unknown regime {prog['regime']}", entry=prog["id"])
        _cited(where, prog.get("legal_basis"), prog["id"])
    for t in raw["triggers"]:
        where = f"trigger {t['list']} -> {t['measure']}"
        if t["list"] not in lists or t["measure"] not in measures:
            raise ModelError(f"{where}: unknown list or measure", entry=where)
        if not t.get("via"):
            raise ModelError(f"{where}: no legal basis (via)", entry=where)
        if t.get("confidence", "V") not in CONFIDENCE:
            raise ModelError(f"{where}: unknown confidence tag", entry=where)
        measure = next(m for m in raw["measures"] if m["id"] == t["measure"])
        # A trigger may not reach anyone the measure itself does not name (DOMAIN §1.5:
        # agencies may not expand a measure's targets).
        beyond = set(t["roles"]) - set(measure["applies_to"])
        if beyond:
            raise ModelError(f"{where}: roles {sorted(beyond)} beyond the measure", entry=where)


def parse_catalog(raw: dict[str, Any]) -> Catalog:
    _check(raw)
    return Catalog(
        version=str(raw["version"]),
        agencies={a["id"]: a for a in raw["agencies"]},
        lists={x["id"]: x for x in raw["lists"]},
        measures={m["id"]: m for m in raw["measures"]},
        triggers=tuple(raw["triggers"]),
        programs={
            p["id"]: {**p, "codes": list(p.get("codes") or ())} for p in raw.get("programs") or ()
        },
    )


@cache
def load_catalog(path: Path = CATALOG_PATH) -> Catalog:
    with path.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    return parse_catalog(raw)
