"""RDS engine versions: which ones exist, and what a major version alone resolves to.

The version lists come from cfn-lint's data (the linter every compile runs),
so a version this module accepts is one the linter accepts. A major version
alone (``"16"``, ``"8.4"``) stays as written when RDS still creates new
databases with it (RDS then picks that major's default minor version);
otherwise it is pinned to the newest minor version of that major that is
not deprecated, so that the template never asks for a version RDS refuses.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Optional

_DATA = ("data", "schemas", "extensions")


def _clauses(resource: str, name: str) -> list:
    folder = f"aws_rds_{resource.lower()}"
    path = resources.files("cfnlint").joinpath(*_DATA, folder, name)
    return json.loads(path.read_text(encoding="utf-8"))["allOf"]


@lru_cache(maxsize=16)
def known_versions(resource: str, engine: str) -> Optional[tuple[str, ...]]:
    """Engine versions of ``AWS::RDS::<resource>`` (DBInstance, DBCluster); None when unavailable."""
    try:
        for clause in _clauses(resource, "engine_version.json"):
            if clause["if"]["properties"]["Engine"].get("const") == engine:
                return tuple(clause["then"]["properties"]["EngineVersion"]["enum"])
    except (OSError, KeyError, ValueError, TypeError, ModuleNotFoundError):
        return None
    return None


@lru_cache(maxsize=16)
def deprecated_versions(resource: str, engine: str) -> frozenset:
    """Versions RDS no longer creates new databases with (empty when unknown)."""
    try:
        for clause in _clauses(resource, "engine_version_deprecated.json"):
            condition = clause["if"]["properties"]
            if condition["Engine"].get("const") == engine:
                return frozenset(condition["EngineVersion"]["enum"])
    except (OSError, KeyError, ValueError, TypeError, ModuleNotFoundError):
        return frozenset()
    return frozenset()


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
