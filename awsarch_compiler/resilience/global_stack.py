"""The global stack of a multi-region architecture: the DNS both regions share, deployed last, in us-east-1.

An alias record to a component that runs in both regions becomes a pair of
record sets: failover (primary, secondary) for pilot light and warm standby,
latency (one per region) for active-active, each with a health check of that
region's entry point (the file's ``dns.health_checks`` entry for the
component, else HTTPS or HTTP on ``/``). Backup & restore keeps one record,
pointed at whichever region serves: the primary's outputs, then the
secondary's after a restore. Records to components that stay in the primary
(a static site's global distribution) and plain records are written as in
the file. Each target's DNS name and hosted zone are parameters, named
``Primary<Output>`` / ``Secondary<Output>`` after the region stack's output
that provides them (the manifest lists which).
"""
from __future__ import annotations

import dataclasses

from troposphere import Parameter, Ref

from ..core.context import Context
from ..core.model import Architecture
from ..core.naming import logical_id
from ..core.route53 import DnsHealthCheck, RecordEntry
from ..platform import dns, health_checks
from ..platform.monitoring import alarms
from .regional import output_names

REGION = "us-east-1"  # Route 53 health-check metrics and alarms live there


def _target(ctx: Context, role: str, component: str) -> tuple:
    host_output, zone_output = output_names(component)
    refs = []
    for output in (host_output, zone_output):
        name = role + output
        ctx.add_parameter(Parameter(name, Type="String", Description=f"the {role.lower()} region stack's output "
                                                                     f"{output} ({component})"))
        refs.append(Ref(name))
    return refs[0], refs[1]


def _check_for(ctx: Context, component: str) -> tuple[str, DnsHealthCheck]:
    for name, check in ctx.arch.dns.health_checks.items():
        if check.component == component:
            return name, check
    return component, DnsHealthCheck(component=component)


def _pair(ctx: Context, entry: RecordEntry, plans: tuple, zone: dict) -> None:
    """The two record sets, one per region, of a record to a component that runs in both."""
    comp = entry.record.target
    name, check = _check_for(ctx, comp)
    _, _, ipv6 = ctx.kind(comp).alias_target(ctx.component(comp), ctx)
    for plan, role in zip(plans, ("Primary", "Secondary")):
        host, zone_id = _target(ctx, role, comp)
        logical = logical_id(name, role, "HealthCheck")
        health_checks.health_check(ctx, f"{name}-{role.lower()}", check, logical, host_override=host,
                                   path=("dns", "health_checks", name) if name in ctx.arch.dns.health_checks
                                   else entry.path)
        routed = (dict(region=plan.region) if plan.strategy == "active-active"
                  else dict(failover=plan.role))
        record = dataclasses.replace(entry.record, health_check=None, set_id=None, **routed)
        dns.record(ctx, RecordEntry(entry.host, record, entry.path), zone, (host, zone_id, ipv6),
                   health_check_logical=logical)


def generate(arch: Architecture, plans: tuple, secondary: Architecture) -> Context:
    """The global stack's resources; ``secondary`` is the secondary region's architecture."""
    ctx = Context(arch=dataclasses.replace(arch, overrides={}), registry=dict(arch.kinds))
    if arch.dns is None:
        return ctx
    if any(c.alarm for c in arch.dns.health_checks.values()):
        alarms.alarm_topic(ctx)
    zone = dns.zone_reference(ctx)
    paired = set(secondary.components) if plans[0].strategy != "backup-restore" else set()
    for name, check in arch.dns.health_checks.items():
        if check.component is None:
            health_checks.health_check(ctx, name, check)
        elif check.component not in paired:  # a component of the primary only
            health_checks.health_check(ctx, name, check, host_override=_target(ctx, "Primary", check.component)[0])
    for entry in arch.dns.record_sets():
        target = entry.record.target
        if target in paired and entry.record.routing == "simple":
            _pair(ctx, entry, plans, zone)
            continue
        values = None
        if target is not None:
            role = "Primary" if target not in secondary.components or plans[0].strategy != "backup-restore" else ""
            host, zone_id = _target(ctx, role, target)
            values = (host, zone_id, ctx.kind(target).alias_target(ctx.component(target), ctx)[2])
        dns.record(ctx, entry, zone, values)
    return ctx
