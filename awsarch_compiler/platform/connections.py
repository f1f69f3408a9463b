"""``uses:`` connections: one line of DSL -> exactly one SG rule, IAM and env values.

Each target type documents its access modes (``ComponentType.access``) and
turns an edge into a :class:`~awsarch_compiler.context.Grant`. This module
resolves every edge, creates every component's security group and the
ingress rule of each edge, all in the security stack so that no two nested
stacks ever reference each other's groups.
"""
from __future__ import annotations

from troposphere import GetAtt
from troposphere.ec2 import SecurityGroup, SecurityGroupIngress, SecurityGroupRule

from ..core.context import Context
from ..core.diagnostics import error
from ..core.naming import logical_id, security_group_id

DENY_ALL_EGRESS = SecurityGroupRule(
    IpProtocol="icmp", FromPort=252, ToPort=86, CidrIp="255.255.255.255/32",
    Description="No outbound traffic (a rule that matches nothing replaces the default allow-all)",
)


def resolve_grants(ctx: Context) -> None:
    """Turn every ``uses`` edge into a Grant, in DSL order."""
    arch = ctx.arch
    for source in arch.components.values():
        for target_name, mode in source.uses.items():
            target = arch.components[target_name]
            kind = ctx.registry[target.type]
            grant = kind.grant(mode, source, target, ctx)
            if grant.port is not None and not ctx.registry[source.type].has_security_group(source):
                ctx.diagnostics.append(error(
                    "E322", f"'{source.name}' is not in the VPC, so it cannot reach '{target_name}' "
                            f"on port {grant.port}", ("components", source.name, "uses", target_name),
                    "place the component in the VPC (for a function: vpc: true)"))
                continue
            ctx.grants.append(grant)
    for comp in arch.components.values():
        ctx.grants.extend(ctx.registry[comp.type].implied_grants(comp, ctx))


def security_groups(ctx: Context) -> None:
    """One group per component that has one, and the ingress rule of each ``uses`` edge."""
    for comp in ctx.arch.components.values():
        kind = ctx.registry[comp.type]
        if not kind.has_security_group(comp):
            continue
        group = SecurityGroup(
            security_group_id(comp.name),
            GroupDescription=f"{comp.name} ({comp.type})",
            VpcId=ctx.vpc_ref(),
        )
        if kind.egress == "none":
            group.SecurityGroupEgress = [DENY_ALL_EGRESS]
        ctx.add(group, comp, layer="security")
    for grant in ctx.grants:
        if grant.port is None:
            continue
        target = grant.security_group_target or grant.target
        add_ingress(ctx, target, grant.source, grant.port, f"{grant.source} {grant.mode} {grant.target}",
                    owner=grant.target)


def add_ingress(ctx: Context, target: str, source: str, port: int, description: str,
                owner: str | None = None) -> None:
    """Allow TCP ``port`` on ``target``'s group from exactly ``source``'s group.

    ``owner`` is the DSL component the rule belongs to when ``target`` names a group that is
    not a component's own (a database's proxy group); it defaults to ``target``.
    """
    rule_id = logical_id(target, "From", source, str(port), "Ingress")
    if rule_id in ctx.entries:  # the same opening twice is one rule
        return
    ctx.add(SecurityGroupIngress(
        rule_id,
        GroupId=GetAtt(security_group_id(target), "GroupId"),
        SourceSecurityGroupId=GetAtt(security_group_id(source), "GroupId"),
        IpProtocol="tcp", FromPort=port, ToPort=port,
        Description=description,
    ), owner or target, layer="security")
