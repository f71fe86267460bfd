"""Texts of the 1131 steps' completion rules and the ledger as staff read it (readable, never raw JSON)."""

from __future__ import annotations

# Step 2: an assessment with every question skipped is not career guidance.
GUIDE_ALL_SKIPPED = (
    "您跳过了全部问题，暂时没法给出职业方向建议，职业指导还没有完成。\n"
    "可以重新回答（每题点一下即可），或点「找人工指导」请就业指导员帮您。"
)
BTN_GUIDE_AGAIN = "🔁 重新回答"
