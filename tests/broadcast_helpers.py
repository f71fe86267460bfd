"""People, staff and outbox readers shared by the broadcast and announcement tests."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from bot.runtime import Runtime
from storage.models import User
from storage.models_schedule import OutboxItem
from storage.models_service import ServiceCase
from storage.models_staff import Broadcast, StaffMember, Subscription
from storage.unit_of_work import unit_of_work


@dataclass(frozen=True)
class Person:
    id: int
    district: str | None = "海州区"
    group: str | None = None
    blocked: bool = False
    subs: tuple[tuple[str | None, str | None], ...] = ()  # (occupation, district)
    wanted: tuple[str, ...] = ()


async def add_people(runtime: Runtime, *people: Person) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        for p in people:
            user = User(id=p.id, display_name=f"u{p.id}", district=p.district, group=p.group, blocked_bot=p.blocked)
            session.add(user)
        await session.flush()
        for p in people:
            for occupation, district in p.subs:
                session.add(Subscription(user_id=p.id, occupation=occupation, district=district))
            if p.wanted:
                session.add(ServiceCase(user_id=p.id, wanted=list(p.wanted)))


async def add_staff(runtime: Runtime, user_id: int, *districts: str) -> None:
    async with unit_of_work(runtime.sessionmaker) as session:
        session.add(StaffMember(user_id=user_id, districts=list(districts)))


async def outbox_items(runtime: Runtime) -> list[OutboxItem]:
    async with runtime.sessionmaker() as session:
        return list(await session.scalars(select(OutboxItem).order_by(OutboxItem.id)))


async def statuses(runtime: Runtime) -> Counter[str]:
    return Counter(i.status for i in await outbox_items(runtime))


async def all_broadcasts(runtime: Runtime) -> list[Broadcast]:
    async with runtime.sessionmaker() as session:
        return list(await session.scalars(select(Broadcast).order_by(Broadcast.id)))


def sends_by_chat(bot) -> Counter[int]:
    return Counter(c.chat_id for c in bot.session.requests if c.__api_method__ == "sendMessage")
