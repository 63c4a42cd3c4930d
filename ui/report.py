"""The printable exposure report: one self-contained HTML page with citations.

Every value from the graph goes through ``html.escape``; the page has no script and
links nothing outside itself, so it can be archived or printed as it is.  Its own words
are in the explorer's language (``lang``); the findings' explanations are the engine's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from html import escape
from typing import Any

from graph.risk.evidence import ExposureFinding
from graph.risk.other_lists import redlist_text, summary_text
from ui.i18n import column, t, term
from ui.risk_view import ambiguous_text, fact_text, finding_share, measure_rows, path_text

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


def _finding(f: ExposureFinding, names: dict[str, str], cite: dict[str, int], lang: str) -> str:
    refs = "".join(f"<sup>[{cite[m.id]}]</sup>" for m in f.measures if m.id in cite)
    share = f" · {_e(finding_share(f, lang))}" if f.share is not None else ""
    parts = [
        f'<div class="finding {_e(f.basis)}">',
        f"<b>{_e(f.regime)} · {_e(f.rule)} · {_e(f.status)}{share}</b> "
        f'<span class="small">({_e(term(f.basis, lang))} · '
        f"{_e(t('finding_confidence', lang, c=f.confidence))})</span>{refs}",
        f"<p>{_e(f.explanation)}</p>",
    ]
    if f.issue:
        parts.append(f"<p><b>{_e(t('finding_issue', lang, issue=f.issue))}</b></p>")
    for p in f.paths:
        parts.append(f'<div class="small">{_e(path_text(p, names))}</div>')
    for x in f.lists:
        span = f"{x.start or ''}..{x.end or ''}"
        parts.append(
            f'<div class="small">{_e(x.list_name)} {_e(x.list_name_zh)} {_e(span)} '
            f"{_e(x.status)} {_e(x.case_no)} — {_e(x.source)} {_e(x.record_id)}</div>"
        )
    for x in f.facts:
        # The records a finding without listings rests on (a revocation, a post).
        parts.append(f'<div class="small">{_e(fact_text(x))}</div>')
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
    statuses: dict[str, str] | None = None,
    other_lists: Iterable[Mapping[str, str]] = (),
    redlists: Iterable[Mapping[str, Any]] = (),
    incomplete: Iterable[str] = (),
    ambiguous: Mapping[str, Any] | None = None,
    lang: str = "en",
) -> str:
    """The report for one entity: the status per regime, the lists of regimes without an
    ownership rule and the redlists it is on (as the exposure page says them), the limits
    the engine reached (``incomplete``: findings may be missing), the other entities the
    id asked for names too (``ambiguous``, ``ExposureReport.ambiguous``) with their
    statuses, legal findings, heuristic flags, measures, citations."""
    found = list(findings)
    measures = measure_rows(found)
    cite: dict[str, int] = {}
    for f in found:
        for m in f.measures:
            cite.setdefault(m.id, len(cite) + 1)
    legal = [f for f in found if f.basis == "legal"]
    heuristic = [f for f in found if f.basis != "legal"]
    title = _e(t("report_title", lang, name=entity.get("name") or entity.get("id")))
    meta = t("report_meta", lang, day=as_of.isoformat(),
             generated=(generated or date.today()).isoformat())  # fmt: skip
    if store_url:
        meta += " · " + t("report_store", lang, url=store_url)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(lang)}"><head><meta charset="utf-8">',
        f"<title>{title}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{title}</h1>",
        f'<p class="small">{_e(term(entity.get("type", ""), lang))} · {_e(entity.get("id"))} · '
        f"{_e(meta)}</p>",
    ]
    if statuses:
        out.append(
            f"<h2>{_e(t('status_by_regime', lang))}</h2><table>"
            f"<tr><th>{_e(column('regime', lang))}</th><th>{_e(column('status', lang))}</th></tr>"
            + "".join(f"<tr><td>{_e(r)}</td><td>{_e(v)}</td></tr>" for r, v in statuses.items())
            + "</table>"
        )
    others, red, cut = list(other_lists), list(redlists), list(incomplete)
    if ambiguous:
        out.append(f"<p><b>{_e(ambiguous_text(ambiguous, lang))}</b></p>")
    if cut:
        out.append(f"<p><b>{_e(t('incomplete_read', lang, notes='; '.join(cut)))}</b></p>")
    if others:
        out.append(f"<p><b>{_e(t('also_listed', lang, lists=summary_text(others)))}</b></p>")
    if red:
        out.append(f"<p>{_e(t('redlisted', lang, lists=redlist_text(red)))}</p>")
    none = f"<p>{_e(t('report_none', lang))}</p>"
    out += [
        f"<h2>{_e(t('findings_legal', lang))} ({len(legal)})</h2>",
        *(_finding(f, names, cite, lang) for f in legal),
        "" if legal else none,
        f"<h2>{_e(t('report_heuristic', lang, n=len(heuristic)))}</h2>",
        *(_finding(f, names, cite, lang) for f in heuristic),
        "" if heuristic else none,
    ]
    if measures:
        heads = ("agency", "measure", "legal_basis", "rules")
        out.append(f"<h2>{_e(t('measures', lang))}</h2><table><tr>"
                   + "".join(f"<th>{_e(column(h, lang))}</th>" for h in heads) + "</tr>")  # fmt: skip
        out += ["<tr>" + "".join(f"<td>{_e(m[h])}</td>" for h in heads) + "</tr>" for m in measures]
        out.append("</table>")
    if cite:
        out.append(f"<h2>{_e(t('citations', lang))}</h2><ol>")
        by_id = {m.id: m for f in found for m in f.measures}
        out += [
            f"<li>{_e(by_id[mid].name_zh)} ({_e(by_id[mid].name_en)}): "
            f"{_e(by_id[mid].legal_basis)}</li>"
            for mid in cite
        ]
        out.append("</ol>")
    out.append(f'<p class="small">{_e(t("report_not_advice", lang))}</p></body></html>')
    return "\n".join(out)
