"""`python -m bot catalog search`: the ranked courses for a question, without building the bot.

It reads the saved index (bot/services/catalog_snapshot.py) plus the rows changed since, so it neither imports
the Telegram framework nor tokenises the catalogue. A database that cannot be read as it is (new, or not yet
migrated) goes the long way: open_runtime, which migrates it first.
"""

from __future__ import annotations

import argparse
import json

from sqlalchemy.exc import DBAPIError

from bot.cli_errors import CommandError
from bot.clock import Clock
from bot.config import Settings
from bot.services.catalog import CatalogService
from bot.services.catalog_snapshot import open_catalog_snapshot
from bot.texts import marks
from catalog.search import SearchHit, SearchResult
from storage.db import create_engine, create_sessionmaker


async def search_command(args: argparse.Namespace, settings: Settings) -> int:
    lat, lon = args.lat, args.lon
    if (lat is None) != (lon is None):
        raise CommandError("--lat and --lon go together")
    catalog = await _catalog(settings)
    result = catalog.search(args.question, today=Clock(settings.tz).today(), lat=lat, lon=lon)
    print_result(result, args.limit, as_json=args.json)
    return 0


async def _catalog(settings: Settings) -> CatalogService:
    try:
        engine = create_engine(settings.database_url)
        try:
            catalog = CatalogService(open_catalog_snapshot(settings.database_url))
            async with create_sessionmaker(engine)() as session:
                await catalog.load(session)
            await catalog.flush()
            return catalog
        finally:
            await engine.dispose()
    except (DBAPIError, OSError):
        pass  # no tables yet, an older schema, or no database at all: open_runtime migrates it or says what is wrong
    from bot.runtime import open_runtime  # migrations (alembic) only on this path

    async with open_runtime(settings) as runtime:
        return runtime.catalog


def print_result(result: SearchResult, limit: int, *, as_json: bool) -> None:
    hits = result.hits[:limit]
    if as_json:
        print(json.dumps([hit_json(h) for h in hits], ensure_ascii=False, indent=2))
        return
    for n, hit in enumerate(hits, 1):
        km = f" {hit.distance_km:.1f}km" if hit.distance_km is not None else ""
        c = hit.course
        title = marks.mark_sample(c.title, c.sample)
        print(f"{n:>2}. [{hit.score:6.2f}] {c.code} {title} · {c.district}{km} · {c.start_date}")
    if not hits:
        occupations = result.suggestions.occupations if result.suggestions else ()
        print("no course matches" + (f"; try {', '.join(occupations)}" if occupations else ""))


def hit_json(hit: SearchHit) -> dict[str, object]:
    c = hit.course
    item: dict[str, object] = {
        "code": c.code,
        "title": c.title,
        "score": round(hit.score, 4),
        "district": c.district,
        "occupation": c.occupation,
        "start_date": c.start_date.isoformat(),
        "end_date": c.end_date.isoformat(),
        "fee_yuan": c.fee_yuan,
        "subsidy_yuan": c.subsidy_yuan,
        "sample": c.sample,
    }
    if hit.distance_km is not None:
        item["distance_km"] = round(hit.distance_km, 2)
    return item
