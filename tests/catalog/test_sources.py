"""The source registry: every entry is complete and points at a seed text that exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.sources import SCOPES, SourceError, all_sources, source

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def test_every_source_is_complete_and_its_seed_exists() -> None:
    sources = all_sources()
    assert any(s.scope == "city" for s in sources.values())
    for item in sources.values():
        assert item.scope in SCOPES
        assert item.title and item.issuer
        if SEEDS.is_dir():  # the policy texts sit beside the repository in CI and on dev machines
            assert (SEEDS / item.seed).is_file(), item.seed


def test_the_city_plan_is_local_and_turpan_is_only_an_example() -> None:
    assert source("lyg2025").is_local
    assert not source("turpan2019").is_local
    assert source("turpan2019").scope == "other_region"


def test_an_unknown_source_is_refused_with_the_known_ids() -> None:
    with pytest.raises(SourceError, match="lyg2025"):
        source("nowhere")
