"""The component types, one package each; the registry finds them.

A package under ``types/`` is a component type when its ``__init__`` defines
``TYPE``, an instance of its :class:`~.base.ComponentType` subclass. Beside
it: ``model.py`` (the leaf dataclasses and logical IDs other types may
import), ``schema.json`` (its JSON Schema fragment), ``codes.py`` (its error
codes), and the modules that hold its checks, grants and resources. Adding a
type edits no list: a new package is found the next time the registry is
asked for.
"""
from __future__ import annotations

import importlib
import json
import pkgutil
from functools import lru_cache
from importlib import resources

from .base import ComponentType

SCHEMA_FILE = "schema.json"
TRIGGER_FILE = "trigger.json"


@lru_cache(maxsize=1)
def _discover() -> tuple[tuple[str, ComponentType], ...]:
    found = {}
    for info in pkgutil.iter_modules(__path__):
        if not info.ispkg:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        kind = getattr(module, "TYPE", None)
        if isinstance(kind, ComponentType):
            found[kind.type_name] = kind
    return tuple(sorted(found.items()))


def registry() -> dict[str, ComponentType]:
    """Type name -> ComponentType, sorted by name."""
    return dict(_discover())


def package_of(kind: ComponentType) -> str:
    """The package that defines ``kind`` (``awsarch_compiler.types.queue``)."""
    return type(kind).__module__


def _read(kind: ComponentType, file: str) -> dict | None:
    path = resources.files(package_of(kind)).joinpath(file)
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def schema_fragment(kind: ComponentType) -> dict:
    """The type's own schema: its title, description, required keys and properties."""
    fragment = _read(kind, SCHEMA_FILE)
    if fragment is None:
        raise FileNotFoundError(f"{package_of(kind)} has no {SCHEMA_FILE}")
    return fragment


def trigger_fragment(kind: ComponentType) -> dict | None:
    """The schema of a function trigger naming a component of this type, if it is an event source."""
    return _read(kind, TRIGGER_FILE)


__all__ = ["ComponentType", "package_of", "registry", "schema_fragment", "trigger_fragment"]
