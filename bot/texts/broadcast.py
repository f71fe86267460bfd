"""Texts for staff broadcasts (/broadcast), new-class announcements (/announce) and what recipients see."""

from __future__ import annotations

MAX_TEXT = 3000  # Telegram allows 4096 characters; the footer and HTML escaping need room

# /broadcast dialogue
ASK_TEXT = (
    "📣 <b>群发消息</b>\n请发送要群发的文字内容（不超过 {limit} 字）。\n"
    "接下来可以选择发送对象，发送前会给您预览。发送“取消”退出。"
)
TEXT_TOO_LONG = "内容有 {n} 字，超过了 {limit} 字的上限，请精简后重新发送。"
TEXT_NOT_TEXT = "群发只支持文字，请直接发送文字内容；发送“取消”退出。"
CANCELLED = "已取消群发，没有发送任何消息。"
CANCEL_WORDS = ("取消", "/cancel")

FILTERS = (
    "<b>选择发送对象</b>（可多选，不选即不限）\n"
    "区县：{districts}\n身份：{groups}\n兴趣职业：{interest}\n报名课程：{course}\n\n"
    "选好后点「预览」。"
)
ANY = "不限"
ANY_IN_SCOPE = "不限（您负责的：{scope}）"
BTN_ANY = "不限（清除条件）"
BTN_INTEREST = "🎯 兴趣职业"
BTN_COURSE = "📘 报名课程编号"
BTN_PREVIEW = "👀 预览"
BTN_CANCEL = "取消"
ASK_INTEREST = "请输入一个职业（工种）名称，如“焊工”“养老护理员”。会发给订阅了它、或在1131服务中想从事它的人。"
ASK_COURSE = "请输入课程编号，会发给报名了这个课程（待确认或已确认）的人。"
INTEREST_BAD = "请输入一个不超过 {limit} 字的职业名称，如“焊工”。"
COURSE_UNKNOWN = "没有编号为“{code}”的课程，请核对后重新输入。"

PREVIEW_HEADER = "👀 <b>预览</b>：收到的人会看到下面这条消息 👇"
PREVIEW_COUNT = "将发送给 <b>{n}</b> 人（{audience}）。确认发送吗？"
BTN_CONFIRM = "✅ 确认发送"
BTN_EDIT = "⬅️ 修改对象"
NOBODY = "按这些条件没有可发送的人（已排除屏蔽了机器人的用户），没有创建群发。请修改条件后再试。"

# What recipients see
FOOTER = "\n\n—— {org}"
ORG = "连云港市人力资源和社会保障局 · 职业技能培训服务"

# Progress and control
PROGRESS = (
    "📣 <b>群发 #{id}</b> · {status}\n共 {total} 人\n已发送：{sent}\n未送达（屏蔽/失败）：{undelivered}\n待发送：{left}"
)
STATUS_RUNNING = "发送中"
STATUS_PAUSED = "已暂停"
STATUS_DONE = "已完成"
PROGRESS_DROPPED = "\n已取消未发送：{dropped}"
STATUS_CANCELLING = "正在取消（等待发送中的消息完成）"
STATUS_CANCELLED = "已取消"
BTN_PAUSE = "⏸ 暂停"
BTN_RESUME = "▶️ 继续"
BTN_STOP = "⏹ 取消发送"
PAUSED = "已暂停，未发出的消息会保留。"
RESUMED = "已继续发送。"
STOPPED = "正在取消：未发出的消息不再发送，正在发送的几条完成后会给您发送最终结果。"
NOT_YOURS = "只有发起人或管理员可以操作这次群发。"
NOT_NOW = "这次群发已结束，不能再操作。"
FINAL_REPORT = "✅ <b>群发 #{id} 已完成</b>\n送达：{sent} 人\n未送达（屏蔽/失败）：{undelivered} 人\n用时：{duration}"
FINAL_REPORT_CANCELLED = (
    "⏹ <b>群发 #{id} 已取消</b>\n送达：{sent} 人\n未送达（屏蔽/失败）：{undelivered} 人\n"
    "取消未发送：{dropped} 人\n用时：{duration}"
)
DURATION_S = "{s}秒"
DURATION_M = "{m}分{s}秒"
DURATION_H = "{h}小时{m}分"

# New-class announcements (what subscribers see)
NEW_COURSES_HEADER = "🆕 <b>有新的补贴培训班开课了</b>"
NEW_COURSE_LINE = "• <b>{title}</b>\n  {district} · {start}开班 · 补贴{subsidy}元"
NEW_COURSES_FOOTER = "点下方按钮查看详情和报名。"
BTN_OPEN_COURSE = "📘 {title}"
BTN_UNSUBSCRIBE = "退订新课通知"
UNSUBSCRIBE_DATA = "subs:stop"  # handled by the subscriptions feature: one tap stops every alert

# /announce
ANNOUNCE_NONE = "没有待通知的新课程。导入新课程后再发送 /announce。"
ANNOUNCE_HEADER = "🆕 <b>待通知的新课程</b>（{n} 个）"
ANNOUNCE_LINE = "• {title}（{code}）· {district} · {start}开班"
ANNOUNCE_MORE = "……另有 {n} 个"
ANNOUNCE_SUBSCRIBERS = "匹配的订阅者：<b>{n}</b> 人（每人只收到一条消息）。"
BTN_NOTIFY = "📣 通知订阅者"
BTN_SKIP_NOTIFY = "不通知"
ANNOUNCE_SKIPPED = "已标记 {n} 个课程为已通知，没有发送消息。"
ANNOUNCE_NO_SUBSCRIBERS = "没有匹配的订阅者；已标记 {n} 个课程为已通知。"
ANNOUNCE_STARTED = "已开始通知 {n} 位订阅者，{courses} 个课程已标记为已通知。"
