"""Staff statistics (/stats) and the staff workbook (/export). Chart labels live here too, in both languages."""

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
STATS_WAVES = "\n<b>结业回访</b>（按课程所在区县，累计；就业率目标 {target}）："
STATS_WAVE_LINE = "  • 结业{wave}天：发出 {sent} 份，回答 {answered} 份，就业 {employed} 人，就业率 {share}{verdict}"
STATS_NO_WAVES = "  还没有发出回访。"
STATS_ENGLISH_CHART = "\nℹ️ 服务器未安装中文字体，图表暂用英文标注（安装 fonts-noto-cjk 等中文字体后自动改为中文）。"

# Chart labels: Chinese when a CJK font is installed, English otherwise (never tofu boxes).
CHART_LABELS = {
    "zh": {
        "title": "培训与就业服务统计 · {scope} · 截至 {today}",
        "weeks": "近12周报名（按ISO周）",
        "created": "报名",
        "confirmed": "已确认",
        "week": "第{week}周",
        "funnel": "1131服务进度（人）",
        "steps": ("登记", "政策宣介", "职业指导", "岗位推荐", "技能培训", "四项全部完成"),
        "waves": "结业回访就业率",
        "wave": "结业{wave}天",
        "target": "目标 {target}",
        "no_waves": "暂无回访",
        "sent": "发出{sent} 回答{answered}",
        "citywide": "全市",
    },
    "en": {
        "title": "Training and employment services · {scope} · as of {today}",
        "weeks": "Enrolments, last 12 ISO weeks",
        "created": "enrolled",
        "confirmed": "confirmed",
        "week": "W{week}",
        "funnel": "1131 service funnel (people)",
        "steps": ("registered", "policy briefing", "career guidance", "job referrals", "skills training", "all four"),
        "waves": "Employed share by follow-up wave",
        "wave": "{wave} days",
        "target": "target {target}",
        "no_waves": "no surveys yet",
        "sent": "sent {sent}, answered {answered}",
        "citywide": "citywide",
    },
}

# /export
EXPORT_USAGE = (
    "用法：/export [开始日期] [结束日期]，日期格式 YYYY-MM-DD，例如 /export 2026-11-01 2026-11-30。\n"
    "不写日期则导出最近30天；只写一个日期则导出从该日到今天。开始日期不能晚于结束日期。"
)
EXPORT_CAPTION = (
    "📁 {start} 至 {end}（{scope}）：报名 {enrolments} 条，1131台账 {ledger} 条，回访 {surveys} 份。不含手机号。"
)
EXPORT_FILENAME = "培训统计_{start}_{end}.xlsx"
SHEET_ENROLMENTS = "报名"
SHEET_LEDGER = "1131台账"
SHEET_SURVEYS = "回访"
ENROLMENT_HEADERS = ("报名编号", "课程编号", "课程名称", "课程区县", "学员昵称", "Telegram ID", "状态", "报名时间")
ENROLMENT_STATUS = {"pending": "待确认", "confirmed": "已确认", "cancelled": "已取消"}
SURVEY_HEADERS = (
    "回访批次（结业天数）",
    "报名编号",
    "课程编号",
    "课程名称",
    "课程区县",
    "学员昵称",
    "Telegram ID",
    "发出时间",
    "就业状态",
    "是否就业",
    "月收入",
    "培训帮助（1-5）",
    "意见",
    "回答时间",
)
YES = "是"
NO = "否"
