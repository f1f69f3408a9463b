"""Cross-cutting monitoring (``monitoring:``): alarms and their topic, budget, dashboard,
audit trail, tracing summary. Every resource lands in the monitoring stack."""
from __future__ import annotations

from ...core.context import Context
from . import alarms, audit_trail, budget, dashboard


def _tracing_note(ctx: Context) -> None:
    traced = sorted(c.name for c in ctx.arch.components.values() if ctx.kind(c.name).traced(c, ctx.arch))
    if traced:
        ctx.note(f"monitoring.tracing: AWS X-Ray tracing on {', '.join(traced)}")
    else:
        ctx.note("monitoring.tracing: no component here supports AWS X-Ray tracing")


def generate(ctx: Context) -> None:
    mon = ctx.arch.monitoring
    if mon.notify or mon.alarms:
        alarms.alarm_topic(ctx)
    for i, alarm in enumerate(mon.alarms):
        alarms.alarm(ctx, i, alarm)
    if mon.budget is not None:
        budget.budget(ctx)
    if mon.dashboard:
        dashboard.generate(ctx)
    if mon.audit_trail:
        audit_trail.generate(ctx)
    if mon.tracing:
        _tracing_note(ctx)
