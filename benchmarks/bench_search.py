"""Benchmark of catalog.search on synthetic catalogues (1k, 10k, 50k courses), against rank_bm25.

Reports index build time, memory (RSS growth and tracemalloc peak of a second build), and query latency
percentiles over a fixed set of >= 200 questions: colloquial phrasing, filters, Traditional characters,
locations. rank_bm25.BM25Okapi is timed on the same documents and the same query tokens.

    /work/venv/bin/python benchmarks/bench_search.py [--sizes 1000 10000 50000] [--no-tracemalloc]
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from opencc import OpenCC
from rank_bm25 import BM25Okapi

from catalog.districts import DISTRICTS
from catalog.groups import GROUPS
from catalog.index import field_texts
from catalog.model import Course
from catalog.query import parse_query
from catalog.search import CourseSearch
from catalog.text import normalize, tokenize

TODAY = date(2026, 9, 1)
SEED = 20260901

# occupation, category, keywords
OCCUPATIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("养老护理员", "就业技能培训", ("养老", "护工", "照护", "老人")),
    ("医疗护理员", "就业技能培训", ("陪护", "护工", "医院")),
    ("育婴员", "就业技能培训", ("月嫂", "带娃", "婴儿", "早教")),
    ("母婴护理员", "就业技能培训", ("月嫂", "产妇", "新生儿")),
    ("保育师", "就业技能培训", ("幼儿园", "托育")),
    ("家政服务员", "就业技能培训", ("保姆", "保洁", "家务")),
    ("中式烹调师", "就业技能培训", ("厨师", "炒菜", "餐饮")),
    ("中式面点师", "就业技能培训", ("面点", "包子", "馒头", "早点")),
    ("西式面点师", "就业技能培训", ("烘焙", "蛋糕", "面包")),
    ("电工", "岗位技能提升培训", ("电工证", "低压", "水电")),
    ("焊工", "岗位技能提升培训", ("电焊", "氩弧焊", "二保焊")),
    ("叉车司机", "就业技能培训", ("叉车", "仓储", "物流")),
    ("汽车维修工", "岗位技能提升培训", ("修车", "汽修", "保养")),
    ("化工总控工", "岗位技能提升培训", ("化工", "石化", "安全生产")),
    ("港口机械操作工", "岗位技能提升培训", ("港口", "门机", "吊车")),
    ("起重装卸机械操作工", "岗位技能提升培训", ("起重", "装卸", "港口")),
    ("电商直播", "就业技能培训", ("带货", "直播", "主播", "农产品")),
    ("直播销售员", "就业技能培训", ("带货", "直播", "海鲜")),
    ("短视频制作", "就业技能培训", ("抖音", "快手", "剪辑", "拍摄")),
    ("无人机驾驶员", "就业技能培训", ("无人机", "航拍", "植保")),
    ("人工智能训练师", "岗位技能提升培训", ("人工智能", "数据标注", "ai")),
    ("数据标注员", "就业技能培训", ("标注", "数据", "人工智能")),
    ("缝纫工", "就业技能培训", ("缝纫", "服装", "做衣服")),
    ("手工编织工", "就业技能培训", ("编织", "钩织", "手工")),
    ("穿戴甲制作", "就业技能培训", ("美甲", "穿戴甲", "手工")),
    ("农业技术员", "就业技能培训", ("种植", "大棚", "农技")),
    ("水生动物饲养工", "就业技能培训", ("养殖", "水产", "养虾")),
    ("蔬菜园艺工", "就业技能培训", ("种菜", "大棚", "蔬菜")),
    ("美容师", "就业技能培训", ("美容", "护肤")),
    ("美发师", "就业技能培训", ("理发", "剪发", "造型")),
    ("茶艺师", "就业技能培训", ("泡茶", "茶叶")),
    ("物业管理员", "就业技能培训", ("物业", "小区")),
    ("保安员", "就业技能培训", ("保安", "安保")),
    ("网约配送员", "就业技能培训", ("外卖", "骑手", "配送")),
    ("快递员", "就业技能培训", ("快递", "分拣")),
    ("计算机操作员", "就业技能培训", ("电脑", "办公软件")),
    ("电子商务师", "就业技能培训", ("网店", "电商", "运营")),
    ("全媒体运营师", "就业技能培训", ("新媒体", "运营", "公众号")),
    ("工业机器人系统操作员", "岗位技能提升培训", ("机器人", "智能制造")),
    ("数控车工", "岗位技能提升培训", ("数控", "车床", "机加工")),
    ("宝石琢磨工", "就业技能培训", ("水晶", "珠宝", "东海")),
    ("民宿管家", "就业技能培训", ("民宿", "旅游")),
    ("健康照护师", "就业技能培训", ("照护", "康养")),
    ("创业培训", "创业培训", ("创业", "开店", "syb", "当老板")),
)
LEVELS = (("初级工", "初级"), ("中级工", "中级"), ("高级工", "高级"), ("专项职业能力", "专项能力"))
PROVIDER_NAMES = ("新时代", "港城", "华信", "鑫源", "巧手", "安达", "恒通", "东方", "金牌", "明德", "海天", "育才")
PROVIDER_KINDS = ("职业培训学校", "技工学校", "职业技能培训中心", "家政服务职业培训学校", "技术学院培训部")
STREETS = ("人民路", "海连路", "朝阳路", "新浦路", "解放路", "通灌路")
TITLE_SUFFIXES = ("培训班", "培训班", "培训班", "技能提升班", "企业新型学徒制培训班", "实操培训", "培训班（周末班）")
DESCRIPTION_PARTS = (
    "围绕{occ}岗位要求开展理论和实操训练", "由{kw}方向的一线师傅授课", "结业后推荐本地企业{kw}岗位",
    "考核合格可取得{level}职业技能等级证书", "适合{group}参加", "采用小班教学，每期名额有限",
    "培训期间提供午餐和实训耗材", "课程包含安全操作规范和职业道德", "晚上和周末均可安排实操练习",
    "面向有{kw}工作意愿的劳动者", "落实1131服务，提供岗位推荐", "学时{hours}课时，线上线下结合",
)


def make_catalogue(size: int, seed: int = SEED) -> list[Course]:
    rng = random.Random(seed)
    # Providers (5 a district) teach at their own address: courses share coordinates, as in real catalogues.
    providers = {
        d.name: [(f"连云港市{d.name}{n}{rng.choice(PROVIDER_KINDS)}", rng.choice(STREETS) + f"{rng.randint(1, 400)}号",
                  d.lat + rng.uniform(-0.06, 0.06), d.lon + rng.uniform(-0.06, 0.06))
                 for n in rng.sample(PROVIDER_NAMES, 5)]
        for d in DISTRICTS
    }
    courses = []
    for i in range(size):
        occ, category, keywords = rng.choice(OCCUPATIONS)
        level, level_short = rng.choice(LEVELS)
        place = rng.choice(DISTRICTS)
        start = TODAY + timedelta(days=rng.randint(-120, 400))
        hours = rng.choice((40, 64, 80, 90, 120, 160))
        groups = tuple(rng.sample(GROUPS, rng.randint(2, 6)))
        kw = rng.sample(keywords, min(len(keywords), rng.randint(2, 3)))
        parts = rng.sample(DESCRIPTION_PARTS, rng.randint(3, 5))
        description = "，".join(p.format(occ=occ, kw=kw[0], level=level, group=groups[0], hours=hours)
                               for p in parts) + "。"
        has_coords = rng.random() > 0.05
        provider, street, lat, lon = rng.choice(providers[place.name])
        title = f"{occ}（{level_short}）{rng.choice(TITLE_SUFFIXES)}" + (f"（第{i % 9 + 2}期）" if i % 4 == 0 else "")
        courses.append(Course(
            code=f"B{i:06d}",
            title=title, occupation=occ, level=level, category=category,
            provider=provider, district=place.name, address=f"连云港市{place.name}{street}",
            lat=lat if has_coords else None, lon=lon if has_coords else None,
            start_date=start, end_date=start + timedelta(days=rng.randint(7, 90)),
            hours=hours, capacity=rng.choice((20, 30, 40, 50)),
            subsidy_yuan=rng.choice((0, 600, 900, 1200, 1500, 2000, 3000)),
            fee_yuan=rng.choice((0, 0, 0, 0, 200, 500)),
            eligible_groups=groups, contact=f"0518-8{rng.randint(1000000, 9999999)}",
            keywords=tuple(kw), description=description,
        ))
    return courses


def make_queries(seed: int = SEED) -> list[tuple[str, tuple[float, float] | None, bool]]:
    """(question, location or None, nearby?) - 240 questions."""
    rng = random.Random(seed + 1)
    s2t = OpenCC("s2t")
    asks = ("月嫂", "我想学电焊", "开叉车", "带货", "抖音", "做包子", "蛋糕", "修车", "无人机", "护工", "保姆", "厨师",
            "养老护理员", "电工", "焊工", "数据标注", "ai", "种菜", "养虾", "美甲", "理发", "外卖", "电脑", "水晶",
            "创业开店", "化工", "港口吊车", "缝纫", "钩织", "民宿", "茶艺", "保安", "快递", "直播销售员", "育婴员",
            "叉车司机", "中式烹调师", "短视频制作", "人工智能训练师", "开飞机", "插花", "会计")
    wraps = ("{q}", "我想学{q}", "{q}培训", "哪里有{q}的课", "{q}班", "请问{q}怎么报名")
    filters = ("", "", "", "赣榆", "海州区", "东海县", "连云", "开发区", "灌南", "徐圩", "下个月", "最近", "免费",
               "有补贴的", "周末", "大学生", "职工", "失业", "退役军人", "12月", "明年", "海州区 下个月", "免费 赣榆")
    queries: list[tuple[str, tuple[float, float] | None, bool]] = []
    for _ in range(150):
        q = rng.choice(wraps).format(q=rng.choice(asks))
        f = rng.choice(filters)
        queries.append((f"{f} {q}".strip() if rng.random() < 0.5 else f"{q} {f}".strip(), None, False))
    for _ in range(30):  # Traditional characters
        question = f"{rng.choice(filters)} {rng.choice(wraps).format(q=rng.choice(asks))}"
        queries.append((s2t.convert(question), None, False))
    for _ in range(20):  # filters only
        queries.append((" ".join(rng.sample(filters[3:], 2)), None, False))
    for _ in range(25):  # with a location
        d = rng.choice(DISTRICTS)
        here = (d.lat + rng.uniform(-0.03, 0.03), d.lon + rng.uniform(-0.03, 0.03))
        queries.append((rng.choice(wraps).format(q=rng.choice(asks)), here, False))
    for _ in range(15):  # nearby, some with words
        d = rng.choice(DISTRICTS)
        here = (d.lat + rng.uniform(-0.03, 0.03), d.lon + rng.uniform(-0.03, 0.03))
        queries.append((rng.choice(("", "", rng.choice(asks))), here, True))
    return queries


# Pinyin, initials and homophone slips (timed apart, so the 240 questions above stay comparable).
SOUND_QUESTIONS: tuple[str, ...] = (
    "yanglao", "yang lao hu li", "yanglaohuliyuan", "dianshang", "dian shang zhi bo", "ylhl", "dszb", "chayishi",
    "yuesao", "hangong", "diangong haizhou", "chache", "wurenji", "养老户理", "电上直播", "育英员", "叉车司基",
    "中式烹调是", "wu ren ji ganyu", "zhongshipengtiaoshi",
)


def percentiles(samples: Sequence[float]) -> str:
    ordered = sorted(samples)
    pick = lambda p: ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]  # noqa: E731
    return (f"p50 {pick(50):7.3f} ms  p95 {pick(95):7.3f} ms  p99 {pick(99):7.3f} ms  "
            f"max {ordered[-1]:7.3f} ms  mean {statistics.fmean(ordered):7.3f} ms")


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096 / 2**20


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter_ns()
        run()
        out.append((time.perf_counter_ns() - t0) / 1e6)
    return out


def bench(size: int, queries: list[tuple[str, tuple[float, float] | None, bool]], use_tracemalloc: bool) -> None:
    courses = make_catalogue(size)
    gc.collect()
    before = rss_mb()
    t0 = time.perf_counter()
    engine = CourseSearch(courses)
    build_s = time.perf_counter() - t0
    gc.collect()
    grown = rss_mb() - before
    print(f"\n== {size:,} courses ==")
    print(f"build: {build_s:6.2f} s   RSS growth: {grown:6.1f} MB", end="")
    if use_tracemalloc:
        del engine
        gc.collect()
        tracemalloc.start()
        engine = CourseSearch(courses)
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"   tracemalloc (2nd build): held {current / 2**20:6.1f} MB, peak {peak / 2**20:6.1f} MB", end="")
    print()

    def run(question: str, here: tuple[float, float] | None, near: bool) -> object:
        if near and here is not None:
            return engine.nearby(here[0], here[1], today=TODAY, text=question)
        lat, lon = here if here is not None else (None, None)
        return engine.search(question, today=TODAY, lat=lat, lon=lon)

    for q in queries:  # warm-up (first use of each question fills the tokenizer caches)
        run(*q)
    ours: list[float] = []
    kinds: dict[str, list[float]] = {"text": [], "location": [], "nearby": []}
    empty = 0
    for q in queries:
        samples = timed(lambda q=q: run(*q), 3)
        ours.extend(samples)
        kinds["nearby" if q[2] else "location" if q[1] else "text"].extend(samples)
        empty += not run(*q).hits  # type: ignore[attr-defined]
    print(f"ours      ({len(queries)} questions x3): {percentiles(ours)}   (no hits: {empty})")
    for kind, samples in kinds.items():
        print(f"  {kind:9s}: {percentiles(samples)}")
    heard = [s for q, _, _ in queries for s in timed(lambda q=q: engine.heard(q), 3)]
    altered = sum(engine.heard(q).split() != normalize(q).split() for q, _, _ in queries)
    print(f"  of which reading pinyin and homophone slips: {percentiles(heard)}   (questions altered: {altered})")
    sounds = [s for q in SOUND_QUESTIONS for s in timed(lambda q=q: engine.search(q, today=TODAY), 3)]
    found = sum(bool(engine.search(q, today=TODAY).hits) for q in SOUND_QUESTIONS)
    print(f"pinyin/slips ({len(SOUND_QUESTIONS)} more questions x3): {percentiles(sounds)}   (found: {found})")

    # rank_bm25 on the same documents (all fields, our tokens) and the same query terms, no filters.
    t0 = time.perf_counter()
    corpus = [[tok for text in field_texts(c) for tok in tokenize(text)] for c in courses]
    tok_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    okapi = BM25Okapi(corpus)
    okapi_build = time.perf_counter() - t0
    pairs = [(q, terms) for q, _, _ in queries if (terms := [t for t, _ in parse_query(q, TODAY).terms])]

    def okapi_top(tokens: list[str]) -> object:
        scores = okapi.get_scores(tokens)
        top = np.argpartition(-scores, 50)[:50]
        return top[np.argsort(-scores[top])]

    theirs: list[float] = []
    ours_same: list[float] = []
    for question, tokens in pairs:
        theirs.extend(timed(lambda t=tokens: okapi_top(t), 1))
        ours_same.extend(timed(lambda q=question: engine.search(q, today=TODAY), 3))
    print(f"rank_bm25 build {okapi_build:5.2f} s (+{tok_s:5.2f} s tokenising)")
    print(f"rank_bm25 ({len(pairs)} questions with words, terms given): {percentiles(theirs)}")
    print(f"ours      (same questions, parsing + filters included): {percentiles(ours_same)}")
    ratio50 = statistics.median(theirs) / statistics.median(ours_same)
    ratio99 = sorted(theirs)[int(0.99 * len(theirs))] / sorted(ours_same)[int(0.99 * len(ours_same))]
    print(f"speed-up vs rank_bm25: {ratio50:6.1f}x at p50, {ratio99:6.1f}x at p99")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 50_000])
    parser.add_argument("--no-tracemalloc", action="store_true")
    args = parser.parse_args()
    queries = make_queries()
    print(f"{len(queries)} questions; python {sys.version.split()[0]}")
    t0 = time.perf_counter()
    CourseSearch([make_catalogue(1)[0]]).search("电工", today=TODAY)  # load jieba and OpenCC once
    print(f"tokenizer start-up: {time.perf_counter() - t0:.2f} s")
    for size in args.sizes:
        bench(size, queries, not args.no_tracemalloc)


if __name__ == "__main__":
    main()
