"""aiogram's ~900 Telegram types and methods validated on first use, not all built at import.

aiogram declares its models with pydantic's `defer_build`, then calls `model_rebuild` on every type as
`aiogram.types` is imported: pydantic builds a validator and serializer for each, ~2.5 s of CPU and ~105 MB
that stay for the life of the process (a bare echo bot's RSS is ~165 MB, mostly that), though a bot uses a few
dozen of them. `install()` hooks aiogram's import (it adds nothing until then, so `catalog search` from the
command line still loads no aiogram): during it those calls only record the namespace aiogram passes, and every
aiogram model gets it for its forward references; pydantic then builds a model the first time it validates or
serializes one, with the same schema. If aiogram was already imported (a test process) nothing changes.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
import threading
from collections.abc import Mapping, Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

_lock = threading.Lock()
_installed = False


def install() -> None:
    global _installed
    with _lock:
        if _installed or "aiogram" in sys.modules:
            return
        _installed = True
        sys.meta_path.insert(0, _Finder())


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None) -> ModuleSpec | None:
        if name != "aiogram":
            return None
        sys.meta_path.remove(self)  # once: the real finders locate the package
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            spec.loader = _Loader(spec.loader)
        return spec


class _Loader(importlib.abc.Loader):
    def __init__(self, inner: importlib.abc.Loader) -> None:
        self._inner = inner

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
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
            self._inner.exec_module(module)  # aiogram/__init__: its types and methods, every model it defines
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
        if cls.__module__.startswith("aiogram."):  # built ones too: their generic forms (Response[...]) inherit it
            cls.__pydantic_parent_namespace__ = namespace  # type: ignore[attr-defined]


def build_for_serving() -> None:
    """Build now the models every update and most replies go through: an update (the first getUpdates answer
    or webhook call validates Update and nearly every type it can hold: ~0.2-0.6 s) and the usual replies. Left
    to first use, that build stalls the event loop while serving — the first person waits, and the sender's
    paced sends pile up behind it. A few dozen models; the rest (~450) stay unbuilt."""
    from aiogram.methods import (
        AnswerCallbackQuery,
        EditMessageReplyMarkup,
        EditMessageText,
        GetUpdates,
        SendMessage,
    )
    from aiogram.methods.base import Response
    from aiogram.types import Update

    Update.model_rebuild()
    for method in (GetUpdates, SendMessage, AnswerCallbackQuery, EditMessageText, EditMessageReplyMarkup):
        method.model_rebuild()
        Response[method.__returning__].model_rebuild()  # type: ignore[name-defined]
