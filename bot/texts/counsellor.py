"""Texts for the two-way conversation with a human counsellor (handlers/counsellor_chat.py)."""

from __future__ import annotations

BTN_END = "结束人工咨询"
BTN_REPLY = "✍️ 回复老师"
END_WORDS = (BTN_END, "结束咨询", "退出人工", "退出咨询", "结束人工")

ENTERED = (
    "💬 现在您输入的文字会直接转给就业指导员（申请编号 #{id}），老师的回复也会发到这里。\n"
    "想回到找课程等功能，点下方「结束人工咨询」或发送 /menu。"
)
FORWARDED = "✅ 已转给就业指导员。"
TEXT_ONLY = "目前只能转给老师文字消息，请用文字描述您的问题；点「结束人工咨询」可退出。"
TOO_LONG = "消息有点长（{n} 字），请分几条发送，每条不超过 {limit} 字。"
ENDED = "已结束人工咨询，您可以继续找课程或使用菜单。老师如果回复，您仍会在这里收到。"
REQUEST_GONE = "这次人工咨询已经结束。需要的话，可以在 1131 服务里再次申请人工指导，或拨打 12333。"
NO_STAFF = "暂时没有工作人员可以接收您的消息，请拨打 12333 或到所在区县的公共就业服务窗口咨询。"

STAFF_MESSAGE = (
    "💬 <b>咨询 #{id}</b> · {name}（ID {user_id}）：\n{text}\n\n"
    "回复：/answer {id} 回复内容　结案：/close {id}"
)
STAFF_PERSON_LEFT = "咨询 #{id}：{name} 已退出人工咨询（申请仍未结案，可继续 /answer {id} 回复或 /close {id} 结案）。"
