"""The folder layout is the architecture; these checks keep it honest."""

from __future__ import annotations

import importlib
import pkgutil

from aiogram import Router

import handlers
from handlers import create_routers

# Shared helpers, not features.
SUPPORT_MODULES = {"access", "keyboards", "course_views", "progress_menu", "replies", "survey_views"}
SUPPORT_MODULES |= {"eligibility_views", "dialogue"}


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
