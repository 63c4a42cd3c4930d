"""Every fact ``credgraph show`` prints, each with the sources it came from.

Names, identifiers and properties take their sources from ``props["_sources"]``
(stamped by the load pipeline and merged by union in the store); a node loaded
before that existed falls back to all of its provenance sources.  Each
relationship names the sources and records of its own provenance.
"""

from __future__ import annotations

from typing import Any

from ui.entity_profile import Profile, fact_sources


def facts(prof: Profile) -> list[dict[str, Any]]:
    """One entry per fact: ``fact``, ``value``, ``sources`` (and details for links)."""
    node = prof.node
    raw = node.props.get("_sources")
    recorded: dict[str, Any] = raw if isinstance(raw, dict) else {}
    fallback = sorted({p.source for p in node.provenance})

    def sources(key: str) -> list[str]:
        got = recorded.get(key)
        return [str(s) for s in got] if got else fallback

    out: list[dict[str, Any]] = []
    for name in node.all_names:
        if name:
            out.append({"fact": "name", "value": name, "sources": sources(f"name:{name}")})
    for i in node.all_ids:
        fact: dict[str, Any] = {"fact": "identifier", "value": i, "sources": sources(f"id:{i}")}
        note = prof.id_note(i)
        if note:
            fact["shared"] = note
        out.append(fact)
    for key, srcs in fact_sources(node).items():
        out.append({"fact": f"props.{key}", "value": node.props[key], "sources": srcs})
    for rows in prof.groups.values():
        for r in rows:
            out.append(
                {
                    "fact": "relationship",
                    "value": r.detail,
                    "type": r.rel.type.value,
                    "id": r.rel.id,
                    "direction": r.direction,
                    "other": r.other_id,
                    "sources": sorted({p.source for p in r.rel.provenance}),
                    "records": [p.record_id for p in r.rel.provenance],
                }
            )
    return out
