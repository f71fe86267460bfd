"""catalog/ is pure logic: it must never import the bot framework or the database layer."""

from __future__ import annotations

import ast
from pathlib import Path

CATALOG = Path(__file__).resolve().parents[2] / "catalog"
FORBIDDEN = ("aiogram", "sqlalchemy")


def forbidden_imports(source: str, forbidden: tuple[str, ...] = FORBIDDEN) -> list[str]:
    """Top-level packages from `forbidden` that `source` imports, in any form."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Attribute, ast.Name))
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names = [node.args[0].value]
        else:
            continue
        found.extend(name for name in names if name.split(".")[0] in forbidden)
    return found


def test_the_checker_catches_every_import_form() -> None:
    assert forbidden_imports("import aiogram") == ["aiogram"]
    assert forbidden_imports("import os, sqlalchemy.orm as orm") == ["sqlalchemy.orm"]
    assert forbidden_imports("from aiogram.types import Message") == ["aiogram.types"]
    assert forbidden_imports("def f():\n    from sqlalchemy import select\n") == ["sqlalchemy"]
    assert forbidden_imports("import importlib\nimportlib.import_module('aiogram')") == ["aiogram"]
    assert forbidden_imports("import aiogramx, json\nfrom . import sqlalchemy") == []


def test_no_catalog_module_imports_aiogram_or_sqlalchemy() -> None:
    files = sorted(CATALOG.rglob("*.py"))
    assert CATALOG / "search.py" in files and CATALOG / "text.py" in files
    offenders = {
        str(path.relative_to(CATALOG)): names
        for path in files
        if (names := forbidden_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
