"""The folder layout is the architecture; these checks keep it honest."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from aiogram import Router

import handlers
from handlers import create_routers
from tests.catalog.test_layout import forbidden_imports

# Shared helpers, not features.
SUPPORT_MODULES = {"access", "keyboards", "course_views", "progress_menu", "replies"}
SUPPORT_MODULES |= {"eligibility_views", "dialogue"}
ROOT = Path(__file__).resolve().parents[1]
# Handlers sit on top: only the composition root builds their routers. Callback data and messages that services
# or the scheduler compose too live below both (bot/callbacks.py, bot/views/).
BELOW_HANDLERS = ("bot", "scheduler", "storage", "catalog")
COMPOSITION_ROOT = {"bot/app.py"}


def test_every_feature_module_exposes_create_router() -> None:
    for info in pkgutil.iter_modules(handlers.__path__):
        if info.name in SUPPORT_MODULES:
            continue
        module = importlib.import_module(f"handlers.{info.name}")
        assert callable(getattr(module, "create_router", None)), info.name
        assert isinstance(module.create_router(), Router)


def test_routers_are_fresh_and_the_fallback_is_last() -> None:
    first, second = create_routers(), create_routers()
    assert [r.name for r in first] == [r.name for r in second]
    assert all(a is not b for a, b in zip(first, second, strict=True))
    assert first[-1].name == "fallback"
    features = {info.name for info in pkgutil.iter_modules(handlers.__path__)} - SUPPORT_MODULES
    assert {r.name for r in first} == features  # no feature module forgotten in the list


def test_nothing_below_the_handlers_imports_them() -> None:
    files = sorted(path for folder in BELOW_HANDLERS for path in (ROOT / folder).rglob("*.py"))
    assert ROOT / "bot" / "callbacks.py" in files and ROOT / "scheduler" / "messages.py" in files
    assert forbidden_imports("from handlers.courses import CourseCb", ("handlers",)) == ["handlers.courses"]
    offenders = {
        rel: names
        for path in files
        if (rel := str(path.relative_to(ROOT))) not in COMPOSITION_ROOT
        and (names := forbidden_imports(path.read_text(encoding="utf-8"), ("handlers",)))
    }
    assert offenders == {}
