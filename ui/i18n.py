"""Interface labels in English and Chinese; data (names, ids, rules) is never translated.

``t(key)`` reads the language from session state so every page and view model
speaks the one the sidebar selected.

>>> t("search", "zh")
'搜索'
>>> t("n_results", "en", n=3)
'3 result(s)'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ui.markup import md

LANGS: dict[str, str] = {"en": "English", "zh": "中文"}
LANG_KEY = "lang"

# key -> (English, Chinese).  A test checks that both are non-empty for every key.
LABELS: dict[str, tuple[str, str]] = {
    # navigation
    "search": ("Search", "搜索"),
    "entity": ("Entity", "主体"),
    "network": ("Network", "关系图谱"),
    "tree": ("Ownership tree", "股权穿透"),
    "paths": ("Paths", "查关系"),
    "exposure": ("Exposure report", "风险报告"),
    "screening": ("Screening", "批量筛查"),
    "data": ("Data", "数据"),
    # sidebar
    "as_of": ("As of", "截至日期"),
    "as_of_help": ("Evaluate the graph on this day.", "按此日期评估图谱。"),
    "language": ("Language", "语言"),
    "not_advice": ("Nothing shown here is legal advice.", "本页面内容不构成法律意见。"),
    "store_error": ("Cannot use the store {url}: {message}", "无法使用数据库 {url}：{message}"),
    "pick_entity": ("Pick an entity on the Search page.", "请先在搜索页选择一个主体。"),
    "not_available": (
        "{what} is not available in this installation: {why}",
        "此安装不提供{what}：{why}",
    ),
    # search
    "search_box": ("Name or identifier", "名称或代码"),
    "choose": ("Choose options", "请选择"),
    "choose_one": ("Choose an option", "请选择一项"),
    "types": ("Types", "类型"),
    "n_results": ("{n} result(s)", "{n} 条结果"),
    "no_match": ("No entity matches '{text}'.", "没有与“{text}”匹配的主体。"),
    "search_first": (
        "Showing the first {n} results; more match.",
        "显示前 {n} 条结果，还有更多匹配。",
    ),
    "search_more": ("Show {n} more", "再显示 {n} 条"),
    "invalid_uscc": (
        "{code} is not a valid USCC: {reason}",
        "{code} 不是有效的统一社会信用代码：{reason}",
    ),
    "invalid_lei": ("{code} is not a valid LEI: {reason}", "{code} 不是有效的 LEI：{reason}"),
    "badge_listed": ("listed", "在名单上"),
    "badge_past": ("formerly listed", "曾在名单上"),
    "matched_by": ("matched by {how}: {matched}", "按{how}匹配：{matched}"),
    # entity
    "identifiers": ("Identifiers", "标识"),
    "names": ("Names", "名称"),
    "more_names": ("{n} more names", "另有 {n} 个名称"),
    "more_ids": ("{n} more identifiers", "另有 {n} 个标识"),
    "shared_id": ("Shared identifier: {note}", "共用标识：{note}"),
    "properties": ("Properties", "属性"),
    "provenance": ("Provenance", "来源"),
    "officers": ("Officers", "主要人员"),
    "positions": ("Positions held", "任职"),
    "shareholders": ("Shareholders", "股东"),
    "subsidiaries": ("Subsidiaries", "对外投资"),
    "listings": ("Listings", "名单记录"),
    "current": ("current", "当前"),
    "past": ("past", "历史"),
    "findings_legal": ("Legal findings", "法定后果"),
    "findings_heuristic": (
        "Heuristic findings (not legal consequences)",
        "推断性提示（非法定后果）",
    ),
    "no_findings": ("No findings on {day}.", "{day} 无风险发现。"),
    # Not a clean bill: the warning above says what was not read.
    "no_findings_read": (
        "No findings on {day} in what was read.",
        "{day} 在已读取的关系中无风险发现。",
    ),
    "measures": ("Measures", "惩戒措施"),
    "relationships": ("Relationships ({shown} of {total})", "关系（{shown}/{total}）"),
    "network_link": ("Network around this entity", "查看关系图谱"),
    "tree_link": ("Ownership tree", "股权穿透"),
    "exposure_link": ("Exposure report", "风险报告"),
    "valid": ("Valid {span}", "有效期 {span}"),
    "direct": ("direct", "直接"),
    "lookthrough": ("look-through", "穿透"),
    # A stake recorded without a share, and a look-through interval resting on a band.
    "share_unknown": ("unknown", "比例未知"),
    "share_range": ("range", "区间"),
    "more_rels": ("{n} more relationships not shown.", "另有 {n} 条关系未显示。"),
    "findings_source": ("Findings from {what}.", "风险发现来源：{what}。"),
    # network
    "hops": ("Hops", "层数"),
    "cap": ("Links drawn per node", "每个节点显示的关系数"),
    "cap_help": ('Beyond this a hub gets a "+N more" node.', "超出部分以“另有 N 条”节点表示。"),
    "only_current": ("Only links in force on the as-of date", "仅显示截至日期有效的关系"),
    "rel_types": ("Relationship types", "关系类型"),
    "roles": ("Roles", "职务"),
    "roles_help": (
        "Only officer links (OFFICER_OF) carry a role: with roles chosen, no other "
        "relationship (OWNS, LISTED_ON, ...) is drawn.",
        "只有任职关系（OFFICER_OF）带有职务：选择职务后，不再绘制其他关系（OWNS、LISTED_ON 等）。",
    ),
    "open_node": ("Open an entity of this network", "打开图中的主体"),
    "net_counts": (
        "Drawn: {nodes} nodes, {rels} relationships.",
        "已绘制：{nodes} 个节点，{rels} 条关系。",
    ),
    "net_totals": (
        "In total, before the per-node cap: {counts}.",
        "按节点上限截断前的关系总数：{counts}。",
    ),
    "more_node": ("+{n} more", "另有 {n} 条"),
    "more_title": (
        "{n} more relationships of {name} not drawn",
        "{name} 另有 {n} 条关系未绘制",
    ),
    "listing_ended": ("ended {day}", "已于 {day} 结束"),
    "listing_starts": ("starts {day}", "{day} 起生效"),
    "legend_listed": ("listed on the as-of date (red border)", "截至日期在名单上（红色边框）"),
    "node_listed": ("listed", "在名单上"),
    "click_hint": (
        "Click a node to open its entity page in a new tab, or pick it below.",
        "点击节点在新标签页打开主体，或在下方选择。",
    ),
    # tree
    "threshold": ("Minimum look-through share (%)", "最低穿透持股比例（%）"),
    "owners_up": ("Owners (upward)", "上游股东"),
    "subs_down": ("Subsidiaries (downward)", "下游子公司"),
    "ultimate": ("ultimate", "最终"),
    "cycle": ("in a cross-holding cycle", "处于交叉持股环中"),
    "cycles_found": ("Cross-holding cycles: {n}", "交叉持股环：{n}"),
    "tree_cut": (
        "The tree shows the {limit} largest owners and the {limit} largest subsidiaries: "
        "{n} more with smaller look-through shares are left out. Raise the threshold, or "
        "list them all with credgraph owners / subsidiaries.",
        "树图仅显示穿透比例最大的 {limit} 个股东和 {limit} 个子公司：另有 {n} 个比例较小的未显示。"
        "可提高阈值，或用 credgraph owners / subsidiaries 列出全部。",
    ),
    "no_owners": ("No ownership links on {day}.", "{day} 无股权关系。"),
    "tree_hidden_all": (
        "{n} owners or subsidiaries on {day} have a look-through share below the {p}% "
        "threshold; lower it to see them.",
        "{day} 有 {n} 个股东或子公司的穿透比例低于 {p}% 的阈值；降低阈值即可显示。",
    ),
    "tree_hidden": (
        "{n} more owners or subsidiaries below the {p}% threshold are not shown.",
        "另有 {n} 个股东或子公司的穿透比例低于 {p}% 的阈值，未显示。",
    ),
    "tree_metric": (
        "Look-through shares are a metric (integrated ownership), not a legal test.",
        "穿透比例为计量指标（综合持股），不是法律判断。",
    ),
    # paths
    "from": ("From", "起点"),
    "to": ("To", "终点"),
    "max_hops": ("Maximum hops", "最大层数"),
    "find_paths": ("Find paths", "查找关系"),
    "no_paths": ("No path of at most {n} hops.", "{n} 层以内无关联路径。"),
    "path_n": ("Path {i} ({hops} hops)", "路径 {i}（{hops} 层）"),
    "path_parallel": ("also between the same two", "同两方之间另有"),
    "paths_as_of": ("Only links in force on the as-of date", "仅使用截至日期有效的关系"),
    "path_types_help": (
        "None chosen: the relationships between parties. Two parties on the same list are "
        "not linked; choose LISTED_ON (or ISSUED_BY, TRIGGERS, IMPLEMENTED_BY) to go "
        "through lists, agencies and measures.",
        "未选择时：仅使用主体之间的关系。同在一个名单上的两个主体并无关联；"
        "如需经由名单、机关和措施查找，请选择 LISTED_ON（或 ISSUED_BY、TRIGGERS、IMPLEMENTED_BY）。",
    ),
    "path_candidates": ("Include match candidates", "包含待确认的同一主体候选"),
    "path_candidates_help": (
        '"Possibly same as" pairs awaiting review are not links; rejected pairs are never used.',
        "“可能为同一主体”的待审核候选并非真实关系；已否决的候选从不使用。",
    ),
    # a finding's evidence (Entity page, printable report)
    "finding_issue": ("Issue: {issue}", "需处理事项：{issue}"),
    "finding_confidence": ("confidence {c}", "置信度 {c}"),
    "finding_fact": ("Rests on {fact}", "依据 {fact}"),
    # exposure
    "heuristics": ("Include heuristic findings", "包含推断性提示"),
    "download_csv": ("Download CSV", "下载 CSV"),
    "download_html": ("Download printable report (HTML)", "下载可打印报告（HTML）"),
    "also_listed": (
        "Also listed on: {lists}. credgraph models no ownership or control rule for these "
        "lists, so nothing is propagated from them to owned or controlled entities.",
        "另列入以下名单：{lists}。credgraph 未对这些名单建模股权或控制规则，"
        "因此不会向其持股或控制的主体传导。",
    ),
    "redlisted": (
        "On a redlist: {lists}. This is positive credit information (joint incentives), "
        "not a restriction, and counts in no status.",
        "列入守信红名单：{lists}。这是正面信用信息（守信联合激励），并非限制措施，不计入任何状态。",
    ),
    # The id asked for is also an id of other entities: a finding-free page is no clean bill.
    "ambiguous_id": (
        "Shared identifier: {note}. Their statuses: {others}.",
        "共用标识：{note}。其他主体的状态：{others}。",
    ),
    "incomplete_read": (
        "Not everything was read, so findings may be missing: {notes}.",
        "未能读取全部关系，可能遗漏风险：{notes}。",
    ),
    # screening
    "upload": ("Portfolio file (CSV or XLSX)", "名单文件（CSV 或 XLSX）"),
    "previous": ("Earlier screening result (CSV) to compare with", "用于比较的上次筛查结果（CSV）"),
    "new_findings": ("New findings", "新增风险"),
    "removed_findings": ("Removed findings", "已消除风险"),
    "unmatched": ("Rows without a match", "未匹配的行"),
    "screening_running": ("Screening the file…", "正在筛查文件…"),
    "screening_progress": ("Screened {done} of {total} rows…", "已筛查 {done}/{total} 行…"),
    # data
    "store": ("Store", "数据库"),
    "counts": ("Counts", "数量"),
    "lists_loaded": ("Lists in the graph", "图谱中的名单"),
    "match_counts": (
        "Match candidates: {pending} pending, {rejected} rejected "
        "(credgraph match list; not counted as relationships)",
        "同一主体候选：待审核 {pending}，已否决 {rejected}（credgraph match list；不计入关系数）",
    ),
    "load_reports": ("Load reports", "导入报告"),
    "quarantine": ("Quarantined records", "隔离记录"),
    "no_reports": (
        "No load reports or quarantine files in {folder}.",
        "{folder} 中没有导入报告或隔离文件。",
    ),
    "totals": (
        "{nodes} nodes · {rels} relationships",
        "{nodes} 个节点 · {rels} 条关系",
    ),
    "not_a_report": ("not a load report", "不是导入报告"),
    # the as-of date, everywhere findings are shown
    "as_of_caption": ("As of {day}", "截至 {day}"),
    "bad_url_date": (
        "The link's date {text} is not a day between {low} and {high}; using {day}.",
        "链接中的日期 {text} 不在 {low} 至 {high} 之间，改用 {day}。",
    ),
    # findings
    "up_to": ("up to {p}%", "最高 {p}%"),
    "status_by_regime": ("Status by regime", "各制度状态"),
    "sanctions_exposure": ("sanctions exposure", "制裁风险"),
    # errors shown for what the user typed or uploaded
    "no_entity": ("No entity with id '{id}'.", "没有标识为“{id}”的主体。"),
    "no_column": (
        "No column to match on: expected a header such as name/名称/企业名称, "
        "uscc/统一社会信用代码, lei or id; found {found}.",
        "没有可匹配的列：表头应包含名称/企业名称/name、统一社会信用代码/uscc、lei 或 id；"
        "实际表头为 {found}。",
    ),
    "no_header": ("{name}: the file has no header row.", "{name}：文件没有表头行。"),
    "not_text": (
        "{name}: not UTF-8 or GB18030 text.",
        "{name}：不是 UTF-8 或 GB18030 编码的文本。",
    ),
    "not_xlsx": ("{name}: not a readable XLSX workbook.", "{name}：不是可读取的 XLSX 工作簿。"),
    "not_csv_xlsx": (
        "{name}: screening reads .csv or .xlsx files.",
        "{name}：批量筛查只读取 .csv 或 .xlsx 文件。",
    ),
    "not_findings": (
        "{name} is not a findings file from this page: it has no {missing} column.",
        "{name} 不是本页下载的风险明细文件：缺少 {missing} 列。",
    ),
    "is_summary": (
        "It is the summary; compare with the file ending in {suffix}.",
        "这是汇总文件；请用文件名以 {suffix} 结尾的文件比较。",
    ),
    # why an identifier is invalid (graph.uscc / graph.lei ``issue``)
    "bad_length": ("length {found}, expected {expected}", "长度为 {found}，应为 {expected}"),
    "bad_charset": (
        "forbidden character {found!r} at position {pos}",
        "第 {pos} 位的字符 {found!r} 不允许使用",
    ),
    "bad_check": (
        "check character expected {expected}, found {found}",
        "校验位应为 {expected}，实为 {found}",
    ),
    "bad_check_lei": (
        "check digits expected {expected}, found {found}",
        "校验码应为 {expected}，实为 {found}",
    ),
    "legacy_pilot_checksum": (
        "check character expected {expected}, found {found}: early Fujian pilot code, "
        "legal but outside GB 32100",
        "校验位应为 {expected}，实为 {found}：福建早期试点代码，合法但不符合 GB 32100",
    ),
    # the printable report
    "report_title": ("Exposure report: {name}", "风险报告：{name}"),
    "report_meta": ("as of {day} · generated {generated}", "截至 {day} · 生成于 {generated}"),
    "report_store": ("store {url}", "数据库 {url}"),
    "report_heuristic": (
        "Heuristic flags ({n}), not legal consequences",
        "推断性提示（{n}），非法定后果",
    ),
    "report_none": ("None.", "无。"),
    "citations": ("Citations", "引用"),
    "report_not_advice": (
        "Nothing in this report is legal advice.",
        "本报告内容不构成法律意见。",
    ),
}

# Table column keys -> display headers.  Data keys stay English in CSV files and code;
# only what a table shows is translated.
COLUMNS: dict[str, tuple[str, str]] = {
    "property": ("property", "属性"),
    "value": ("value", "值"),
    "sources": ("sources", "来源"),
    "source": ("source", "来源"),
    "record_id": ("record_id", "记录编号"),
    "first_seen": ("first_seen", "首次见到"),
    "last_seen": ("last_seen", "最近见到"),
    "list": ("list", "名单"),
    "period": ("period", "期间"),
    "status": ("status", "状态"),
    "reason": ("reason", "原因"),
    "case": ("case", "案号"),
    "agency": ("agency", "实施机构"),
    "measure": ("measure", "惩戒措施"),
    "legal_basis": ("legal_basis", "法律依据"),
    "rules": ("rules", "规则"),
    "type": ("type", "类型"),
    "count": ("count", "数量"),
    "records": ("records", "记录数"),
    "id": ("id", "标识"),
    "name": ("name", "名称"),
    "listings": ("listings", "名单记录数"),
    "regime": ("regime", "制度"),
    "rule": ("rule", "规则"),
    "basis": ("basis", "性质"),
    "share": ("share", "持股比例"),
    "share_percent": ("share_percent", "持股比例（%）"),
    "lists": ("lists", "名单"),
    "path": ("path", "路径"),
    "measures": ("measures", "惩戒措施"),
    "explanation": ("explanation", "说明"),
    "valid_from": ("valid_from", "起始日"),
    "valid_to": ("valid_to", "截止日"),
    "undated_listing": ("undated_listing", "名单起始日未记录"),
    "recorded status": ("recorded status", "登记状态"),
    "confidence": ("confidence", "置信度"),
    "issue": ("issue", "需处理事项"),
    "facts": ("facts", "依据记录"),
    "entity": ("entity", "主体"),
    "entity_name": ("entity_name", "主体名称"),
    "row": ("row", "行"),
    "input": ("input", "输入"),
    "why": ("why", "原因"),
    "matched_id": ("matched_id", "匹配主体标识"),
    "matched_name": ("matched_name", "匹配主体名称"),
    "match_method": ("match_method", "匹配方式"),
    "match_score": ("match_score", "匹配分数"),
    "match_flags": ("match_flags", "匹配提示"),
    "match_explanation": ("match_explanation", "匹配说明"),
    "legal_findings": ("legal_findings", "法定后果数"),
    "heuristic_findings": ("heuristic_findings", "推断性提示数"),
    "other_lists": ("other_lists", "其他名单"),
    "redlists": ("redlists", "守信红名单"),
    "ambiguous_with": ("ambiguous_with", "同一标识或同分的其他主体"),
    "incomplete": ("incomplete", "未读完的关系"),
    "top_explanation": ("top_explanation", "主要说明"),
    "cn": ("cn", "中国联合惩戒"),
    "ofac": ("ofac", "美国 OFAC"),
    "bis": ("bis", "美国 BIS"),
    "eu": ("eu", "欧盟"),
    "uk": ("uk", "英国"),
    "status_cn": ("status_cn", "中国联合惩戒状态"),
    "status_ofac": ("status_ofac", "OFAC 状态"),
    "status_bis": ("status_bis", "BIS 状态"),
    "status_eu": ("status_eu", "欧盟状态"),
    "status_uk": ("status_uk", "英国状态"),
}

# Node types and search match kinds are words of the model, shown as such in English.
TERMS: dict[str, tuple[str, str]] = {
    "Company": ("Company", "企业"),
    "Person": ("Person", "个人"),
    "Agency": ("Agency", "机构"),
    "List": ("List", "名单"),
    "Measure": ("Measure", "惩戒措施"),
    "id": ("id", "标识"),
    "name": ("name", "名称"),
    "pinyin": ("pinyin", "拼音"),
    "legal": ("legal", "法定"),
    "heuristic": ("heuristic", "推断性"),
    # a finding's confidence
    "high": ("high", "高"),
    "medium": ("medium", "中"),
    "low": ("low", "低"),
    # listing statuses (graph.model.ListingStatus)
    "active": ("active", "有效"),
    "deleted": ("deleted", "已删除"),
    "expired": ("expired", "已到期"),
    "early_removed": ("early_removed", "提前移出"),
    "revoked": ("revoked", "已撤销"),
    # officer roles (graph.model.Role)
    "legal_representative": ("legal_representative", "法定代表人"),
    "main_responsible_person": ("main_responsible_person", "主要负责人"),
    "actual_controller": ("actual_controller", "实际控制人"),
    "directly_responsible": ("directly_responsible", "直接责任人员"),
    "director": ("director", "董事"),
    "supervisor": ("supervisor", "监事"),
    "senior_manager": ("senior_manager", "高级管理人员"),
    "finance_manager": ("finance_manager", "财务负责人"),
    "safety_officer": ("safety_officer", "安全生产负责人"),
    "actual_responsible_person": ("actual_responsible_person", "实际责任人"),
    "shareholder": ("shareholder", "股东"),
    "other": ("other", "其他"),
}


def current_lang() -> str:
    """The language chosen in the sidebar (English until one is chosen)."""
    import streamlit as st

    got = st.session_state.get(LANG_KEY)
    return got if got in LANGS else "en"


def t(key: str, lang: str | None = None, **values: Any) -> str:
    """The label for ``key`` in ``lang`` (default: the session's), formatted with ``values``."""
    en, zh = LABELS[key]
    text = zh if (lang or current_lang()) == "zh" else en
    return text.format(**values) if values else text


def tm(key: str, lang: str | None = None, **values: Any) -> str:
    """``t`` for Markdown (messages, captions): the values are data or typed text, so
    they are escaped and shown as written.

    >>> tm("no_match", "en", text="[x](y)")
    "No entity matches '\\\\[x\\\\]\\\\(y\\\\)'."
    """
    return t(key, lang, **{k: md(v) for k, v in values.items()})


def term(word: str, lang: str | None = None) -> str:
    """A model word (node type, match kind) in ``lang``; unknown words as they are.

    >>> term("Company", "zh"), term("OWNS", "zh")
    ('企业', 'OWNS')
    """
    pair = TERMS.get(word)
    if pair is None:
        return word
    return pair[1] if (lang or current_lang()) == "zh" else pair[0]


def listing_status_text(told: str, lang: str | None = None) -> str:
    """A listing's standing (``entity_profile.listing_status``) in ``lang``.

    >>> listing_status_text("ended 2024-10-30", "zh"), listing_status_text("deleted", "zh")
    ('已于 2024-10-30 结束', '已删除')
    >>> listing_status_text("starts 2021-10-30", "en")
    'starts 2021-10-30'
    """
    word, _, day = told.partition(" ")
    if word in ("ended", "starts") and day:
        return t(f"listing_{word}", lang, day=day)
    return term(told, lang)


def column(key: str, lang: str | None = None) -> str:
    """The header a table shows for the data key ``key``."""
    pair = COLUMNS.get(key)
    if pair is None:
        return key
    return pair[1] if (lang or current_lang()) == "zh" else pair[0]


def headed(rows: Iterable[Mapping[str, Any]], lang: str | None = None) -> list[dict[str, Any]]:
    """Rows for ``st.dataframe`` with display headers; the rows' own keys stay English.

    >>> headed([{"rule": "listed", "x": 1}], "zh")
    [{'规则': 'listed', 'x': 1}]
    """
    lang = lang or current_lang()
    return [{column(k, lang): v for k, v in row.items()} for row in rows]
