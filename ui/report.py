"""The printable exposure report: one self-contained HTML page with citations.

Every value from the graph goes through ``html.escape``; the page has no script and
links nothing outside itself, so it can be archived or printed as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape

from graph.risk.evidence import ExposureFinding
from ui.risk_view import measure_rows, path_text

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.5em}
table{border-collapse:collapse;width:100%;margin:.5em 0}
td,th{border:1px solid #bbb;padding:4px 6px;text-align:left;vertical-align:top;font-size:.9em}
.finding{border-left:4px solid #d62728;padding:.2em .8em;margin:.8em 0}
.heuristic{border-left-color:#f2b36b}.small{color:#666;font-size:.85em}
@media print{body{margin:0}}
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _finding(f: ExposureFinding, names: dict[str, str], cite: dict[str, int]) -> str:
    d = f.to_dict()
    refs = "".join(f"<sup>[{cite[m.id]}]</sup>" for m in f.measures if m.id in cite)
    share = f" · {_e(d['share_percent'])}%" if d["share_percent"] else ""
    parts = [
        f'<div class="finding {_e(f.basis)}">',
        f"<b>{_e(f.regime)} · {_e(f.rule)} · {_e(f.status)}{share}</b> "
        f'<span class="small">({_e(f.basis)})</span>{refs}',
        f"<p>{_e(f.explanation)}</p>",
    ]
    for p in f.paths:
        parts.append(f'<div class="small">{_e(path_text(p, names))}</div>')
    for x in f.lists:
        span = f"{x.start or ''}..{x.end or ''}"
        parts.append(
            f'<div class="small">{_e(x.list_name)} {_e(x.list_name_zh)} {_e(span)} '
            f"{_e(x.status)} {_e(x.case_no)} — {_e(x.source)} {_e(x.record_id)}</div>"
        )
    parts.append("</div>")
    return "\n".join(parts)


def report_html(
    entity: dict[str, str],
    as_of: date,
    findings: Iterable[ExposureFinding],
    names: dict[str, str],
    *,
    store_url: str = "",
    generated: date | None = None,
) -> str:
    """The report for one entity: legal findings, heuristic flags, measures, citations."""
    found = list(findings)
    measures = measure_rows(found)
    cite: dict[str, int] = {}
    for f in found:
        for m in f.measures:
            cite.setdefault(m.id, len(cite) + 1)
    legal = [f for f in found if f.basis == "legal"]
    heuristic = [f for f in found if f.basis != "legal"]
    out = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>Exposure report: {_e(entity.get('name'))}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>Exposure report: {_e(entity.get('name'))}</h1>",
        f'<p class="small">{_e(entity.get("type"))} · {_e(entity.get("id"))} · '
        f"as of {_e(as_of.isoformat())} · generated {_e((generated or date.today()).isoformat())}"
        f"{' · store ' + _e(store_url) if store_url else ''}</p>",
        f"<h2>Legal findings ({len(legal)})</h2>",
        *(_finding(f, names, cite) for f in legal),
        "" if legal else "<p>None.</p>",
        f"<h2>Heuristic flags ({len(heuristic)}), not legal consequences</h2>",
        *(_finding(f, names, cite) for f in heuristic),
        "" if heuristic else "<p>None.</p>",
    ]
    if measures:
        out.append("<h2>Measures</h2><table><tr><th>agency</th><th>measure</th>"
                   "<th>legal basis</th><th>rules</th></tr>")  # fmt: skip
        out += [
            f"<tr><td>{_e(m['agency'])}</td><td>{_e(m['measure'])}</td>"
            f"<td>{_e(m['legal_basis'])}</td><td>{_e(m['rules'])}</td></tr>"
            for m in measures
        ]
        out.append("</table>")
    if cite:
        out.append("<h2>Citations</h2><ol>")
        by_id = {m.id: m for f in found for m in f.measures}
        out += [
            f"<li>{_e(by_id[mid].name_zh)} ({_e(by_id[mid].name_en)}): "
            f"{_e(by_id[mid].legal_basis)}</li>"
            for mid in cite
        ]
        out.append("</ol>")
    out.append('<p class="small">Nothing in this report is legal advice.</p></body></html>')
    return "\n".join(out)
