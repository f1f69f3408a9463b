"""RDS engine versions: which ones exist, and what a major version alone resolves to.

The version lists are the vendored table ``engine_versions.json``, a copy of
the data of cfn-lint (the linter every compile runs) refreshed with
``python scripts/refresh_engine_versions.py``: a version this module accepts
is one the linter accepts, and the output never depends on which cfn-lint
release is installed. A major version alone (``"16"``, ``"8.4"``) stays as
written when RDS still creates new databases with it (RDS then picks that
major's default minor version); otherwise it is pinned to the newest minor
version of that major that is not deprecated, so that the template never
asks for a version RDS refuses.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Optional

DATA_FILE = "engine_versions.json"


@lru_cache(maxsize=1)
def _table() -> dict:
    return json.loads(resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8"))


def _entry(resource: str, engine: str) -> Optional[dict]:
    return _table().get(resource, {}).get(engine)


def known_versions(resource: str, engine: str) -> Optional[tuple[str, ...]]:
    """Engine versions of ``AWS::RDS::<resource>`` (DBInstance, DBCluster); None when unknown."""
    entry = _entry(resource, engine)
    return tuple(entry["versions"]) if entry else None


def deprecated_versions(resource: str, engine: str) -> frozenset:
    """Versions RDS no longer creates new databases with (empty when unknown)."""
    entry = _entry(resource, engine)
    return frozenset(entry["deprecated"]) if entry else frozenset()


def version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else -1 for p in re.split(r"[.-]", version))


def minors_of(resource: str, engine: str, major: str) -> list[str]:
    """Plain, current versions under ``major`` (no -limitless/-rds. variants), oldest first."""
    known = known_versions(resource, engine) or ()
    old = deprecated_versions(resource, engine)
    found = [v for v in known if v.startswith(major + ".") and "-" not in v and v not in old]
    return sorted(found, key=version_key)


def resolve(resource: str, engine: str, version: str) -> str:
    """``version`` if RDS creates databases with it, else the newest current minor of that major."""
    known = known_versions(resource, engine)
    if known is None:
        return version
    if version in known and version not in deprecated_versions(resource, engine):
        return version
    minors = minors_of(resource, engine, version)
    return minors[-1] if minors else version


def is_known(resource: str, engine: str, version: str) -> bool:
    """True when the linter's data knows ``version`` or newer minors of it (or has no data)."""
    known = known_versions(resource, engine)
    return known is None or version in known or bool(minors_of(resource, engine, version))


def newest_majors(resource: str, engine: str, count: int = 4) -> str:
    known = known_versions(resource, engine) or ()
    majors = {".".join(v.split(".")[:2 if engine in ("mysql", "mariadb", "aurora-mysql") else 1]) for v in known}
    return ", ".join(sorted(majors, key=version_key)[-count:])
