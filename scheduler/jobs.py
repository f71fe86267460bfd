"""Periodic jobs: plain async functions with explicit arguments, easy to call from tests."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.catalog import CatalogService
from bot.services.jobs import JobsService
from storage.unit_of_work import unit_of_work
from storage.updates import prune_processed_updates

log = logging.getLogger(__name__)


async def refresh_catalog(sessionmaker: async_sessionmaker[AsyncSession], catalog: CatalogService) -> int:
    """Pick up courses imported or changed by another process (CLI import, another bot worker)."""
    async with unit_of_work(sessionmaker) as session:
        applied = await catalog.refresh(session)
    if applied:
        log.info("search index refreshed with %d changed course(s)", applied)
    return applied


async def refresh_jobs(sessionmaker: async_sessionmaker[AsyncSession], jobs: JobsService) -> bool:
    async with unit_of_work(sessionmaker) as session:
        return await jobs.refresh(session)


async def prune_updates(sessionmaker: async_sessionmaker[AsyncSession]) -> int:
    async with unit_of_work(sessionmaker) as session:
        return await prune_processed_updates(session)
