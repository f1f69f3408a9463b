"""Schema defaults: fill every ``default`` the schema declares into a valid document.

:func:`apply_defaults` follows the document through the schema (``$ref``s, the
``oneOf``/``anyOf`` branch the value matches, the component type dispatch)
and adds each missing key that has a default, so defaults live only in the schema.
"""
from __future__ import annotations

import copy
from functools import lru_cache

from .bounds import BoundedValidator
from .build import built


@lru_cache(maxsize=1)
def validator() -> BoundedValidator:
    """The validator of the built schema (patterns bounded by length, see :mod:`.bounds`)."""
    return BoundedValidator(built())


def resolve(node: dict) -> dict:
    """Follow local ``$ref``s (``#/$defs/x``) to the schema node they name."""
    root = built()
    while isinstance(node, dict) and "$ref" in node:
        target = root
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _branch(node: dict, value) -> dict:
    """The ``oneOf``/``anyOf`` branch ``value`` is valid against, resolved (``node`` itself if none)."""
    branches = node.get("oneOf") or node.get("anyOf")
    if not branches:
        return node
    check = validator()
    for branch in branches:
        if next(check.descend(value, branch), None) is None:
            return resolve(branch)
    return node


def _fill(node: dict, value):
    node = _branch(resolve(node), value)
    if isinstance(value, dict):
        branch = node
        if "allOf" in node and isinstance(value.get("type"), str):  # component dispatch
            for clause in node["allOf"]:
                const = clause.get("if", {}).get("properties", {}).get("type", {}).get("const")
                if const == value["type"]:
                    branch = resolve(clause["then"])
        for key, sub in branch.get("properties", {}).items():
            sub = resolve(sub)
            if key not in value and "default" in sub:
                value[key] = copy.deepcopy(sub["default"])
            if key in value:
                value[key] = _fill(sub, value[key])
        extra = branch.get("additionalProperties")
        if isinstance(extra, dict):
            for key in value:
                if key not in branch.get("properties", {}):
                    value[key] = _fill(extra, value[key])
    elif isinstance(value, list) and isinstance(node.get("items"), dict):
        return [_fill(node["items"], item) for item in value]
    return value


def apply_defaults(data: dict) -> dict:
    return _fill(built(), copy.deepcopy(data))
