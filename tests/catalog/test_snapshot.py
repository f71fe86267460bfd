"""A saved index answers exactly as the one it was saved from, and a damaged or foreign one is refused."""

from __future__ import annotations

from datetime import date

import pytest

from catalog import snapshot
from catalog.search import CourseSearch, SearchResult
from tests.catalog.factories import make_course

TODAY = date(2026, 3, 1)
QUESTIONS = ("电工 海州区", "月嫂", "養老護理", "yanglao", "dianshang", "免费的", "叉车司基", "")


def catalogue() -> CourseSearch:
    return CourseSearch([
        make_course("电工", "海州区", code="C1"), make_course("养老护理员", "连云区", code="C2"),
        make_course("育婴员", "赣榆区", code="C3"), make_course("电商直播", "海州区", code="C4", keywords=("带货",)),
        make_course("叉车司机", "东海县", code="C5", lat=None, lon=None),
    ])  # fmt: skip


def answers(search: CourseSearch) -> list[list[tuple[str, float]]]:
    results: list[SearchResult] = [search.search(q, today=TODAY) for q in QUESTIONS]
    results.append(search.nearby(34.6, 119.2, today=TODAY, text="电工"))
    return [[(h.course.code, h.score) for h in r.hits] for r in results]


def test_a_loaded_snapshot_answers_like_the_original_and_keeps_its_meta() -> None:
    original = catalogue()
    meta, loaded = snapshot.load(snapshot.dump(original, {"seen": 7}))
    assert meta == {"seen": 7}
    assert answers(loaded) == answers(original)
    # ...and stays usable: later changes apply to it as to a fresh index
    added = make_course("焊工", "海州区", code="NEW")
    for search in (original, loaded):
        search.upsert(added)
        search.remove("C1")
    assert answers(loaded) == answers(original)
    assert [h.course.code for h in loaded.search("焊工", today=TODAY).hits] == ["NEW"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:-10],  # truncated
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit flipped in the payload
        lambda data: b"PK\x03\x04" + data[4:],  # another kind of file
        lambda data: b"",
    ],
)
def test_a_damaged_snapshot_is_refused(damage) -> None:  # type: ignore[no-untyped-def]
    data = snapshot.dump(catalogue(), {})
    with pytest.raises(snapshot.SnapshotError):
        snapshot.load(damage(data))


def test_a_snapshot_of_another_code_or_dictionary_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = snapshot.dump(catalogue(), {})
    monkeypatch.setattr(snapshot, "build_version", lambda: b"\x00" * 32)
    with pytest.raises(snapshot.SnapshotError, match="another version"):
        snapshot.load(data)


def test_the_version_follows_the_dictionaries(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    before = snapshot.build_version()
    fake = tmp_path / "catalog"
    (fake / "data").mkdir(parents=True)
    for name in snapshot._DATA_FILES:
        (fake / "data" / name).write_text("养老护理\n", encoding="utf-8")
    monkeypatch.setattr(snapshot, "_PACKAGE", fake)
    snapshot.build_version.cache_clear()
    try:
        changed = snapshot.build_version()
        (fake / "data" / "userdict.txt").write_text("养老护理员\n", encoding="utf-8")
        snapshot.build_version.cache_clear()
        assert len({before, changed, snapshot.build_version()}) == 3
    finally:
        snapshot.build_version.cache_clear()
