"""``api`` with ``protocol: http``: an API Gateway HTTP API (v2).

Routes become ``AWS::ApiGatewayV2::Route``s on one integration per target
(Lambda proxy, payload format 2.0; HTTP proxy to an internet-facing load
balancer, or through a VPC link to an internal one, with the request path
passed through). Auth is a JWT authorizer on
the user pool's issuer with its app client as the audience. The stage
(``$default``, or the prefix a static-site routes here) deploys automatically,
logs every request as JSON and throttles.
"""
from __future__ import annotations

from troposphere import GetAtt, Join, Ref
from troposphere import apigatewayv2 as v2

from ...core.context import Context
from ...core.naming import logical_id
from ..function.model import TYPE_NAME as FUNCTION
from ..function.model import invoke_arn
from ..user_pool.model import client_id, issuer
from .model import Api, api_id, routes, stage_name
from .shared import access_log_group, add_permissions, log_format, upstream_url
from .vpc_link import private_integration

ACCESS_LOG = {
    "requestId": "$context.requestId", "ip": "$context.identity.sourceIp",
    "requestTime": "$context.requestTime", "routeKey": "$context.routeKey", "status": "$context.status",
    "protocol": "$context.protocol", "responseLength": "$context.responseLength",
    "latency": "$context.responseLatency", "integrationStatus": "$context.integrationStatus",
    "integrationError": "$context.integrationErrorMessage", "authorizerError": "$context.authorizer.error",
}


def _cors(comp: Api) -> v2.Cors:
    cors = comp.cors
    methods = list(cors.methods) or sorted({"*" if r.method == "ANY" else r.method for r in routes(comp)})
    out = v2.Cors(AllowOrigins=list(cors.origins), AllowMethods=methods, MaxAge=cors.max_age,
                  AllowCredentials=cors.credentials)
    if cors.headers:
        out.AllowHeaders = list(cors.headers)
    return out


def _integrations(comp: Api, ctx: Context, api: str) -> dict:
    """One integration per target, in order of first use."""
    out = {}
    for route in routes(comp):
        if route.target in out:
            continue
        logical = logical_id(comp.name, route.target, "Integration")
        target = ctx.component(route.target)
        if target.type == FUNCTION:
            integration = v2.Integration(
                logical, ApiId=Ref(api), IntegrationType="AWS_PROXY",
                IntegrationUri=invoke_arn(route.target, ctx.arch), PayloadFormatVersion="2.0")
        elif target.scheme == "internal":
            integration = private_integration(ctx, comp, target, api, logical)
        else:
            integration = v2.Integration(
                logical, ApiId=Ref(api), IntegrationType="HTTP_PROXY", IntegrationMethod="ANY",
                IntegrationUri=upstream_url(target, ctx.arch), PayloadFormatVersion="1.0",
                RequestParameters={"overwrite:path": "$request.path"})
        ctx.add(integration, comp)
        out[route.target] = logical
    return out


def generate_http(comp: Api, ctx: Context) -> None:
    api = api_id(comp)
    resource = v2.Api(api, Name=f"{ctx.arch.name}-{comp.name}", ProtocolType="HTTP",
                      Description=comp.description or f"{ctx.arch.name} {comp.name}")
    if comp.cors:
        resource.CorsConfiguration = _cors(comp)
    ctx.add(resource, comp)
    authorizer = None
    if comp.auth:
        authorizer = logical_id(comp.name, "Authorizer")
        ctx.add(v2.Authorizer(
            authorizer, ApiId=Ref(api), Name=f"{comp.name}-{comp.auth.user_pool}", AuthorizerType="JWT",
            IdentitySource=["$request.header.Authorization"],
            JwtConfiguration=v2.JWTConfiguration(Audience=[Ref(client_id(comp.auth.user_pool))],
                                                 Issuer=issuer(comp.auth.user_pool))), comp)
    integrations = _integrations(comp, ctx, api)
    for route in routes(comp):
        item = v2.Route(logical_id(comp.name, route.role, "Route"), ApiId=Ref(api), RouteKey=route.key,
                        Target=Join("/", ["integrations", Ref(integrations[route.target])]))
        if route.iam:
            item.AuthorizationType = "AWS_IAM"
        elif authorizer and not route.public:
            item.AuthorizationType = "JWT"
            item.AuthorizerId = Ref(authorizer)
            if comp.auth.scopes:
                item.AuthorizationScopes = list(comp.auth.scopes)
        else:
            item.AuthorizationType = "NONE"
            ctx.suppress(item, "CKV_AWS_309", "a public route: auth: none set on it in the architecture")
        ctx.add(item, comp)
    add_permissions(ctx, comp, api)
    logs = access_log_group(ctx, comp)
    stage = ctx.add(v2.Stage(
        logical_id(comp.name, "Stage"), ApiId=Ref(api), StageName=stage_name(comp, ctx.arch), AutoDeploy=True,
        AccessLogSettings=v2.AccessLogSettings(DestinationArn=GetAtt(logs, "Arn"), Format=log_format(ACCESS_LOG)),
        DefaultRouteSettings=v2.RouteSettings(ThrottlingRateLimit=comp.throttle.rate,
                                              ThrottlingBurstLimit=comp.throttle.burst),
    ), comp)
    if comp.domain:
        domain = logical_id(comp.name, "DomainName")
        ctx.add(v2.DomainName(domain, DomainName=comp.domain, DomainNameConfigurations=[v2.DomainNameConfiguration(
            CertificateArn=comp.certificate, EndpointType="REGIONAL", SecurityPolicy="TLS_1_2")]), comp)
        ctx.add(v2.ApiMapping(logical_id(comp.name, "ApiMapping"), ApiId=Ref(api), DomainName=Ref(domain),
                              Stage=Ref(stage)), comp, tags=False)
