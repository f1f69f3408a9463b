"""ElastiCache engine versions, from the vendored table ``engine_versions.json``.

The table is a copy of the data of cfn-lint (the linter every compile runs),
refreshed with ``python scripts/refresh_engine_versions.py``, so the
compiler's output never depends on which cfn-lint release is installed.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

DATA_FILE = "engine_versions.json"


@lru_cache(maxsize=1)
def _table() -> dict:
    return json.loads(resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8"))


def known_versions(engine: str) -> tuple[str, ...]:
    """The engine's ElastiCache versions (empty when the table does not know the engine)."""
    return tuple(_table()["engines"].get(engine, ()))
