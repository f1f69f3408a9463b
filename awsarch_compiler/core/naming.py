"""Stable logical IDs and names from DSL names and a resource's role.

A logical ID is the component's name in PascalCase followed by the role of
the resource (``api`` + ``Service`` -> ``ApiService``). It never depends on a
list position or on the stack the resource lands in, so adding, removing or
moving a component never renames another component's resources.
"""
from __future__ import annotations

import re

LAYERS = ("network", "security", "data", "compute", "edge", "monitoring", "pipeline")


def pascal(name: str) -> str:
    """``public-lb`` -> ``PublicLb``; ``ecr.api`` -> ``EcrApi``; ``db`` -> ``Db``."""
    parts = re.split(r"[^A-Za-z0-9]+", str(name))
    return "".join(p[:1].upper() + p[1:] for p in parts if p)


def logical_id(name: str, *roles: str) -> str:
    return pascal(name) + "".join(pascal(r) for r in roles)


def env_prefix(name: str) -> str:
    """``app-secrets`` -> ``APP_SECRETS`` (environment variable prefix)."""
    return re.sub(r"[^A-Za-z0-9]+", "_", name).upper().strip("_")


def security_group_id(component: str) -> str:
    return logical_id(component, "SecurityGroup")


def stack_file(arch_name: str, layer: str | None = None, ext: str = "yaml") -> str:
    return f"{arch_name}.{ext}" if layer is None else f"{arch_name}-{layer}.{ext}"


def stack_logical_id(layer: str) -> str:
    return pascal(layer) + "Stack"


def subnet_id(tier: str, az_index: int) -> str:
    """Subnet of ``tier`` in the AZ numbered ``az_index`` (0-based) -> ``AppSubnet1``."""
    return f"{pascal(tier)}Subnet{az_index + 1}"
