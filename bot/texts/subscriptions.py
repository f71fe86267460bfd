"""Texts of the new-class subscriptions (订阅新课通知). Values from users or files go through `esc()`."""

from __future__ import annotations

ANY_OCCUPATION = "不限工种"
ANY_DISTRICT = "不限区县"
ITEM = "{occupation} · {district}"

OVERVIEW_EMPTY = (
    "<b>订阅新课通知</b>\n"
    "您还没有订阅。订阅后，有符合您要求（工种、区县）的新培训班发布时，我们会第一时间通知您。"
)
OVERVIEW = (
    "<b>我的新课订阅</b>（{count}/{limit}）\n{items}\n\n"
    "有符合的新培训班发布时会通知您。点「❌ 取消」可单独退订。"
)
OVERVIEW_LINE = "{n}. {item}"
BTN_ADD = "➕ 添加订阅"
BTN_REMOVE = "❌ 取消：{item}"
BTN_REMOVE_ALL = "🔕 全部退订"
BTN_BACK_TO_LIST = "⬅️ 返回"
BTN_CONFIRM = "✅ 确认订阅"
BTN_MY_DISTRICT = "⭐ {district}"

ASK_OCCUPATION = (
    "第 1/3 步：想收到哪个<b>工种</b>的新课通知？\n"
    "点下方按钮，或直接输入想学的，如“月嫂”“开叉车”“养老护理”。"
)
ASK_OCCUPATION_PICK = "“{text}”对应这些工种，请选一个："
OCCUPATION_UNKNOWN = (
    "没找到和“{text}”对应的工种 🙏\n请换个说法，例如：月嫂、开叉车、电焊、养老护理、电商直播；"
    "或点「不限工种」。"
)
OCCUPATION_RELATED = "可以看看相近的工种："
ASK_DISTRICT = (
    "第 2/3 步：工种：<b>{occupation}</b>\n想收到哪个<b>区县</b>的新课？"
    "点按钮、输入区县名（如“赣榆”），或点菜单「📍 附近的课程」分享位置。"
)
DEFAULT_PROFILE = "\n您填写的所在区县是 <b>{district}</b>，可直接点 ⭐ 按钮。"
DEFAULT_MENTIONED = "\n您刚才提到了 <b>{district}</b>，可直接点 ⭐ 按钮。"
DISTRICT_UNKNOWN = "没认出这个区县 🙏 请点下方按钮，或输入区县名，如“海州区”“东海”“开发区”。"
LOCATION_FAR = "您的位置不在连云港市范围内，请直接点选区县。"
LOCATION_DISTRICT = "根据您的位置，离您最近的是 <b>{district}</b>。"
ASK_LOCATION = (
    "请点下方「📍 发送我的位置」按钮（手机上可用），我来找离您最近的区县；也可以输入区县名或点上面的区县按钮。"
)
CONFIRM = "第 3/3 步：请确认订阅\n工种：<b>{occupation}</b>\n区县：<b>{district}</b>\n有这类新培训班发布时会通知您。"
HINT_BUTTONS = "请点下方按钮继续 👇（点「取消」可放弃）。"
HINT_TEXT_ONLY = "我看不懂这个 🙏 请按下面的提示输入文字或点按钮。"

ADDED = "订阅成功 ✅ {item}"
DUPLICATE = "您已经订阅过「{item}」了，不用重复订阅。"
LIMIT = "每人最多订阅 {limit} 条。请先取消不需要的订阅，再添加新的。"
CANCELLED = "已取消，订阅没有改动。"
REMOVED = "已取消订阅：{item}"
REMOVE_GONE = "这条订阅已经取消过了，或不是您的订阅，没有做任何改动。"
STOPPED = (
    "已退订全部 {count} 条新课通知，以后不会再收到。\n"
    "想重新订阅时，点菜单「🔔 订阅新课通知」或发送 /subscribe。"
)
STOPPED_NONE = "您目前没有订阅新课通知，不会收到这类消息。想订阅时，点菜单「🔔 订阅新课通知」或发送 /subscribe。"
STOPPED_ALERT = "已全部退订"

MYDATA_LINE = "新课订阅：{items}"
