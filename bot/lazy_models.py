"""aiogram's ~900 Telegram types and methods validated on first use, not all built at import.

aiogram declares its models with pydantic's `defer_build`, then calls `model_rebuild` on every type as
`aiogram.types` is imported: pydantic builds a validator and serializer for each, ~3 s of CPU and ~110 MB that
stay for the life of the process (a bare echo bot's RSS is ~165 MB, mostly that), though a bot uses a few
dozen of them. `install()`, called before aiogram is first imported, lets those calls only record the names
the forward references need (the same namespace aiogram passes) on each model; pydantic then builds a model
the first time it is validated or serialized, with the same schema. If aiogram was already imported (a test
process, a shell) nothing changes.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Mapping
from typing import Any

_lock = threading.Lock()
_installed = False


def install() -> None:
    global _installed
    with _lock:
        if _installed or "aiogram" in sys.modules:
            return
        _installed = True
        from pydantic import BaseModel

        eager = BaseModel.__dict__["model_rebuild"]
        namespaces: list[Mapping[str, Any]] = []

        def deferred(cls: type[BaseModel], *args: Any, _types_namespace: Mapping[str, Any] | None = None,
                     **kwargs: Any) -> bool | None:  # fmt: skip
            if (_types_namespace is None or args or kwargs or cls.__pydantic_complete__
                    or not cls.model_config.get("defer_build")):  # fmt: skip
                return eager.__func__(cls, *args, _types_namespace=_types_namespace, **kwargs)
            if not namespaces:
                namespaces.append(_types_namespace)
            return None

        BaseModel.model_rebuild = classmethod(deferred)  # type: ignore[method-assign,assignment]
        try:
            import aiogram  # noqa: F401  (types and methods: every model aiogram defines)
        finally:
            BaseModel.model_rebuild = eager  # type: ignore[method-assign]
        if namespaces:
            _attach(BaseModel, dict(namespaces[0]))


def _attach(root: type, namespace: dict[str, Any]) -> None:
    """Every model aiogram defined (types, and methods, whose fields name types declared only for type checkers)
    resolves its forward references in `namespace` when pydantic builds it on first use."""
    stack, seen = [root], set()
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("aiogram.") and not cls.__dict__.get("__pydantic_complete__", False):
            cls.__pydantic_parent_namespace__ = namespace  # type: ignore[attr-defined]
