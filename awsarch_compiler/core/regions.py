"""The AWS regions the compiler and its linter know, and the resource types each one lacks.

The data is the vendored ``regions.json`` (``python scripts/refresh_regions.py``
copies it from cfn-lint's data), so a region this module accepts is one the
linter accepts, and the answer never depends on the installed cfn-lint.
A file's ``region`` is checked by the schema (its enum is :data:`REGIONS`),
``--region`` by :func:`unknown_region`, and every generated resource by
:func:`availability_errors`: a type the region does not offer (an AWS
Budgets budget outside the regions Budgets runs in) is the compiler's own
located error instead of a linter finding.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from .diagnostics import Diagnostic, did_you_mean, error

DATA_FILE = "regions.json"


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(resources.files(__package__).joinpath(DATA_FILE).read_text(encoding="utf-8"))


def regions() -> tuple[str, ...]:
    """Every region the linter knows, in its order."""
    return tuple(_data()["regions"])


def unknown_region(region: str) -> str | None:
    """Why ``region`` is not one the compiler can lint for (with a did-you-mean), or None."""
    if region in regions():
        return None
    return did_you_mean(region, regions()) or f"known regions: {', '.join(sorted(regions()))}"


def unavailable(region: str) -> frozenset:
    """The resource types the compiler can emit that ``region`` does not offer."""
    return frozenset(_data()["unavailable"].get(region, ()))


def availability_errors(entries: dict, region: str) -> list[Diagnostic]:
    """One error per component and resource type ``region`` lacks (``entries``: logical ID -> Entry)."""
    missing = unavailable(region)
    seen: dict = {}
    for entry in entries.values():
        kind = getattr(entry.resource, "resource_type", None)
        if kind in missing:
            seen.setdefault((tuple(entry.dsl_path), kind), entry)
    return [error("E402", f"{kind} is not available in {region}", path,
                  "choose another region with region: (or --region), or remove what needs it")
            for (path, kind) in sorted(seen)]
