"""The hooks through which a component type takes part in a multi-region architecture (``disaster_recovery:``).

``data_recovery`` says how its data reaches the secondary and what a failover may lose,
``recovery_problem`` why it cannot follow, ``recovery_checks`` its own errors there,
``secondary_settings`` its DSL settings in the secondary (or None: it has no copy there, as a static site's
global distribution), and ``recover`` changes the generated resources of each region's role (primary,
secondary, storage): global clusters and tables, replicas, replication rules, failover origins.
"""
from __future__ import annotations

from typing import Iterable, Optional

from ..core.context import Context
from ..core.diagnostics import Diagnostic
from ..core.model import Architecture, Component


class MultiRegion:
    def data_recovery(self, component: Component, arch: Architecture, strategy: str):
        """A DataRecovery (mechanism, RPO) when the component holds data that must reach the secondary, else None."""
        return None

    def recovery_problem(self, component: Component, arch: Architecture) -> Optional[str]:
        """Why the component cannot follow into a secondary region (it must then be single_region), or None."""
        return None

    def recovery_checks(self, component: Component, arch: Architecture) -> Iterable[Diagnostic]:
        """The type's own errors under disaster_recovery (an engine without global databases)."""
        return ()

    def secondary_settings(self, name: str, settings: dict, plan) -> Optional[dict]:
        """The component's DSL settings in the secondary (its capacity there); None: it has no copy there."""
        return settings

    def recover(self, component: Component, ctx: Context, plan) -> None:
        """Change the region's generated resources: replicas, global resources, cross-region copies."""
