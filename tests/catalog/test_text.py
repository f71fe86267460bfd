"""Normalisation, tokenisation, stop words and synonym expansion."""

from __future__ import annotations

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog import text
from catalog.text import LITERAL_WEIGHT, normalize, query_terms, synonyms, tokenize

OCCUPATIONS = (
    "电商直播",
    "直播销售员",
    "短视频",
    "无人机驾驶员",
    "养老护理员",
    "医疗护理员",
    "育婴员",
    "母婴护理",
    "保育师",
    "家政服务员",
    "中式烹调师",
    "中式面点师",
    "西式面点师",
    "电工",
    "焊工",
    "叉车司机",
    "汽车维修工",
    "化工总控工",
    "港口机械",
    "人工智能训练师",
    "数据标注员",
    "缝纫工",
    "手工编织",
    "农业技术",
)


def terms_of(question: str) -> dict[str, float]:
    return dict(query_terms(question))


def test_normalize_folds_width_script_case_and_punctuation() -> None:
    assert normalize("ＡＢＣ１２３") == "abc123"
    assert normalize("養老護理，海州區！") == "养老护理 海州区"
    assert normalize("  電工\t（初級）\n\n") == "电工 初级"
    assert normalize("焊工😀😀\x00\x07电工") == "焊工 电工"
    assert normalize("...!!!") == ""


@pytest.mark.parametrize("occupation", OCCUPATIONS)
def test_occupation_names_stay_whole(occupation: str) -> None:
    assert occupation in tokenize(f"连云港市{occupation}培训班，欢迎报名")


def test_long_words_also_yield_the_words_inside_them() -> None:
    tokens = tokenize("养老护理员")
    assert {"养老护理员", "养老", "护理", "护理员"} <= set(tokens)


def test_stop_words_are_dropped() -> None:
    assert query_terms("我想学什么培训课程？哪里有班吗") == []
    assert "培训" not in tokenize("电工培训班")


def test_synonyms_expand_below_the_literal_word() -> None:
    terms = terms_of("我想做月嫂")
    assert terms["月嫂"] == LITERAL_WEIGHT
    assert 0 < terms["母婴护理"] < LITERAL_WEIGHT and 0 < terms["育婴员"] < LITERAL_WEIGHT
    assert terms_of("学电焊")["焊工"] < LITERAL_WEIGHT
    assert "叉车司机" in terms_of("开叉车")
    assert {"电商直播", "短视频"} <= set(terms_of("抖音带货"))


def test_latin_synonyms_match_whole_words_only() -> None:
    assert "人工智能训练师" in terms_of("AI 标注")
    assert "人工智能训练师" not in terms_of("email")


def test_traditional_and_simplified_questions_give_the_same_terms() -> None:
    assert query_terms("養老護理 電焊") == query_terms("养老护理 电焊")


def test_synonym_table_is_large_and_every_target_is_an_index_term() -> None:
    table = synonyms()
    assert len(table) >= 40
    for phrase, targets in table.items():
        assert targets, phrase
        for target in targets:
            assert target in tokenize(target), (phrase, target)


def test_the_global_jieba_tokenizer_is_left_alone() -> None:
    tokenize("无人机驾驶员")
    assert text._Resources.get().tokenizer is not jieba.dt
    assert "无人机驾驶员" not in jieba.dt.FREQ


GARBAGE = ["", " ", "？？？！！！", "😀🎉👍" * 50, "\x00\x01\x1b[31m\x7f", "\ud800\udfff", "电" * 5000, "a" * 5000]


@pytest.mark.parametrize("garbage", GARBAGE)
def test_garbage_does_not_raise(garbage: str) -> None:
    normalize(garbage)
    tokenize(garbage)
    query_terms(garbage)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_tokens_are_clean_for_any_text(sample: str) -> None:
    for token in tokenize(sample):
        assert token and token == token.strip() and " " not in token and len(token) >= 2
    for term, weight in query_terms(sample):
        assert term and 0 < weight <= LITERAL_WEIGHT


def test_jieba_cache_read_in_one_go_gives_what_jieba_reads(tmp_path) -> None:
    """text._initialize reads jieba's cache itself (faster): the same dictionary and total as jieba's own
    initialize from the same file; a missing or damaged file makes jieba rebuild it as before."""
    own = jieba.Tokenizer()
    own.tmp_dir = str(tmp_path)
    own.initialize()  # no cache in tmp_path yet: jieba parses its dictionary and writes one
    assert (tmp_path / "jieba.cache").is_file()
    ours = jieba.Tokenizer()
    ours.tmp_dir = str(tmp_path)
    text._initialize(ours)
    assert ours.initialized and ours.FREQ == own.FREQ and ours.total == own.total
    assert ours.lcut("养老护理员培训") == own.lcut("养老护理员培训")

    (tmp_path / "jieba.cache").write_bytes(b"\x00damaged")
    rebuilt = jieba.Tokenizer()
    rebuilt.tmp_dir = str(tmp_path)
    text._initialize(rebuilt)
    assert rebuilt.initialized and rebuilt.FREQ == own.FREQ
