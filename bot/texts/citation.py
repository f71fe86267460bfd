"""Where a policy statement comes from, in plain words: the one wording for FAQ answers, policy cards and
any other text that cites the document registry (catalog/data/sources.toml)."""

from __future__ import annotations

from collections.abc import Iterable

from catalog.sources import Source, source

SCOPE_NOTE = {
    "city": "本市政策",
    "national": "国家规定",
    "other_region": "外地做法，仅供参考，以本地人社部门答复为准（12333）",
}
CITATION = "📄 依据：{documents}"
DOCUMENT = "《{title}》（{note}）"
DOCUMENT_SEP = "、"
CLAUSE = "条款：{clause}"


def cite(document: Source) -> str:
    return DOCUMENT.format(title=document.title, note=SCOPE_NOTE[document.scope])


def citation(source_ids: Iterable[str], clause: str) -> tuple[str, str]:
    """The two plain-text lines naming the documents (each with its scope in words) and the clause."""
    documents = DOCUMENT_SEP.join(cite(source(s)) for s in source_ids)
    return CITATION.format(documents=documents), CLAUSE.format(clause=clause)
