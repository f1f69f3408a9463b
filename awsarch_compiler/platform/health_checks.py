"""Route 53 health checks (``dns.health_checks``) and the alarms on their status.

A check of a component requests its public entry point (an internet-facing
load balancer's DNS name on its TLS listener, else its first listener; an
API's custom domain; a static site's distribution); a check of a URL requests
that URL, by host name or IPv4 address. ``search_string`` makes it a string
match on the response body. ``alarm: true`` adds a CloudWatch alarm on the
check's ``HealthCheckStatus`` to the alarm topic; Route 53 publishes that metric
in us-east-1 only, so the alarm is created in the stack deployed there.
"""
from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from troposphere import Ref, Sub, cloudwatch, route53

from ..core.context import Context
from ..core.naming import logical_id
from ..core.route53 import DnsHealthCheck
from .monitoring.ids import LAYER as MONITORING_LAYER
from .monitoring.ids import TOPIC

DEFAULT_PORTS = {"HTTP": 80, "HTTPS": 443}


def health_check_id(name: str) -> str:
    return logical_id(name, "HealthCheck")


def endpoint(ctx: Context, check: DnsHealthCheck, host_override=None) -> dict:
    """The HealthCheckConfig properties that say what is requested: host or IP, type, port and path."""
    if check.url is not None:
        url = urlsplit(check.url)
        protocol = check.protocol or url.scheme.upper()
        host, port, path = url.hostname, check.port or url.port, check.path or url.path or None
    else:
        comp = ctx.component(check.component)
        host, default_protocol, default_port = ctx.kind(check.component).health_endpoint(comp, ctx)
        protocol = check.protocol or default_protocol
        port = check.port or (default_port if protocol == default_protocol else None)
        path = check.path
        host = host_override if host_override is not None else host
    out = {"Port": port or DEFAULT_PORTS.get(protocol, 80)}
    try:
        out["IPAddress"] = str(ipaddress.ip_address(host))
    except (ValueError, TypeError):
        out["FullyQualifiedDomainName"] = host
    if protocol == "TCP":
        out["Type"] = "TCP"
        return out
    out["Type"] = protocol + ("_STR_MATCH" if check.search_string else "")
    out["ResourcePath"] = path or "/"
    if check.search_string:
        out["SearchString"] = check.search_string
    if protocol == "HTTPS":
        out["EnableSNI"] = "FullyQualifiedDomainName" in out
    return out


def health_check(ctx: Context, name: str, check: DnsHealthCheck, logical: str | None = None,
                 host_override=None, path: tuple | None = None) -> str:
    """Add the health check ``name`` (as ``logical``, default its own ID); returns its logical ID."""
    logical = logical or health_check_id(name)
    config = route53.HealthCheckConfig(
        RequestInterval=check.interval, FailureThreshold=check.failure_threshold,
        **endpoint(ctx, check, host_override))
    ctx.add(route53.HealthCheck(
        logical, HealthCheckConfig=config,
        HealthCheckTags=ctx.tags(check.component, Name=f"{ctx.arch.name}-{name}"),
    ), check.component, layer="edge", tags=False, path=path or ("dns", "health_checks", name))
    if check.alarm:
        _alarm(ctx, name, logical, path)
    return logical


def _alarm(ctx: Context, name: str, logical: str, path: tuple | None) -> None:
    alarm = logical + "Alarm"
    ctx.add(cloudwatch.Alarm(
        alarm, AlarmName=Sub(f"${{AWS::StackName}}-{alarm}"),
        AlarmDescription=f"Route 53 health check {name} reports the endpoint unhealthy",
        Namespace="AWS/Route53", MetricName="HealthCheckStatus",
        Dimensions=[cloudwatch.MetricDimension(Name="HealthCheckId", Value=Ref(logical))],
        Statistic="Minimum", Period=60, EvaluationPeriods=1, Threshold=1, ComparisonOperator="LessThanThreshold",
        TreatMissingData="breaching", AlarmActions=[Ref(TOPIC)], OKActions=[Ref(TOPIC)],
    ), None, layer=MONITORING_LAYER, path=(path or ("dns", "health_checks", name)) + ("alarm",))


def generate(ctx: Context) -> None:
    for name, check in ctx.arch.dns.health_checks.items():
        health_check(ctx, name, check)
