"""Staff statistics (/stats, `python -m bot stats`) and the staff workbook (/export), chart labels included."""

from __future__ import annotations

# /stats
CITYWIDE = "全市"
STATS_NO_DATA = (
    "📊 {scope}暂时还没有数据：近12周没有报名，没有1131服务对象，也没有发出结业回访。\n"
    "有学员报名或办理服务后再来看看吧。"
)
STATS_CAPTION = "📊 培训与就业服务统计 · {scope} · 截至 {today}"
STATS_SUMMARY_HEADER = "<b>培训与就业服务统计</b>（范围：{scope}，截至 {today}）"
STATS_ENROLMENTS = "\n<b>报名</b>（近12周，按课程所在区县）：共 {created} 人次，其中已确认 {confirmed} 人次"
STATS_WEEK_LINE = "  • 第{week}周（{monday} 起）：报名 {created}，已确认 {confirmed}"
STATS_NO_ENROLMENTS = "  近12周没有报名。"
STATS_FUNNEL = "\n<b>1131服务</b>（按服务对象所在区县，累计）："
STATS_FUNNEL_LINE = "  登记 {started} → 政策宣介 {policy} · 职业指导 {guidance} · 岗位推荐 {jobs} · 技能培训 {training}"
STATS_FUNNEL_DONE = "  四项全部完成 {completed} 人（{share}）"
STATS_WAVES = "\n<b>结业回访</b>（按课程所在区县、按身份类别，累计）："
STATS_WAVE_HEAD = "<b>结业{wave}天</b>：发出 {sent} 份，回答 {answered} 份（{rate}）"
STATS_GROUP_LINE = (
    "  • {group}：结业学员 {completers} 人（其中回答 {respondents} 人）；就业率 回答者 {of_respondents} · "
    "全部结业学员 {of_completers}{target}；稳定就业 {stable}；取证率 {certified}；收入 {income}"
)
STATS_NO_WAVES = "  还没有发出回访。"
STATS_DEFINITIONS_HEAD = "\n<b>口径</b>"

# Figures shared by /stats, `python -m bot stats` and the export.
STATS_NO_VALUE = "-"
STATS_GOAL = "{measure}{share}{verdict}"
STATS_TARGET = "（目标{goal}）"
STATS_MET = " ✅达标"
STATS_NOT_MET = " ⚠️未达标"
STATS_INCOME = "升{up}·平{same}·降{down}"
STATS_DEFINITIONS_TITLE = "统计口径"
STATS_DEFINITIONS = (
    "结业学员：已收到该批回访的学员，减去回访中自述没学完的。",
    "回答：回答了「现在在工作吗」的人数（含自述没学完的）；回答率 = 回答 ÷ 发出。",
    "就业：在单位上班（签劳动合同）、打零工/灵活就业、自己创业；旧问卷答「已就业」的也算。",
    "就业率（回答者）= 就业人数 ÷ 结业学员中回答了的；就业率（全部结业学员）= 就业人数 ÷ 结业学员，"
    "没回答的按未就业计，是下限。",
    "稳定就业：签了劳动合同，或单位缴纳社保；只看结业90天、180天，分母是能判断的回答者（旧问卷没问，不计）。",
    "取证率：取得职业技能等级证书或专项职业能力证书的 ÷ 回答了证书问题的结业学员（培训合格证不算技能评价）。",
    "收入：回访时的月收入档与1131登记时填的培训前收入档比较，升/平/降各几人；没工作的按没有收入计，"
    "「不方便说」和没登记的不比较。",
    "目标：{targets}；按「全部结业学员」口径判断。没有列出的身份类别，本市方案未定目标。",
)
STATS_TARGET_SOURCE = "{group}「{measure}{share}以上」（{source}，{clause}）"

# `python -m bot stats` (plain text; the tables are Markdown, so they paste into a report as they are)
REPORT_HEADER = "# 结业回访统计{period}"
REPORT_PERIOD = "（{start} 至 {end}）"
REPORT_OPEN_END = "…"
REPORT_EMPTY = "这段时间没有发出回访。"
REPORT_WAVE = "\n## 结业{wave}天回访"
REPORT_COLUMNS = (
    "身份类别",
    "结业学员",
    "发出",
    "回答",
    "回答率",
    "就业率（回答者）",
    "就业率（全部结业学员）",
    "稳定就业率",
    "取证率",
    "收入 升/平/降",
    "本市目标",
)
REPORT_TOTAL = "合计"
REPORT_BY_COURSE = "\n按课程（{wave}天）："
REPORT_BY_DISTRICT = "\n按区县（{wave}天）："
REPORT_LINE = (
    "  • {name}：发出 {sent}，回答 {answered}（{rate}），就业率 回答者 {of_respondents} · 全部结业学员 {of_completers}"
)
REPORT_COURSE_NAME = "{title}（{code}）"

# Chart labels (drawn with the font in bot/assets/fonts: keep every character in it, see tests)
CHART_LABELS = {
    "title": "培训与就业服务统计 · 截至 {today}\n{scope}",
    "weeks": "近12周报名（按周）",
    "created": "报名",
    "confirmed": "已确认",
    "week": "第{week}周",
    "funnel": "1131服务进度（人）",
    "steps": ("登记", "1次政策宣介", "1次职业指导", "3次岗位推荐", "1次技能培训", "四项全部完成"),
    "waves": "结业后就业率（就业人数 ÷ 全部结业学员，按身份类别）",
    "wave": "结业{wave}天",
    "target": "本市目标 {share}（{groups}）",
    "no_waves": "暂无回访",
    "ylabel": "%",
}

# /export
EXPORT_USAGE = (
    "用法：/export [开始日期] [结束日期]，日期写成 年-月-日，例如 /export 2026-11-01 2026-11-30。\n"
    "不写日期则导出最近30天；只写一个日期则导出从该日到今天。开始日期不能晚于结束日期。"
)
EXPORT_CAPTION = (
    "📁 {start} 至 {end}（{scope}）：报名 {enrolments} 条，1131台账 {ledger} 条，回访 {surveys} 份。不含手机号。"
)
EXPORT_FILENAME = "培训统计_{start}_{end}.xlsx"
SHEET_ENROLMENTS = "报名"
SHEET_LEDGER = "1131台账"
SHEET_SURVEYS = "回访"
ENROLMENT_HEADERS = (
    "报名编号", "课程编号", "课程名称", "课程区县", "学员昵称", "用户ID", "状态", "报名时间", "实名核验", "核验日期"
)
ENROLMENT_STATUS = {"pending": "待确认", "confirmed": "已确认", "cancelled": "已取消"}
SHEET_GROUPS = "分组统计"
SHEET_DEFINITIONS = "口径"
GROUPS_WAVE_TITLE = "结业{wave}天回访"
SURVEY_HEADERS = (
    "回访批次（结业天数）",
    "报名编号",
    "课程编号",
    "课程名称",
    "课程区县",
    "学员昵称",
    "用户ID",
    "身份类别",
    "发出时间",
    "是否学完",
    "证书",
    "工作情况",
    "是否就业",
    "单位缴社保",
    "本工作时长",
    "稳定就业",
    "月收入",
    "培训前月收入",
    "培训帮助（1-5）",
    "意见",
    "回答时间",
)
UNKNOWN = "不清楚"
YES = "是"
NO = "否"
