"""``api`` with ``protocol: rest``: a REGIONAL API Gateway REST API (v1).

Each path segment becomes a Resource (logical ID from the path, never from
a position), each route a Method with a Lambda proxy (or HTTP proxy)
integration, CORS an OPTIONS mock method per path plus CORS headers on
API Gateway's own 4xx/5xx answers. The Deployment's logical ID carries a
hash of the route definition, so CloudFormation makes a new deployment
exactly when the routes change; the Stage logs JSON, throttles and traces.

REST APIs log to CloudWatch only through the region's account-wide role
(``AWS::ApiGateway::Account``). With ``cloudwatch_role: true`` (default)
the first REST API of the architecture sets it, with a role that is kept
when the stack is deleted, so that other APIs of the account keep logging.
"""
from __future__ import annotations

import hashlib
import json

from awacs.aws import Allow, PolicyDocument, Principal, Statement
from awacs.sts import AssumeRole
from troposphere import GetAtt, Ref, Sub, apigateway, iam

from ...core.context import Context
from ...core.naming import logical_id
from ...core.waf import waf_of
from ...platform import waf
from ..function.model import TYPE_NAME as FUNCTION
from ..function.model import deployed, function_id, invoke_arn
from ..load_balancer.model import TYPE_NAME as LOAD_BALANCER
from ..user_pool.model import pool_id
from .model import TYPE_NAME, Api, api_id, path_role, routes, stage_name
from .shared import (
    access_log_group,
    add_permissions,
    log_format,
    upstream,
    upstream_url,
)

ACCESS_LOG = {
    "requestId": "$context.requestId", "ip": "$context.identity.sourceIp",
    "caller": "$context.identity.caller", "user": "$context.identity.user",
    "requestTime": "$context.requestTime", "httpMethod": "$context.httpMethod",
    "resourcePath": "$context.resourcePath", "status": "$context.status", "protocol": "$context.protocol",
    "responseLength": "$context.responseLength", "latency": "$context.responseLatency",
    "integrationError": "$context.integration.error", "authorizerError": "$context.authorizer.error",
}
PUSH_TO_LOGS = "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"


def deployment_hash(comp: Api, arch) -> str:
    """A digest of everything a deployment snapshots: routes, their targets and auth, CORS, and
    the URL of each load-balancer target. (A Lambda target is named by its function's ARN; a
    function that CloudFormation replaces gets a new one only when the routes change too.)"""
    lbs = {r.target for r in routes(comp) if arch.components[r.target].type == LOAD_BALANCER}
    definition = {
        "routes": sorted([r.key, r.target, r.public] + (["iam"] if r.iam else []) for r in routes(comp)),
        "upstreams": {lb: list(upstream(arch.components[lb], arch)) for lb in sorted(lbs)},
        "auth": [comp.auth.user_pool, sorted(comp.auth.scopes)] if comp.auth else None,
        "cors": None if comp.cors is None else [sorted(comp.cors.origins), sorted(comp.cors.methods),
                                                 sorted(comp.cors.headers), comp.cors.max_age, comp.cors.credentials],
    }
    text = json.dumps(definition, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10].upper()


def deployment_id(comp: Api, arch) -> str:
    return logical_id(comp.name, "Deployment") + deployment_hash(comp, arch)


def account_owner(ctx: Context) -> Api | None:
    """The REST API that sets the account's CloudWatch role, if any."""
    return next((c for c in ctx.arch.of_type(TYPE_NAME) if c.protocol == "rest" and c.cloudwatch_role), None)


def _account_role(ctx: Context, comp: Api) -> str:
    role = ctx.add(iam.Role(
        logical_id(comp.name, "CloudWatchRole"),
        Description=f"{ctx.arch.name}: API Gateway writes REST API logs to CloudWatch Logs (account-wide setting)",
        AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
            Effect=Allow, Principal=Principal("Service", ["apigateway.amazonaws.com"]), Action=[AssumeRole])]),
        ManagedPolicyArns=[Sub(PUSH_TO_LOGS)],
    ), comp)
    role.DeletionPolicy = "Retain"
    role.UpdateReplacePolicy = "Retain"
    account = ctx.add(apigateway.Account(logical_id(comp.name, "ApiGatewayAccount"),
                                         CloudWatchRoleArn=GetAtt(role, "Arn")), comp, tags=False)
    return account.title


def _resources(comp: Api, ctx: Context, api: str) -> dict:
    """Path (tuple of segments) -> the Ref of its resource; () is the root."""
    out = {(): GetAtt(api, "RootResourceId")}
    for route in routes(comp):
        for depth in range(1, len(route.segments) + 1):
            path = route.segments[:depth]
            if path in out:
                continue
            logical = logical_id(comp.name, path_role(path), "Resource")
            ctx.add(apigateway.Resource(logical, RestApiId=Ref(api), ParentId=out[path[:-1]],
                                        PathPart=path[-1]), comp, tags=False)
            out[path] = Ref(logical)
    return out


def _integration(comp: Api, ctx: Context, route) -> apigateway.Integration:
    target = ctx.component(route.target)
    if target.type == FUNCTION:
        prefix = "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
        if deployed(route.target, ctx.arch):  # a pipeline shifts its traffic: call the alias
            uri = Sub(prefix + "${Function}/invocations", Function=invoke_arn(route.target, ctx.arch))
        else:
            uri = Sub(prefix + f"${{{function_id(route.target)}.Arn}}/invocations")
        return apigateway.Integration(Type="AWS_PROXY", IntegrationHttpMethod="POST", Uri=uri)
    params = [s[1:-1].rstrip("+") for s in route.segments if s.startswith("{")]
    uri = upstream_url(target, ctx.arch, route.path.replace("+}", "}"))
    return apigateway.Integration(
        Type="HTTP_PROXY", IntegrationHttpMethod=route.method, Uri=uri,
        RequestParameters={f"integration.request.path.{p}": f"method.request.path.{p}" for p in params})


def _cors_headers(comp: Api, methods: list[str], prefix: str) -> dict:
    cors = comp.cors
    headers = {
        f"{prefix}.Access-Control-Allow-Origin": f"'{cors.origins[0]}'",
        f"{prefix}.Access-Control-Allow-Methods": "'" + ",".join(methods) + "'",
        f"{prefix}.Access-Control-Allow-Headers": "'" + ",".join(cors.headers) + "'",
        f"{prefix}.Access-Control-Max-Age": f"'{cors.max_age}'",
    }
    if cors.credentials:
        headers[f"{prefix}.Access-Control-Allow-Credentials"] = "'true'"
    return headers


def _preflight(comp: Api, ctx: Context, api: str, resources: dict) -> list[str]:
    """An OPTIONS mock method per path that has no OPTIONS route of its own."""
    by_path: dict[tuple, set] = {}
    for route in routes(comp):
        by_path.setdefault(route.segments, set()).add(route.method)
    out = []
    for path, methods in by_path.items():
        if "OPTIONS" in methods:
            continue  # an explicit OPTIONS route answers preflight itself (a specific method beats ANY)
        allowed = list(comp.cors.methods) or (["*"] if "ANY" in methods else sorted(methods | {"OPTIONS"}))
        headers = _cors_headers(comp, allowed, "method.response.header")
        logical = logical_id(comp.name, "options", path_role(path) or "Root", "Method")
        method = ctx.add(apigateway.Method(
            logical, RestApiId=Ref(api), ResourceId=resources[path], HttpMethod="OPTIONS",
            AuthorizationType="NONE",
            Integration=apigateway.Integration(
                Type="MOCK", RequestTemplates={"application/json": '{"statusCode": 204}'},
                IntegrationResponses=[apigateway.IntegrationResponse(StatusCode="204", ResponseParameters=headers)]),
            MethodResponses=[apigateway.MethodResponse(StatusCode="204",
                                                       ResponseParameters={h: False for h in headers})],
        ), comp, tags=False)
        out.append(method.title)
    return out


def generate_rest(comp: Api, ctx: Context) -> None:
    api = api_id(comp)
    ctx.add(apigateway.RestApi(api, Name=f"{ctx.arch.name}-{comp.name}",
                               Description=comp.description or f"{ctx.arch.name} {comp.name}",
                               EndpointConfiguration=apigateway.EndpointConfiguration(Types=["REGIONAL"])), comp)
    authorizer = None
    if comp.auth:
        authorizer = logical_id(comp.name, "Authorizer")
        ctx.add(apigateway.Authorizer(
            authorizer, RestApiId=Ref(api), Name=f"{comp.name}-{comp.auth.user_pool}", Type="COGNITO_USER_POOLS",
            ProviderARNs=[GetAtt(pool_id(comp.auth.user_pool), "Arn")],
            IdentitySource="method.request.header.Authorization"), comp, tags=False)
    resources = _resources(comp, ctx, api)
    validator = ctx.add(apigateway.RequestValidator(
        logical_id(comp.name, "RequestValidator"), RestApiId=Ref(api), Name=f"{comp.name}-parameters-and-body",
        ValidateRequestParameters=True, ValidateRequestBody=True), comp, tags=False)
    methods = []
    for route in routes(comp):
        method = apigateway.Method(
            logical_id(comp.name, route.role, "Method"), RestApiId=Ref(api), ResourceId=resources[route.segments],
            HttpMethod=route.method, Integration=_integration(comp, ctx, route), RequestValidatorId=Ref(validator))
        params = [s[1:-1].rstrip("+") for s in route.segments if s.startswith("{")]
        if params:
            method.RequestParameters = {f"method.request.path.{p}": True for p in params}
        if route.iam:
            method.AuthorizationType = "AWS_IAM"
        elif authorizer and not route.public:
            method.AuthorizationType = "COGNITO_USER_POOLS"
            method.AuthorizerId = Ref(authorizer)
            if comp.auth.scopes:
                method.AuthorizationScopes = list(comp.auth.scopes)
        else:
            method.AuthorizationType = "NONE"
            ctx.suppress(method, "CKV_AWS_59", "a public route: auth: none set on it in the architecture")
        ctx.add(method, comp, tags=False)
        methods.append(method.title)
    if comp.cors:
        methods += _preflight(comp, ctx, api, resources)
        for kind in ("DEFAULT_4XX", "DEFAULT_5XX"):
            response = ctx.add(apigateway.GatewayResponse(
                logical_id(comp.name, kind.replace("_", "-").lower(), "Response"), RestApiId=Ref(api),
                ResponseType=kind, ResponseParameters={
                    k: v for k, v in _cors_headers(comp, ["*"], "gatewayresponse.header").items()
                    if "Allow-Origin" in k or "Allow-Credentials" in k}), comp, tags=False)
            methods.append(response.title)
    add_permissions(ctx, comp, api)
    deployment = ctx.add(apigateway.Deployment(
        deployment_id(comp, ctx.arch), RestApiId=Ref(api), Description=f"routes {deployment_hash(comp, ctx.arch)}",
        DependsOn=sorted(methods)), comp, tags=False)
    _stage(comp, ctx, api, deployment.title)


def _stage(comp: Api, ctx: Context, api: str, deployment: str) -> None:
    logs = access_log_group(ctx, comp)
    owner = account_owner(ctx)
    account = _account_role(ctx, comp) if owner is not None and owner.name == comp.name else None
    if owner is None:
        ctx.note(f"components.{comp.name}.cloudwatch_role: false — the account's API Gateway CloudWatch Logs "
                 "role must already be set in this region, or the stage cannot log")
    tracing = ctx.arch.monitoring.tracing
    setting = apigateway.MethodSetting(HttpMethod="*", ResourcePath="/*", ThrottlingRateLimit=comp.throttle.rate,
                                       ThrottlingBurstLimit=comp.throttle.burst, MetricsEnabled=False)
    if owner is not None:
        setting.LoggingLevel = "ERROR"
        setting.DataTraceEnabled = False
    stage = apigateway.Stage(
        logical_id(comp.name, "Stage"), RestApiId=Ref(api), StageName=stage_name(comp, ctx.arch), DeploymentId=Ref(deployment),
        AccessLogSetting=apigateway.AccessLogSetting(DestinationArn=GetAtt(logs, "Arn"),
                                                     Format=log_format(ACCESS_LOG)),
        MethodSettings=[setting], TracingEnabled=tracing)
    if account and ctx.layer_of(owner) == ctx.layer_of(comp):
        stage.DependsOn = [account]
    if not tracing:
        ctx.suppress(stage, "CKV_AWS_73", "X-Ray tracing follows monitoring.tracing, which is off")
    ctx.suppress(stage, "CKV_AWS_120", "responses come from Lambda or load balancer targets per request; "
                                       "a stage cache cluster is a per-hour cost this architecture does not declare")
    ctx.add(stage, comp)
    settings = waf_of(comp.waf)
    if settings is not None:
        acl = waf.web_acl(ctx, comp, settings, "REGIONAL", f"REST API {comp.name}")
        waf.associate(ctx, comp, acl, Sub(f"arn:${{AWS::Partition}}:apigateway:${{AWS::Region}}::/restapis/${{{api}}}"
                                          f"/stages/${{{stage.title}}}"))
    if comp.domain:
        domain = logical_id(comp.name, "DomainName")
        ctx.add(apigateway.DomainName(domain, DomainName=comp.domain, RegionalCertificateArn=comp.certificate,
                                      EndpointConfiguration=apigateway.EndpointConfiguration(Types=["REGIONAL"]),
                                      SecurityPolicy="TLS_1_2"), comp)
        ctx.add(apigateway.BasePathMapping(logical_id(comp.name, "BasePathMapping"), DomainName=Ref(domain),
                                           RestApiId=Ref(api), Stage=Ref(stage)), comp, tags=False)
