"""Semantic checks of a ``table``: billing and capacity, key attribute types, index projections."""
from __future__ import annotations

from ...core.diagnostics import error
from .model import Table, key_attributes


def check(comp: Table, arch):
    path = ("components", comp.name)
    provisioned = comp.billing == "provisioned"
    if provisioned and comp.capacity is None:
        yield error("E1401", "billing: provisioned needs capacity", path + ("billing",),
                    "add capacity: {read: 5, write: 5}, or use billing: on-demand")
    capacities = [("capacity", path, comp.capacity)]
    capacities += [("index capacity", path + ("indexes", name), index.capacity) for name, index in comp.indexes.items()]
    for what, where, capacity in capacities:
        if capacity is not None and not provisioned:
            yield error("E1402", f"{what} only applies to billing: provisioned", where + ("capacity",),
                        "remove it, or set billing: provisioned")
    seen: dict[str, tuple[str, tuple]] = {}
    for key, key_path in key_attributes(comp):
        first = seen.setdefault(key.name, (key.type, key_path))
        if first[0] != key.type:
            yield error("E1403", f"attribute '{key.name}' is type {key.type} here but {first[0]} at "
                                 f"{'.'.join(map(str, first[1][2:]))}", key_path + ("type",),
                        "an attribute has one type in every key that uses it")
    for name, index in comp.indexes.items():
        index_path = path + ("indexes", name)
        if index.projection == "include" and not index.attributes:
            yield error("E1404", "projection: include needs attributes", index_path + ("projection",),
                        "list the non-key attributes to copy, such as attributes: [title, status]")
        if index.projection != "include" and index.attributes:
            yield error("E1405", f"attributes only apply to projection: include, not {index.projection}",
                        index_path + ("attributes",), "set projection: include, or remove attributes")
