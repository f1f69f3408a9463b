"""The target groups of a ``load-balancer``: one per routed (target, port), with the security-group
rules between the load balancer and the target on exactly that port."""
from __future__ import annotations

from troposphere import GetAtt, Ref, ec2
from troposphere import elasticloadbalancingv2 as elb

from ...core.context import Context
from ...core.naming import logical_id, security_group_id
from ...platform import connections
from . import chain
from .model import LoadBalancer, target_group_id


def forwarded_port(ctx: Context, target: str, port) -> int:
    """The port a route forwards to: the one it names, else the target's own."""
    return port if port is not None else ctx.kind(target).port(ctx.component(target))


def _protocols(comp: LoadBalancer, target_comp, target_type: str, port: int) -> tuple[str, str]:
    """(traffic protocol, health-check protocol) of the target group."""
    if target_type == "alb":
        inner = chain.inner_protocol(target_comp, port)
        return ("TCP", inner) if comp.kind == "network" else (inner, inner)
    return ("HTTP", "HTTP") if comp.kind == "application" else ("TCP", "TCP")


def add_target_group(ctx: Context, comp: LoadBalancer, target: str, route_port=None) -> None:
    target_comp = ctx.component(target)
    kind = ctx.kind(target)
    port = forwarded_port(ctx, target, route_port)
    health = kind.health_check(target_comp)
    target_type = kind.target_type(target_comp)
    logical = target_group_id(comp.name, target, route_port)
    protocol, health_protocol = _protocols(comp, target_comp, target_type, port)
    synced = target_type == "alb" and comp.kind == "application"
    group = elb.TargetGroup(
        logical, VpcId=ctx.vpc_ref(), Port=port, Protocol=protocol,
        TargetType="ip" if synced else target_type, HealthCheckProtocol=health_protocol,
        HealthCheckIntervalSeconds=health.interval, HealthCheckTimeoutSeconds=health.timeout,
        HealthyThresholdCount=health.healthy_threshold, UnhealthyThresholdCount=health.unhealthy_threshold,
    )
    if synced or target_type != "alb":  # an alb target group takes no deregistration delay
        group.TargetGroupAttributes = [elb.TargetGroupAttribute(Key="deregistration_delay.timeout_seconds",
                                                                Value="30")]
    if health_protocol in ("HTTP", "HTTPS"):
        group.HealthCheckPath = health.path
        group.Matcher = elb.Matcher(HttpCode=health.matcher)
    targets, depends = ([], []) if synced else kind.target_registrations(target_comp, port, ctx)
    if targets:
        group.Targets = targets
    if depends:
        group.DependsOn = depends
    ctx.add(group, comp)
    if synced:
        chain.add_sync(ctx, comp, target_comp, logical, port)
    connections.add_ingress(ctx, target, comp.name, port, f"{comp.name} forwards to {target}", owner=comp.name)
    egress = logical_id(comp.name, "To", target, *((str(port),) if route_port is not None else ()), "Egress")
    ctx.add(ec2.SecurityGroupEgress(
        egress, GroupId=ctx.security_group(comp.name),
        DestinationSecurityGroupId=GetAtt(security_group_id(target), "GroupId"),
        IpProtocol="tcp", FromPort=port, ToPort=port, Description=f"{comp.name} forwards to {target}",
    ), comp, layer="security")


def forward(comp: LoadBalancer, target: str, port=None) -> elb.Action:
    return elb.Action(Type="forward", TargetGroupArn=Ref(target_group_id(comp.name, target, port)))
