"""Texts for staff publishing classes: file import in the chat, the /newclass form, /class and /qr, deep links."""

from __future__ import annotations

# File import by sending a document
FILE_WRONG_TYPE = "只能导入 .xlsx 或 .csv 文件（课程表）。请另存为这两种格式之一后重新发送。"
FILE_TOO_BIG = "文件太大了（上限 {mb} MB），请删去多余的工作表或分成几份再发送。"
FILE_DOWNLOAD_FAILED = "文件没能下载下来，请稍后重新发送。"
FILE_READING = "收到「{name}」，正在检查…"
REPLACE_ADMIN_ONLY = (
    "“全量”导入会下架文件里没有的全部课程，只有管理员可以使用。文件未导入；去掉说明文字重新发送即可按增量导入。"
)
IMPORT_ANNOUNCE_HINT = "新课程还没有通知订阅用户。核对无误后，发送 /announce 通知订阅的学员。"
IMPORT_REPLACE_NOTE = "（全量导入：文件里没有的课程已下架，已报名的学员会收到通知。）"
SCOPE_ERROR_LINE = "• 第{row}行「{column}」：{district}不在您负责的区县（{scope}）"
SCOPE_CODE_ERROR_LINE = "• 第{row}行「{column}」：编号 {code} 已是{district}的课程，不在您负责的区县（{scope}）"

# Guided form /newclass
FORM_INTRO = "<b>发布新培训班</b>：一问一答，每一步都可以「上一步」或「取消」。"
FORM_STEP = "（{n}/{total}）"
FORM_QUESTIONS = {
    "title": "班级名称是？（如“养老护理员（初级）海州第3期”）",
    "occupation": "职业（工种）是？（直接输入，如“养老护理员”）",
    "level": "培训等级：",
    "category": "培训类型：",
    "district": "开班区县：",
    "provider": "培训机构名称：",
    "address": "上课地址：",
    "start_date": "开班日期？（如 2026-12-01 或 12月1日）",
    "end_date": "结业日期？（如 2026-12-25 或 12月25日）",
    "hours": "总课时数？（如 80）",
    "capacity": "招生名额（人）？",
    "subsidy_yuan": "补贴标准（元/人）？没有补贴填 0",
    "fee_yuan": "个人缴费（元）？免费填 0",
    "eligible_groups": "补贴对象（可多选），选好后点「完成」：",
    "contact": "咨询电话：",
    "description": "班级简介（可选，如上课时间、报名要求），不需要就点「跳过」：",
}
FORM_CURRENT = "\n当前填写：{value}（重新输入即可修改，或点「不改，下一步」）"
FORM_TAP_PLEASE = "请点上面的按钮选择。"
FORM_TYPE_PLEASE = "请直接输入文字回答。"
FORM_DATE_PAST = "日期不能早于今天（{today}），请重新输入。"
FORM_BAD_VALUE = "{message}，请重新输入。"
FORM_GROUPS_EMPTY = "请至少选择一类补贴对象。"
FORM_PREVIEW = "<b>请核对，确认后发布：</b>\n\n{card}"
FORM_CANCELLED = "已取消，没有发布任何课程。"
FORM_PUBLISHED = (
    "✅ 已发布「{title}」，编号 <code>{code}</code>，现在搜索就能找到。\n"
    "管理这个班：/class {code}\n海报二维码：/qr {code}"
)
FORM_NOT_SCOPE = "您只能在负责的区县（{scope}）发布培训班。"
BTN_PUBLISH = "✅ 发布"
BTN_FORM_CANCEL = "✖️ 取消"
BTN_KEEP_ANSWER = "➡️ 不改，下一步"

# /class CODE: the staff card, edit and cancel
CLASS_USAGE = "用法：/class 项目编号（如 /class TG2026112301）"
QR_USAGE = "用法：/qr 项目编号（生成海报二维码）"
CLASS_NOT_FOUND = "没有找到编号为 {code} 的在办培训班（或不在您负责的区县）。"
STAFF_CARD = (
    "<b>{title}</b>\n"
    "编号：<code>{code}</code>\n"
    "职业（工种）：{occupation} · {level} · {category}\n"
    "培训机构：{provider}\n"
    "地点：{district} {address}\n"
    "时间：{start} 至 {end}，共{hours}课时\n"
    "名额：{capacity}人（已报名 {taken}）\n"
    "补贴：{subsidy}元/人；个人缴费：{fee}元\n"
    "补贴对象：{groups}\n"
    "咨询电话：{contact}"
)
STAFF_CARD_LINK = "\n\n🔗 报名链接（可转发、做海报）：{link}"
BTN_EDIT_DATES = "📅 改日期"
BTN_EDIT_ADDRESS = "📍 改地址"
BTN_CANCEL_CLASS = "🚫 取消本班"
BTN_CANCEL_CLASS_CONFIRM = "确认取消本班"
BTN_KEEP_CLASS = "不取消"
BTN_EDIT_ABORT = "✖️ 不改了"
EDIT_ASK_DATES = "请输入新的开班和结业日期，如“2026-12-07 至 2026-12-25”或“12月7日 至 12月25日”："
EDIT_ASK_ADDRESS = "请输入新的上课地址："
EDIT_DATES_FORMAT = "没看懂日期。请按“2026-12-07 至 2026-12-25”的格式输入两个日期。"
EDIT_SAVED = "已修改「{title}」。{notice}"
EDIT_NOTIFIED = "已报名的学员会收到变更通知，开课提醒按最新安排。"
EDIT_NO_CHANGE = "内容和原来一样，没有修改。"
EDIT_ABORTED = "好的，没有修改。"
CANCEL_CLASS_ASK = "确定取消「{title}」吗？取消后不再对外显示，已报名的 {taken} 人会收到取消通知。"
CLASS_CANCELLED = "已取消「{title}」，已通知报名的学员（已确认和待确认的报名都随之结束）。"
CLASS_KEPT = "好的，班级保持不变。"
CLASS_GONE = "这个班已下架、已取消或不在您负责的区县。"

# /qr and deep links
QR_CAPTION = "「{title}」报名二维码\n{link}\n扫码或点链接即可查看课程、在线报名。"
LINK_UNKNOWN = "这个链接对应的培训班已结束或已下架 🙏 您可以直接输入想学的技能，查找其他在办的班次。"
LINK_CARD_FOOTER = "\n\n点「我要报名」在线登记，或点「报名咨询」查看报名方法。"

# Import report: classes whose start date has already passed are imported, with a warning.
IMPORT_PAST_WARNING = "⚠️ 有 {n} 个培训班的开班日期已经过去（已照常导入，请核对日期）："
IMPORT_PAST_LINE = "• {code}「{title}」开班日期 {start}"
