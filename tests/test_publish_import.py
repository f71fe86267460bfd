"""Staff send a course file in the chat: the CLI's importer checks it; a bad file stores nothing."""

from __future__ import annotations

import itertools
import logging
import sqlite3
from collections.abc import AsyncGenerator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.methods import GetFile, TelegramMethod
from aiogram.types import Document, File
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from bot import texts
from bot.runtime import Runtime
from bot.services.publish import MAX_UPLOAD_BYTES
from bot.texts import publish as pt
from catalog.importer import COLUMNS, write_courses_xlsx
from storage.db import sqlite_file
from storage.models import CourseRow
from tests.catalog.factories import make_course
from tests.catalog.importer_helpers import csv_bytes, row
from tests.client import Calls, UserClient, texts_of
from tests.conftest import ADMIN_ID

_file_ids = itertools.count(1)


class Uploads:
    """Stands in for Telegram's file storage: getFile answers with a path, and downloading it yields the bytes.

    It wraps the bot's OfflineSession (which has no files) instead of changing it."""

    def __init__(self, bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
        self.session = bot.session
        self.files: dict[str, bytes] = {}
        self.downloads = 0
        original = self.session.make_request

        async def make_request(bot: Bot, method: TelegramMethod[Any], timeout: int | None = None) -> Any:
            if isinstance(method, GetFile):
                return File(file_id=method.file_id, file_unique_id=method.file_id, file_path=f"docs/{method.file_id}")
            return await original(bot, method, timeout)

        async def stream_content(url: str, *args: Any, **kwargs: Any) -> AsyncGenerator[bytes, None]:
            self.downloads += 1
            yield self.files[url.rsplit("/", 1)[-1]]

        monkeypatch.setattr(self.session, "make_request", make_request)
        monkeypatch.setattr(self.session, "stream_content", stream_content)

    async def send(
        self, client: UserClient, data: bytes, name: str, *, caption: str | None = None, size: int | None = -1
    ) -> Calls:
        file_id = f"f{next(_file_ids)}"
        self.files[file_id] = data
        document = Document(
            file_id=file_id, file_unique_id=file_id, file_name=name, file_size=len(data) if size == -1 else size
        )
        return await client._feed_message(document=document, caption=caption)


@pytest.fixture
def uploads(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> Uploads:
    return Uploads(bot, monkeypatch)


@pytest.fixture
def admin(dp, bot) -> UserClient:
    return UserClient(dp, bot, user_id=ADMIN_ID, first_name="管理员")


async def grant(admin: UserClient, user_id: int, *districts: str) -> UserClient:
    await admin.send(f"/staff add {user_id} {' '.join(districts)}".strip())
    return UserClient(admin.dp, admin.bot, user_id=user_id, first_name="工作人员")


async def stored(db: AsyncSession, *codes: str) -> dict[str, CourseRow]:
    db.expire_all()
    return {r.code: r for r in await db.scalars(select(CourseRow).where(CourseRow.code.in_(codes)))}


GOOD = [
    row(
        code="UP1",
        title="无人机驾驶员（初级）海州班",
        occupation="无人机驾驶员",
        start_date="2026-12-10",
        end_date="2027-01-20",
    ),
    row(
        code="UP2",
        title="茶艺师（初级）东海班",
        occupation="茶艺师",
        district="东海县",
        start_date="2027-01-05",
        end_date="2027-02-05",
    ),
]


async def test_bad_row_is_reported_by_row_and_column_then_a_good_file_is_stored(
    admin: UserClient, uploads: Uploads, db: AsyncSession
) -> None:
    bad = [GOOD[0], row(code="UP2", title="茶艺师", end_date="2026-13-40")]
    [report] = texts_of(await uploads.send(admin, csv_bytes(bad), "课程.csv"))
    assert report.startswith(texts.IMPORT_REJECTED.format(n=1))
    assert "第3行「结业日期」" in report and "2026-13-40" in report  # the header is row 1
    assert await stored(db, "UP1", "UP2") == {}

    [summary] = texts_of(await uploads.send(admin, csv_bytes(GOOD), "课程.csv"))
    assert summary.startswith(texts.IMPORT_OK.format(added=2, updated=0, unchanged=0, retired=0))
    assert summary.endswith(pt.IMPORT_ANNOUNCE_HINT)
    rows = await stored(db, "UP1", "UP2")
    assert set(rows) == {"UP1", "UP2"} and all(r.announced_at is None for r in rows.values())
    found = texts_of(await admin.send("无人机 海州区"))
    assert "无人机驾驶员（初级）海州班" in found[0]

    # The same file again changes nothing and has nothing new to announce.
    [again] = texts_of(await uploads.send(admin, csv_bytes(GOOD), "课程.csv"))
    assert again == texts.IMPORT_OK.format(added=0, updated=0, unchanged=2, retired=0)


async def test_xlsx_upload_is_read_like_the_cli(admin: UserClient, uploads: Uploads, db, tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    write_courses_xlsx(
        [make_course("电工", "灌南县", code="XL1", start_date=date(2026, 12, 1), end_date=date(2027, 1, 9))], path
    )
    [summary] = texts_of(await uploads.send(admin, path.read_bytes(), "本月课程.XLSX"))
    assert summary.startswith("导入成功：新增 1 个")
    assert "XL1" in await stored(db, "XL1")


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"\x00\x01garbage\xff\xfe\x00", "课程.xlsx", texts.IMPORT_ERRORS["unreadable_file"]),
        (b"\xff\xfe\xfd", "课程.csv", texts.IMPORT_ERRORS["bad_encoding"]),
        (b"", "empty.csv", texts.IMPORT_ERRORS["empty_file"]),
        ("编号,名称,职业\nA,b,c\n".encode(), "课程.csv", "缺少必填列"),
        (b"\x81\x30\x81", "gb.csv", "文件"),
    ],
)
async def test_malformed_files_get_the_report_and_store_nothing(
    admin: UserClient, uploads: Uploads, db, data: bytes, name: str, expected: str
) -> None:
    before = len((await db.scalars(select(CourseRow.id))).all())
    [report] = texts_of(await uploads.send(admin, data, name))
    assert report.startswith("文件未导入") and expected in report
    assert len((await db.scalars(select(CourseRow.id))).all()) == before


async def test_wrong_type_and_oversize_are_refused_before_downloading(admin: UserClient, uploads: Uploads) -> None:
    assert texts_of(await uploads.send(admin, b"%PDF-1.4", "课程.pdf")) == [pt.FILE_WRONG_TYPE]
    assert texts_of(await uploads.send(admin, b"abc", "noextension")) == [pt.FILE_WRONG_TYPE]
    too_big = pt.FILE_TOO_BIG.format(mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    assert texts_of(await uploads.send(admin, b"x", "big.xlsx", size=MAX_UPLOAD_BYTES + 1)) == [too_big]
    assert uploads.downloads == 0
    # Telegram did not say how big it is: the downloaded bytes are measured.
    huge = b"a,b\n" * (MAX_UPLOAD_BYTES // 4 + 1)
    assert texts_of(await uploads.send(admin, huge, "big.csv", size=None)) == [too_big]
    assert uploads.downloads == 1


async def test_district_staff_may_only_publish_their_districts(
    admin: UserClient, uploads: Uploads, db: AsyncSession
) -> None:
    await uploads.send(admin, csv_bytes([row(code="DH9", district="东海县", title="东海旧班")]), "a.csv")
    haizhou = await grant(admin, 601, "海州区")
    rows = [GOOD[0], GOOD[1], row(code="DH9", district="海州区", title="抢占编号")]
    [report] = texts_of(await uploads.send(haizhou, csv_bytes(rows), "课程.csv"))
    assert report.startswith(texts.IMPORT_REJECTED.format(n=2))
    assert "第3行「区县」：东海县不在您负责的区县（海州区）" in report
    assert "第4行「项目编号」：编号 DH9 已是东海县的课程" in report
    assert set(await stored(db, "UP1", "UP2", "DH9")) == {"DH9"}
    assert (await stored(db, "DH9"))["DH9"].title == "东海旧班"

    [summary] = texts_of(await uploads.send(haizhou, csv_bytes([GOOD[0]]), "课程.csv"))
    assert summary.startswith("导入成功：新增 1 个")


async def test_full_replace_is_for_admins_only(admin: UserClient, uploads: Uploads, db: AsyncSession) -> None:
    citywide = await grant(admin, 602)
    refused = texts_of(await uploads.send(citywide, csv_bytes(GOOD), "课程.csv", caption="全量"))
    assert refused == [pt.REPLACE_ADMIN_ONLY] and await stored(db, "UP1") == {}

    [summary] = texts_of(await uploads.send(admin, csv_bytes(GOOD), "课程.csv", caption="全量导入"))
    assert "新增 2 个" in summary and pt.IMPORT_REPLACE_NOTE in summary
    assert "下架 180 个" in summary  # the sample catalogue is retired
    db.expire_all()
    assert len((await db.scalars(select(CourseRow).where(CourseRow.active.is_(True)))).all()) == 2


async def test_documents_from_non_staff_fall_through(
    user: UserClient, uploads: Uploads, db: AsyncSession, caplog
) -> None:
    with caplog.at_level(logging.WARNING, logger="handlers.access"):
        reply = texts_of(await uploads.send(user, csv_bytes(GOOD), "课程.csv"))
    assert reply == [texts.FALLBACK_MEDIA]
    assert uploads.downloads == 0 and await stored(db, "UP1") == {}
    assert f"refused staff entry point for user {user.user.id}" in caplog.text


async def test_a_long_report_is_split_into_messages(admin: UserClient, uploads: Uploads) -> None:
    extra = [f"自定义备注列{i:02d}" + "x" * 40 for i in range(40)]  # ignored columns are listed too
    rows = [row(code=f"E{i}", title="很长" * 60) for i in range(40)]
    data = csv_bytes(rows, keys=[*COLUMNS, *extra])
    replies = texts_of(await uploads.send(admin, data, "课程.csv"))
    assert len(replies) == 2 and all(len(r) <= 4096 for r in replies)
    assert replies[0].startswith(texts.IMPORT_REJECTED.format(n=40)) and "…" in replies[0]
    assert replies[1].startswith(texts.IMPORT_IGNORED_COLUMNS.split("{")[0])


async def test_the_index_is_refreshed_only_after_the_import_has_committed(
    admin: UserClient, uploads: Uploads, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Re-indexing thousands of classes takes a while: it must not hold SQLite's write lock (other people's updates
    wait on it), so the rows are committed first. At refresh time another connection sees them and can write."""
    seen: list[tuple[int, bool]] = []
    original = runtime.catalog.refresh
    path = sqlite_file(make_url(runtime.settings.database_url))

    async def refresh(session: AsyncSession) -> int:
        async with runtime.sessionmaker() as other:  # another connection sees committed rows only
            visible = await other.scalar(select(func.count()).where(CourseRow.code.in_(["UP1", "UP2"])))
        seen.append((visible or 0, path is None or can_write(path)))
        return await original(session)

    monkeypatch.setattr(runtime.catalog, "refresh", refresh)
    [summary] = texts_of(await uploads.send(admin, csv_bytes(GOOD), "课程.csv"))
    assert summary.startswith(texts.IMPORT_OK.format(added=2, updated=0, unchanged=0, retired=0))
    assert seen == [(2, True)]
    assert "无人机驾驶员（初级）海州班" in texts_of(await admin.send("无人机 海州区"))[0]  # and the index has them


def can_write(path: Path) -> bool:
    """Whether another connection could take SQLite's write lock at once."""
    raw = sqlite3.connect(path, timeout=0)
    try:
        raw.execute("BEGIN IMMEDIATE")
        raw.rollback()
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        raw.close()
