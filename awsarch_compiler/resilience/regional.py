"""What each region's compile adds under ``disaster_recovery:``: the types' recovery resources and the outputs
the global stack reads.

Every component's type changes its own resources for the region's role
(``ComponentType.recover``: a global cluster in the primary and a headless or
reader secondary cluster, a global table, bucket replication, replica
regions of secrets, registry replication, backup copies). Then every
component a DNS record aliases gets two root outputs, ``<Name>DnsName`` and
``<Name>HostedZoneId``, which the global stack takes as parameters (the
manifest names the output each parameter comes from), because a stack
cannot reference another region's stack.
"""
from __future__ import annotations

from troposphere import Output

from ..core.context import Context
from ..core.naming import logical_id
from ..core.recovery import RegionPlan
from . import storage


def entry_points(ctx: Context) -> list[str]:
    """The components of this region that a DNS record aliases, in DSL order."""
    dns = ctx.arch.dns
    if dns is None:
        return []
    out = []
    for _host, target in dns.aliases():
        if target in ctx.arch.components and target not in out:
            out.append(target)
    return out


def output_names(component: str) -> tuple[str, str]:
    return logical_id(component, "DnsName"), logical_id(component, "HostedZoneId")


def apply(ctx: Context, plan: RegionPlan) -> None:
    for comp in ctx.arch.components.values():
        ctx.kind(comp.name).recover(comp, ctx, plan)
    if plan.strategy == "backup-restore" and not plan.is_secondary:
        stores = [ctx.kind(c.name).data_recovery(c, ctx.arch, plan.strategy) for c in ctx.arch.components.values()
                  if plan.dr.follows(c.name)]
        resources = [s.backup_resource for s in stores if s is not None and s.backup_resource is not None]
        if resources:
            storage.plan_backups(ctx, plan, resources)
    for name in entry_points(ctx):
        dns_name, zone_id, _ipv6 = ctx.kind(name).alias_target(ctx.component(name), ctx)
        host_output, zone_output = output_names(name)
        ctx.add_output(Output(host_output, Description=f"{name}: its DNS name in {plan.region} (the global "
                                                       "stack's parameter of the same name)", Value=dns_name))
        ctx.add_output(Output(zone_output, Description=f"{name}: the hosted zone of its DNS name", Value=zone_id))
