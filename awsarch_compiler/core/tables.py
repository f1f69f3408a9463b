"""Mappings and Conditions: each template gets exactly the ones its resources use.

A generator adds a table once (``Context.add_mapping``, ``Context.add_condition``); the assembly
copies into every nested template the conditions its resources name in ``Fn::If`` and the mappings
they (or those conditions) name in ``Fn::FindInMap``.
"""
from __future__ import annotations


def named(value, function: str) -> set:
    """The first arguments of every ``function`` (Fn::FindInMap, Fn::If) inside ``value``."""
    if isinstance(value, dict):
        found = set()
        for key, item in value.items():
            if key == function and isinstance(item, list) and item and isinstance(item[0], str):
                found.add(item[0])
            found |= named(item, function)
        return found
    if isinstance(value, list):
        return set().union(*(named(v, function) for v in value)) if value else set()
    return set()


def copy_used(ctx, template) -> None:
    """The conditions and mappings a template's resources use, copied from the context."""
    conditions = {name: ctx.conditions[name] for name in sorted(named(template.resources, "Fn::If") & set(ctx.conditions))}
    maps = sorted(named([template.resources, conditions], "Fn::FindInMap") & set(ctx.mappings))
    mappings = {name: ctx.mappings[name] for name in maps}
    template.sections = {key: table for key, table in (("Mappings", mappings), ("Conditions", conditions)) if table}
