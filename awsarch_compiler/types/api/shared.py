"""What both API protocols share: execute-api ARNs, load-balancer upstreams, Lambda permissions
scoped to one route each, and the access log group."""
from __future__ import annotations

import json
from typing import Optional

from troposphere import Sub, awslambda, logs

from ...core.context import Context
from ...core.naming import logical_id
from ..function.model import TYPE_NAME as FUNCTION
from ..function.model import invoke_arn
from ..load_balancer.model import load_balancer_id
from .model import Api, routes


def execute_arn(api_logical: str, suffix: str = "*"):
    return Sub(f"arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api_logical}}}/{suffix}")


def upstream(lb, arch) -> Optional[tuple[str, str, int]]:
    """(scheme, host or "", port) the API forwards to on an internet-facing load balancer.

    HTTPS needs a name its certificate covers (a dns.records entry for it);
    otherwise an HTTP listener on the load balancer's own DNS name ("").
    """
    hosts = [host for host, target in (arch.dns.aliases() if arch.dns else ()) if target == lb.name]
    for listener in lb.listeners:
        if listener.protocol == "HTTPS" and hosts:
            return "https", hosts[0], listener.port
    for listener in lb.listeners:
        if listener.protocol == "HTTP":
            return "http", "", listener.port
    return None


def upstream_url(lb, arch, path: str = ""):
    """The URL the API forwards to on load balancer ``lb`` (plus ``path``)."""
    scheme, host, port = upstream(lb, arch)
    suffix = "" if port == {"https": 443, "http": 80}[scheme] else f":{port}"
    if host:
        return f"{scheme}://{host}{suffix}{path}"
    return Sub(f"{scheme}://${{{load_balancer_id(lb.name)}.DNSName}}{suffix}{path}")


def add_permissions(ctx: Context, comp: Api, api_logical: str) -> None:
    """One lambda:InvokeFunction permission per function route, scoped to that route's ARN."""
    for route in routes(comp):
        if ctx.component(route.target).type != FUNCTION:
            continue
        ctx.add(awslambda.Permission(
            logical_id(comp.name, route.role, "Permission"),
            Action="lambda:InvokeFunction", FunctionName=invoke_arn(route.target, ctx.arch),
            Principal="apigateway.amazonaws.com",
            SourceArn=execute_arn(api_logical, "*/" + route.arn_path()),
        ), comp)


def access_log_group(ctx: Context, comp: Api) -> str:
    group = ctx.add(logs.LogGroup(logical_id(comp.name, "AccessLogs"), RetentionInDays=comp.log_retention_days), comp)
    ctx.suppress(group, "CKV_AWS_158", "CloudWatch Logs encrypts log data at rest with service-managed keys")
    return group.title


def log_format(fields: dict) -> str:
    return json.dumps(fields, separators=(",", ":"))
