"""The component-type registry, keyed by the DSL's ``type``.

Each module in this package defines one :class:`ComponentType` and registers
it with :func:`register`; :func:`registry` imports them all once.
"""
from __future__ import annotations

import importlib

from .base import AccessMode, ComponentType, Metric

_REGISTRY: dict[str, ComponentType] = {}

# One module per component type (network, dns and monitoring are cross-cutting).
MODULES = (
    "bucket",
    "static_site",
    "cache", "table", "file_system", "secret",
    "database",
    "load_balancer", "instance_group",
    "api", "user_pool",
    "function", "queue", "topic",
    "container_service", "repository",




)


def register(cls):
    instance = cls()
    _REGISTRY[cls.type_name] = instance
    return cls


def registry() -> dict[str, ComponentType]:
    # Import every module each time (a no-op once imported): one generator module may
    # import another (bucket helpers) before the registry is first asked for.
    for module in MODULES:
        importlib.import_module(f"{__name__}.{module}")
    return dict(sorted(_REGISTRY.items()))


__all__ = ["AccessMode", "ComponentType", "Metric", "register", "registry"]
