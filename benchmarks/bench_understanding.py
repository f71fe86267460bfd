"""The understanding step in front of the course search: accuracy on the labelled dialogue set, per category and
per part (tune = tuned on; holdout, holdout2 = measured only), and the time it adds to each message.

Latency: every turn of every part is understood (catalog.understanding.understand, plus the FAQ match for
questions) `--repeat` times after a warm-up, on the shipped sample catalogue; the
course search of the same turns is timed alongside for comparison. "cold" clears catalog.text's tokenising
caches before each message, as for a message never seen before; "warm" keeps them. On a shared machine the
raw p99 is other processes' preemption (tens of ms, any line of code), so percentiles are taken over each
turn's median of the repeats, with the raw p99 printed too.

    .venv/bin/python benchmarks/bench_understanding.py [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from catalog import text
from catalog.faq import FaqBase
from catalog.intents import Intent
from catalog.search import CourseSearch
from catalog.understanding import understand
from tests.dialogue_set import MEASURED, TODAY, Turn, load, load_faq, overall, sample_search, score

PARTS = ("tune", *MEASURED)


def percentiles(per_turn: list[list[float]]) -> str:
    """Over turns, of each turn's median time; and the raw p99 over every single run."""
    cuts = statistics.quantiles([statistics.median(runs) for runs in per_turn], n=100, method="inclusive")
    raw = statistics.quantiles([t for runs in per_turn for t in runs], n=100, method="inclusive")[98]
    return (f"p50 {cuts[49] * 1000:.3f} ms / p95 {cuts[94] * 1000:.3f} ms / p99 {cuts[98] * 1000:.3f} ms"
            f"  (raw p99 {raw * 1000:.3f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    text.preload()
    search, faq = sample_search(), load_faq()
    print(f"{len(faq)} FAQ entries, {len(search)} sample courses\n")

    for part in PARTS:
        turns = load(part)
        scores, misses = score(turns, search, faq)
        total = overall(scores)
        print(f"{part}: {total.right}/{total.total} = {total.accuracy:.1%}")
        for category, s in sorted(scores.items()):
            print(f"  {category:17s} {s.right:3d}/{s.total:<3d} {s.accuracy:6.1%}")
        for miss in misses:
            print(f"    miss: {miss}")
        print()

    turns = [turn for part in PARTS for turn in load(part)]
    for turn in turns:  # warm-up: jieba, caches
        understand(turn.message, TODAY, turn.context or None)
    print(f"latency over {len(turns)} turns x {args.repeat}:")
    for cold in (True, False):
        added, searched = timings(turns, search, faq, args.repeat, cold=cold)
        print(f"  {'cold' if cold else 'warm'} understanding step (added): {percentiles(added)}")
        print(f"  {'cold' if cold else 'warm'} course search (for scale):  {percentiles(searched)}")


def timings(
    turns: list[Turn], search: CourseSearch, faq: FaqBase, repeat: int, *, cold: bool
) -> tuple[list[list[float]], list[list[float]]]:
    added: list[list[float]] = [[] for _ in turns]
    searched: list[list[float]] = [[] for _ in turns]
    for _ in range(repeat):
        for i, turn in enumerate(turns):
            if cold:
                text._chunk_tokens.cache_clear()
                text._convert_chunk.cache_clear()
            start = time.perf_counter()
            understood = understand(turn.message, TODAY, turn.context or None)
            if understood.intent in (Intent.QUERY, Intent.UNKNOWN) and understood.followup is None:
                faq.match(understood.rest)
            middle = time.perf_counter()
            search.search(understood.rest or turn.message, today=TODAY)
            searched[i].append(time.perf_counter() - middle)
            added[i].append(middle - start)
    return added, searched


if __name__ == "__main__":
    main()
