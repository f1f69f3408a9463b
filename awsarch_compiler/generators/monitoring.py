"""Cross-cutting monitoring: alarm topic, alarms by friendly metric, dashboard,
budget, audit trail. Each component type declares its metrics."""
from __future__ import annotations

from ..context import Context


def generate(ctx: Context) -> None:
    return None
