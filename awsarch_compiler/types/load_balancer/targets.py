"""The target groups of a ``load-balancer``: one per routed (target, port), with the security-group
rules between the load balancer and the target on exactly that port."""
from __future__ import annotations

from troposphere import GetAtt, Ref, ec2
from troposphere import elasticloadbalancingv2 as elb

from ...core.context import Context
from ...core.naming import logical_id, security_group_id
from ...platform import connections
from . import chain
from .model import LoadBalancer, Stickiness, group_settings, target_group_id

DEREGISTRATION_DELAY = 30


def forwarded_port(ctx: Context, target: str, port) -> int:
    """The port a route forwards to: the one it names, else the target's own."""
    return port if port is not None else ctx.kind(target).port(ctx.component(target))


def _protocols(comp: LoadBalancer, target_comp, target_type: str, port) -> tuple[str, str]:
    """(traffic protocol, health-check protocol) of the target group."""
    if target_type == "lambda":
        return ("", "")
    if target_type == "alb":
        inner = chain.inner_protocol(target_comp, port)
        return ("TCP", inner) if comp.kind == "network" else (inner, inner)
    return ("HTTP", "HTTP") if comp.kind == "application" else ("TCP", "TCP")


def attributes(comp: LoadBalancer, target_type: str, settings: dict) -> dict:
    """The target group's attributes from the routes' settings (stickiness, delay, slow start, algorithm)."""
    out = {}
    if target_type == "lambda":
        return out
    if target_type != "alb":  # an alb target group takes no deregistration delay
        out["deregistration_delay.timeout_seconds"] = settings.get("deregistration_delay", DEREGISTRATION_DELAY)
    sticky = settings.get("stickiness")
    if sticky:
        out["stickiness.enabled"] = "true"
        if comp.kind == "network":
            out["stickiness.type"] = "source_ip"
        elif isinstance(sticky, Stickiness) and sticky.cookie:
            out.update({"stickiness.type": "app_cookie", "stickiness.app_cookie.cookie_name": sticky.cookie,
                        "stickiness.app_cookie.duration_seconds": sticky.duration})
        else:
            duration = sticky.duration if isinstance(sticky, Stickiness) else Stickiness().duration
            out.update({"stickiness.type": "lb_cookie", "stickiness.lb_cookie.duration_seconds": duration})
    if "slow_start" in settings:
        out["slow_start.duration_seconds"] = settings["slow_start"]
    if "algorithm" in settings:
        out["load_balancing.algorithm.type"] = settings["algorithm"]
    return out


def _group(comp: LoadBalancer, logical: str, ctx: Context, target_type: str, port: int, protocols, health):
    if target_type == "lambda":
        return elb.TargetGroup(logical, TargetType="lambda", HealthCheckEnabled=False)
    return elb.TargetGroup(
        logical, VpcId=ctx.vpc_ref(), Port=port, Protocol=protocols[0], TargetType=target_type,
        HealthCheckProtocol=protocols[1],
        HealthCheckIntervalSeconds=health.interval, HealthCheckTimeoutSeconds=health.timeout,
        HealthyThresholdCount=health.healthy_threshold, UnhealthyThresholdCount=health.unhealthy_threshold)


def add_target_group(ctx: Context, comp: LoadBalancer, target: str, route_port=None) -> None:
    target_comp = ctx.component(target)
    kind = ctx.kind(target)
    port = forwarded_port(ctx, target, route_port)
    health = kind.health_check(target_comp)
    target_type = kind.target_type(target_comp)
    logical = target_group_id(comp.name, target, route_port)
    protocols = _protocols(comp, target_comp, target_type, port)
    synced = target_type == "alb" and comp.kind == "application"
    group = _group(comp, logical, ctx, "ip" if synced else target_type, port, protocols, health)
    settings = attributes(comp, "ip" if synced else target_type, group_settings(comp, target, route_port))
    if settings:
        group.TargetGroupAttributes = [elb.TargetGroupAttribute(Key=k, Value=str(v)) for k, v in settings.items()]
    if protocols[1] in ("HTTP", "HTTPS") and target_type != "lambda":
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
    if target_type == "lambda" or not kind.has_security_group(target_comp):
        return  # a function: invoked through its resource policy, not over the network
    connections.add_ingress(ctx, target, comp.name, port, f"{comp.name} forwards to {target}", owner=comp.name)
    egress = logical_id(comp.name, "To", target, *((str(port),) if route_port is not None else ()), "Egress")
    ctx.add(ec2.SecurityGroupEgress(
        egress, GroupId=ctx.security_group(comp.name),
        DestinationSecurityGroupId=GetAtt(security_group_id(target), "GroupId"),
        IpProtocol="tcp", FromPort=port, ToPort=port, Description=f"{comp.name} forwards to {target}",
    ), comp, layer="security")


def forward(comp: LoadBalancer, target: str, port=None) -> elb.Action:
    return elb.Action(Type="forward", TargetGroupArn=Ref(target_group_id(comp.name, target, port)))
