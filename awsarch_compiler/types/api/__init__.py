"""``api``: API Gateway, as an HTTP API (v2) or a REGIONAL REST API (v1).

``model`` holds the model and the route-key grammar, ``shared`` what both
protocols share (access log group, Lambda permissions scoped to one route
each, load-balancer upstreams), ``checks`` the semantic checks; ``http`` and
``rest`` expand the two protocols, ``vpc_link`` the private integrations.
"""
from __future__ import annotations

from troposphere import GetAtt, Sub

from ...core.model import Edge
from ...core.naming import logical_id
from ...core.waf import waf_of
from ..base import ComponentType
from ..load_balancer.model import TYPE_NAME as LOAD_BALANCER
from . import checks, http, rest
from .access import MODES, grant_for
from .codes import BLOCK, CODES
from .metrics import HTTP_METRICS, REST_METRICS
from .model import TYPE_NAME, Api, api_id, routes
from .shared import upstream


class ApiType(ComponentType):
    type_name = TYPE_NAME
    code_block = BLOCK
    codes = CODES
    spec = Api
    summary = "API Gateway HTTP or REST API, routes to functions or load balancers, CORS, Cognito authoriser, logged and throttled stage"
    layer = "edge"
    metrics = HTTP_METRICS  # names; metric() gives the protocol's own
    access = MODES
    api_endpoint = "execute-api"
    dns_target = True
    target_health = True
    origin_target = True

    def edges(self, comp: Api):
        for key, value in comp.routes.items():
            target = value if isinstance(value, str) else value.target
            yield Edge("route", comp.name, target, ("components", comp.name, "routes", key), key)
        if comp.auth:
            yield Edge("auth", comp.name, comp.auth.user_pool, ("components", comp.name, "auth", "user_pool"))

    def metric(self, comp: Api, name: str):
        return (HTTP_METRICS if comp.protocol == "http" else REST_METRICS)[name]

    def traced(self, comp: Api, arch) -> bool:
        return arch.monitoring.tracing and comp.protocol == "rest"

    def check(self, comp: Api, arch):
        return checks.check_api(comp, arch)

    def grant(self, mode, source, target: Api, ctx):
        return grant_for(mode, source, target, ctx.arch)

    def generate(self, comp: Api, ctx) -> None:
        if comp.protocol == "http":
            http.generate_http(comp, ctx)
        else:
            rest.generate_rest(comp, ctx)
        for lb in sorted({r.target for r in routes(comp) if ctx.component(r.target).type == LOAD_BALANCER}):
            target = ctx.component(lb)
            if target.scheme == "internet-facing" and upstream(target, ctx.arch)[0] == "http":
                ctx.note(f"components.{comp.name}: requests to '{lb}' travel the internet as plain HTTP "
                         "(give it an HTTPS listener and a dns.records name)")
        public = [r.key for r in routes(comp) if r.public]
        if public:
            ctx.note(f"components.{comp.name}.routes: auth: none — {', '.join(public)} "
                     f"{'is' if len(public) == 1 else 'are'} public, callable by anyone")
        if not comp.auth and len(public) < len(comp.routes):
            ctx.note(f"components.{comp.name}: no authorizer, so its routes take only SigV4-signed requests of "
                     "principals allowed execute-api:Invoke (uses: {" + comp.name + ": invoke}); add auth: "
                     "{user_pool: NAME}, or auth: none on a route to make it public")

    def web_acl_settings(self, comp: Api):
        return waf_of(comp.waf)

    def alias_target(self, comp: Api, ctx):
        domain = logical_id(comp.name, "DomainName")
        return GetAtt(domain, "RegionalDomainName"), GetAtt(domain, "RegionalHostedZoneId"), False

    def health_endpoint(self, comp: Api, ctx):
        host = comp.domain or Sub(f"${{{api_id(comp)}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}")
        return host, "HTTPS", 443

    def cloudfront_origin(self, comp: Api, ctx):
        domain = Sub(f"${{{api_id(comp)}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}")
        return domain, "", "https-only"  # the stage is named after the route's prefix


TYPE = ApiType()
