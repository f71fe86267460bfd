"""What the bot says about a person's subsidy eligibility (rules and their wording come from
catalog/data/subsidy_rules.toml; these are only the frames around them)."""

# One line on a search-result card.
CARD = {
    "eligible": "🎯 按您填写的身份，本班可享受补贴（以审核为准）",
    "check": "🎯 本班补贴对象包括您，但{why}，能否再享受补贴以本地人社部门审核为准（12333）",
    "not_eligible": "🎯 按您填写的身份，本班不能享受补贴（{why}）",
    "unknown_group": "🎯 能否享受补贴：请先选择身份（/profile）",
}

# The detail page: the verdict, then the rules behind it.
VERDICT = {
    "eligible": "✅ 按您填写的身份（{group}），本班可享受补贴（以审核为准）。",
    "check": "⚠️ 按您填写的身份（{group}），本班补贴对象包括您，但{why}。",
    "not_eligible": "❌ 按您填写的身份（{group}），本班不能享受补贴：{why}。",
    "unknown_group": "请先选择身份（/profile），如失业人员、高校毕业生，才能告诉您本班能否享受补贴。",
}

# Why, in the person's own terms (the rule itself follows, cited).
WHY = {
    "course_not_open_to_group": "本班公布的补贴对象是{groups}，不含{group}",
    "course_not_subsidised": "本班没有政府补贴",
    "category_only_for": "本班是{category}，面向{only}",
    "same_occupation_and_level": "您已完成过{done}的补贴培训",
    "yearly_limit_reached": "您今年已完成{n}次补贴培训（{done}）",
    "kind_limit_reached": "您今年已完成过同类补贴培训（{done}）",
}
PAST = "{year}年{occupation}（{level}）"
PAST_SEPARATOR = "、"

# A cited rule. This city's plan and national rules are stated; another region's practice is only an example.
# {document} is the shared citation wording (bot/texts/citation.py): the title with its scope in plain words,
# which for another region's plan says 外地做法 and that the local bureau (12333) decides.
RULE_LOCAL = "• {text}（依据：{document}，{clause}）"
RULE_OTHER_REGION = "• 参考外地做法：{text}（依据：{document}，{clause}）"
COURSE_DATA = "• 补贴对象、补贴标准以本班在培训目录中公布的为准。"
