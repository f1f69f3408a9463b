"""``api``: API Gateway, as an HTTP API (v2) or a REGIONAL REST API (v1).

This module holds the model, the route-key grammar and what both protocols
share (access log group, Lambda permissions scoped to one route each,
load-balancer upstreams, the stage name, metrics, the ``invoke`` access
mode, DNS and CloudFront targets). ``api_checks`` holds the semantic checks;
``api_http`` and ``api_rest`` expand the two protocols.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Mapping, Optional, Union

from awacs.aws import Allow, Statement
from awacs.execute_api import Invoke
from troposphere import GetAtt, Ref, Sub, awslambda, logs

from ..core.context import Context, Grant
from ..core.model import Component, empty
from ..core.naming import env_prefix, logical_id, pascal
from . import register
from .base import AccessMode, ComponentType, Metric
from .function import function_arn

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY")
LITERAL = re.compile(r"^[A-Za-z0-9._~-]+$")
PARAM = re.compile(r"^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$")
TARGET_TYPES = ("function", "load-balancer")
ROUTE_HINT = 'write "METHOD /path" such as "GET /users/{id}"; METHOD is one of ' + ", ".join(METHODS)


@dataclass(frozen=True, kw_only=True)
class RouteOptions:
    target: str
    auth: Optional[str] = None


@dataclass(frozen=True, kw_only=True)
class Auth:
    user_pool: str
    scopes: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Cors:
    origins: tuple[str, ...]
    methods: tuple[str, ...] = ()
    headers: tuple[str, ...] = ("Authorization", "Content-Type")
    max_age: int = 600
    credentials: bool = False


@dataclass(frozen=True, kw_only=True)
class Throttle:
    rate: float = 100.0
    burst: int = 200


@dataclass(frozen=True, kw_only=True)
class Api(Component):
    protocol: str = "http"
    routes: Mapping[str, Union[str, RouteOptions]] = empty()
    auth: Optional[Auth] = None
    cors: Optional[Cors] = None
    throttle: Throttle = field(default_factory=Throttle)
    stage: str = "prod"
    log_retention_days: int = 365
    cloudwatch_role: bool = True
    domain: Optional[str] = None
    certificate: Optional[str] = None


@dataclass(frozen=True)
class Route:
    """One parsed route: ``GET /users/{id}`` -> users."""

    key: str
    method: str
    segments: tuple[str, ...]
    target: str
    public: bool  # auth: none
    iam: bool = False  # auth: iam (SigV4-signed callers with execute-api:Invoke, the ``invoke`` access mode)

    @property
    def path(self) -> str:
        return "/" + "/".join(self.segments)

    @property
    def role(self) -> str:
        """The route's part of its resources' logical IDs: ``GET /users/{id}`` -> ``GetUsersIdParam``."""
        return pascal(self.method.lower()) + (path_role(self.segments) or "Root")

    @property
    def shape(self) -> tuple:
        """Method and path with parameter names erased: two routes with one shape are the same route."""
        return (self.method, tuple("{+}" if s.endswith("+}") else "{}" if s.startswith("{") else s
                                   for s in self.segments))

    def arn_path(self) -> str:
        """The execute-api ARN's method/path part; path parameters match any value."""
        method = "*" if self.method == "ANY" else self.method
        return method + "/" + "/".join("*" if s.startswith("{") else s for s in self.segments)


def path_role(segments) -> str:
    out = ""
    for segment in segments:
        match = PARAM.match(segment)
        if match:
            out += pascal(match.group(1)) + ("Greedy" if match.group(2) else "Param")
        else:
            out += pascal(segment.replace(".", "-").replace("~", "-")) or "X"
    return out


def parse_key(key: str) -> tuple[Optional[tuple[str, tuple[str, ...]]], Optional[str]]:
    """``"GET /a/{b}"`` -> ((method, segments), None), or (None, what is wrong)."""
    parts = key.split(" ")
    if len(parts) != 2 or not parts[1]:
        return None, f"route '{key}' is not \"METHOD /path\""
    method, path = parts
    if method not in METHODS:
        if method.upper() in METHODS:
            return None, f"route '{key}': write the method in capitals ({method.upper()})"
        return None, f"route '{key}': '{method}' is not an HTTP method"
    if not path.startswith("/"):
        return None, f"route '{key}': the path must start with /"
    if path == "/":
        return (method, ()), None
    segments = tuple(path[1:].split("/"))
    for i, segment in enumerate(segments):
        match = PARAM.match(segment)
        if match:
            if match.group(2) and i != len(segments) - 1:
                return None, f"route '{key}': {segment} must be the last path segment"
        elif not segment:
            return None, f"route '{key}': empty path segment (// or a trailing /)"
        elif not LITERAL.match(segment):
            return None, f"route '{key}': '{segment}' is not a valid path segment"
    return (method, segments), None


def routes(comp: Api) -> list[Route]:
    """The API's valid routes in DSL order (checks reject the invalid ones)."""
    out = []
    for key, value in comp.routes.items():
        parsed, _ = parse_key(key)
        if parsed is None:
            continue
        target = value if isinstance(value, str) else value.target
        auth = None if isinstance(value, str) else value.auth
        out.append(Route(key, parsed[0], parsed[1], target, auth == "none", auth == "iam"))
    return out


def execute_arn(api_logical: str, suffix: str = "*"):
    return Sub(f"arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api_logical}}}/{suffix}")


def upstream(lb, arch) -> Optional[tuple[str, str, int]]:
    """(scheme, host or "", port) the API forwards to on an internet-facing load balancer.

    HTTPS needs a name its certificate covers (a dns.records entry for it);
    otherwise an HTTP listener on the load balancer's own DNS name ("").
    """
    hosts = [host for host, target in (arch.dns.records.items() if arch.dns else ()) if target == lb.name]
    for listener in lb.listeners:
        if listener.protocol == "HTTPS" and hosts:
            return "https", hosts[0], listener.port
    for listener in lb.listeners:
        if listener.protocol == "HTTP":
            return "http", "", listener.port
    return None


def upstream_url(lb, arch, path: str = ""):
    """The URL the API forwards to on load balancer ``lb`` (plus ``path``)."""
    from .load_balancer import load_balancer_id
    scheme, host, port = upstream(lb, arch)
    suffix = "" if port == {"https": 443, "http": 80}[scheme] else f":{port}"
    if host:
        return f"{scheme}://{host}{suffix}{path}"
    return Sub(f"{scheme}://${{{load_balancer_id(lb.name)}.DNSName}}{suffix}{path}")


MOUNT = re.compile(r"^/([A-Za-z0-9_-]{1,128})/\*$")


def mounts(comp: Api, arch) -> list[tuple[str, str]]:
    """(static-site, path pattern) pairs that send a CloudFront path to this API."""
    return [(site.name, pattern) for site in arch.of_type("static-site")
            for pattern, target in getattr(site, "routes", {}).items() if target == comp.name]


def stage_name(comp: Api, arch) -> str:
    """The stage, the first segment of the execute-api path.

    Behind a static-site route ``/PREFIX/*`` the stage is named PREFIX:
    CloudFront forwards ``/PREFIX/posts`` unchanged, and API Gateway reads
    the first segment as the stage, so the route ``GET /posts`` answers it.
    Otherwise HTTP APIs use ``$default`` (no stage segment), REST APIs ``stage``.
    """
    for _, pattern in mounts(comp, arch):
        match = MOUNT.match(pattern)
        if match:
            return match.group(1)
    return "$default" if comp.protocol == "http" else comp.stage


def api_id(comp: Api) -> str:
    return logical_id(comp.name, "HttpApi" if comp.protocol == "http" else "RestApi")


def add_permissions(ctx: Context, comp: Api, api_logical: str) -> None:
    """One lambda:InvokeFunction permission per function route, scoped to that route's ARN."""
    for route in routes(comp):
        if ctx.component(route.target).type != "function":
            continue
        ctx.add(awslambda.Permission(
            logical_id(comp.name, route.role, "Permission"),
            Action="lambda:InvokeFunction", FunctionName=function_arn(route.target),
            Principal="apigateway.amazonaws.com",
            SourceArn=execute_arn(api_logical, "*/" + route.arn_path()),
        ), comp)


def access_log_group(ctx: Context, comp: Api) -> str:
    group = ctx.add(logs.LogGroup(logical_id(comp.name, "AccessLogs"), RetentionInDays=comp.log_retention_days), comp)
    ctx.suppress(group, "CKV_AWS_158", "CloudWatch Logs encrypts log data at rest with service-managed keys")
    return group.title


def log_format(fields: dict) -> str:
    return json.dumps(fields, separators=(",", ":"))


def _dimensions(comp: Api, ctx) -> dict:
    if comp.protocol == "http":
        return {"ApiId": Ref(api_id(comp)), "Stage": stage_name(comp, ctx.arch)}
    return {"ApiName": f"{ctx.arch.name}-{comp.name}", "Stage": stage_name(comp, ctx.arch)}


HTTP_METRICS = {
    "5xx": Metric("AWS/ApiGateway", "5xx", _dimensions, "Sum", description="server errors (5xx responses)"),
    "4xx": Metric("AWS/ApiGateway", "4xx", _dimensions, "Sum", description="client errors (4xx responses)"),
    "latency_p95": Metric("AWS/ApiGateway", "Latency", _dimensions, "p95", description="p95 latency in ms"),
    "count": Metric("AWS/ApiGateway", "Count", _dimensions, "Sum", description="requests"),
}
REST_METRICS = {
    **HTTP_METRICS,
    "5xx": Metric("AWS/ApiGateway", "5XXError", _dimensions, "Sum", description="server errors (5xx responses)"),
    "4xx": Metric("AWS/ApiGateway", "4XXError", _dimensions, "Sum", description="client errors (4xx responses)"),
}


@register
class ApiType(ComponentType):
    type_name = "api"
    spec = Api
    layer = "edge"
    metrics = HTTP_METRICS  # names; metric() gives the protocol's own
    access = {
        "invoke": AccessMode("execute-api:Invoke on this API (routes with auth: iam take its signed requests)", ("URL",)),
    }

    def metric(self, comp: Api, name: str) -> Metric:
        return (HTTP_METRICS if comp.protocol == "http" else REST_METRICS)[name]

    def check(self, comp: Api, arch):
        from .api_checks import check_api
        yield from check_api(comp, arch)

    def grant(self, mode, source, target: Api, ctx) -> Grant:
        logical = api_id(target)
        stage = stage_name(target, ctx.arch)
        stage = "" if stage == "$default" else stage + "/"
        url = Sub(f"https://${{{logical}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/{stage}")
        statement = Statement(Effect=Allow, Action=[Invoke], Resource=[execute_arn(logical)])
        return Grant(source.name, target.name, mode, statements=(statement,),
                     env=((f"{env_prefix(target.name)}_URL", url),))

    def generate(self, comp: Api, ctx: Context) -> None:
        if comp.protocol == "http":
            from .api_http import generate_http
            generate_http(comp, ctx)
        else:
            from .api_rest import generate_rest
            generate_rest(comp, ctx)
        for lb in sorted({r.target for r in routes(comp) if ctx.component(r.target).type == "load-balancer"}):
            target = ctx.component(lb)
            if target.scheme == "internet-facing" and upstream(target, ctx.arch)[0] == "http":
                ctx.note(f"components.{comp.name}: requests to '{lb}' travel the internet as plain HTTP "
                         "(give it an HTTPS listener and a dns.records name)")
        if not comp.auth:
            ctx.note(f"components.{comp.name}: no auth — every route is public")
        elif any(r.public for r in routes(comp)):
            ctx.note(f"components.{comp.name}: routes with auth: none are public")

    def alias_target(self, comp: Api, ctx: Context):
        domain = logical_id(comp.name, "DomainName")
        return GetAtt(domain, "RegionalDomainName"), GetAtt(domain, "RegionalHostedZoneId"), False

    def cloudfront_origin(self, comp: Api, ctx: Context):
        domain = Sub(f"${{{api_id(comp)}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}")
        return domain, "", "https-only"  # the stage is named after the route's prefix
