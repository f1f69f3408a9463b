"""Semantic checks of a ``table``: billing and capacity, key attribute types, index projections."""
from __future__ import annotations

from ...core.diagnostics import error
from .model import Table, key_attributes


def check(comp: Table, arch):
    path = ("components", comp.name)
    provisioned = comp.billing == "provisioned"
    if provisioned and comp.capacity is None:
        yield error("E391", "billing: provisioned needs capacity", path + ("billing",),
                    "add capacity: {read: 5, write: 5}, or use billing: on-demand")
    if not provisioned and comp.capacity is not None:
        yield error("E391", "capacity only applies to billing: provisioned", path + ("capacity",),
                    "remove capacity, or set billing: provisioned")
    seen: dict[str, tuple[str, tuple]] = {}
    for key, key_path in key_attributes(comp):
        first = seen.setdefault(key.name, (key.type, key_path))
        if first[0] != key.type:
            yield error("E391", f"attribute '{key.name}' is type {key.type} here but {first[0]} at "
                                f"{'.'.join(map(str, first[1][2:]))}", key_path + ("type",),
                        "an attribute has one type in every key that uses it")
    for name, index in comp.indexes.items():
        index_path = path + ("indexes", name)
        if index.projection == "include" and not index.attributes:
            yield error("E391", "projection: include needs attributes", index_path + ("projection",),
                        "list the non-key attributes to copy, such as attributes: [title, status]")
        if index.projection != "include" and index.attributes:
            yield error("E391", f"attributes only apply to projection: include, not {index.projection}",
                        index_path + ("attributes",), "set projection: include, or remove attributes")
        if index.capacity is not None and not provisioned:
            yield error("E391", "index capacity only applies to billing: provisioned",
                        index_path + ("capacity",), "remove it, or set billing: provisioned")
