"""Interface labels in English and Chinese; data (names, ids, rules) is never translated.

``t(key)`` reads the language from session state so every page and view model
speaks the one the sidebar selected.

>>> t("search", "zh")
'搜索'
>>> t("n_results", "en", n=3)
'3 result(s)'
"""

from __future__ import annotations

from typing import Any

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
    "types": ("Types", "类型"),
    "n_results": ("{n} result(s)", "{n} 条结果"),
    "no_match": ("No entity matches {text!r}.", "没有与 {text!r} 匹配的主体。"),
    "invalid_uscc": (
        "{code} is not a valid USCC: {reason}",
        "{code} 不是有效的统一社会信用代码：{reason}",
    ),
    "invalid_lei": ("{code} is not a valid LEI: {reason}", "{code} 不是有效的 LEI：{reason}"),
    "badge_listed": ("listed", "在名单上"),
    "badge_past": ("formerly listed", "曾在名单上"),
    "matched_by": ("matched by {how}: {matched}", "匹配方式 {how}：{matched}"),
    # entity
    "identifiers": ("Identifiers", "标识"),
    "names": ("Names", "名称"),
    "more_names": ("{n} more names", "另有 {n} 个名称"),
    "more_ids": ("{n} more identifiers", "另有 {n} 个标识"),
    "shared_id": ("Shared identifier: {note}", "共用标识：{note}"),
    "properties": ("Properties", "属性"),
    "provenance": ("Provenance", "来源"),
    "officers": ("Officers", "主要人员"),
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
    "cap_help": ('Beyond this a hub gets a "+N more" node.', '超出部分以"+N more"节点表示。'),
    "only_current": ("Only links in force on the as-of date", "仅显示截至日期有效的关系"),
    "rel_types": ("Relationship types", "关系类型"),
    "roles": ("Roles", "职务"),
    "open_node": ("Open an entity of this network", "打开图中的主体"),
    "net_counts": ("{nodes} nodes, {rels} relationships", "{nodes} 个节点，{rels} 条关系"),
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
    "no_owners": ("No ownership links on {day}.", "{day} 无股权关系。"),
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
    # screening
    "upload": ("Portfolio file (CSV or XLSX)", "名单文件（CSV 或 XLSX）"),
    "previous": ("Earlier screening result (CSV) to compare with", "用于比较的上次筛查结果（CSV）"),
    "new_findings": ("New findings", "新增风险"),
    "removed_findings": ("Removed findings", "已消除风险"),
    "unmatched": ("Rows without a match", "未匹配的行"),
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
