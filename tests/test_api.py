"""api and user-pool: route grammar, exact Lambda permissions, authorizer wiring,
REST deployments that change exactly with the routes, CORS, stages, checks."""
import pytest
from troposphere import encode_to_dict

from awsarch_compiler import pipeline
from awsarch_compiler.core import loader
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.types.api.model import parse_key
from awsarch_compiler.types.api.rest import deployment_hash

FUNCTIONS = """
  users:
    type: function
    runtime: python3.12
    handler: users.handler
    code: src/users
  admin:
    type: function
    runtime: python3.12
    handler: admin.handler
    code: src/admin
  members:
    type: user-pool
"""


def arch_text(api: str, extra: str = "", top: str = "") -> str:
    return f"awsarch: 1\nname: apit\n{top}components:\n  http:\n    type: api\n{api}{FUNCTIONS}{extra}"


def build(api: str, extra: str = "", top: str = ""):
    data, source = loader.load_text(arch_text(api, extra, top), "arch.yaml")
    arch = pipeline.build_model(data, source)
    return pipeline.generate(arch)


def errors_of(api: str, extra: str = "", top: str = "") -> list:
    data, source = loader.load_text(arch_text(api, extra, top), "arch.yaml")
    with pytest.raises(ArchError) as caught:
        pipeline.build_model(data, source)
    return [(d.code, d.message) for d in caught.value.diagnostics]


def of_type(ctx, cfn_type: str) -> dict:
    return {logical: encode_to_dict(e.resource.to_dict()) for logical, e in ctx.entries.items()
            if e.resource.resource_type == cfn_type}


HTTP = """    protocol: http
    auth: {user_pool: members}
    routes:
      GET /users: users
      GET /users/{id}: users
      DELETE /users/{id}: admin
      ANY /files/{path+}: admin
      GET /health: {target: users, auth: none}
"""
REST = HTTP.replace("protocol: http", "protocol: rest")


# -- route keys ------------------------------------------------------------------------------

@pytest.mark.parametrize("key, method, segments", [
    ("GET /", "GET", ()),
    ("GET /users", "GET", ("users",)),
    ("PATCH /users/{id}/name", "PATCH", ("users", "{id}", "name")),
    ("ANY /{proxy+}", "ANY", ("{proxy+}",)),
    ("OPTIONS /v1.2/a_b-c~d", "OPTIONS", ("v1.2", "a_b-c~d")),
])
def test_valid_route_keys_parse(key, method, segments):
    assert parse_key(key) == ((method, segments), None)


@pytest.mark.parametrize("key, problem", [
    ("get /users", "capitals"),
    ("FETCH /users", "not an HTTP method"),
    ("GET users", "must start with /"),
    ("GET /users/", "empty path segment"),
    ("GET //users", "empty path segment"),
    ("GET /{proxy+}/more", "must be the last"),
    ("GET /users/{id", "not a valid path segment"),
    ("GET /a b", "is not \"METHOD /path\""),
    ("GET", "is not \"METHOD /path\""),
    ("GET /users?x=1", "not a valid path segment"),
])
def test_invalid_route_keys_say_what_is_wrong(key, problem):
    parsed, message = parse_key(key)
    assert parsed is None and problem in message


def test_invalid_route_key_is_a_located_error():
    assert ("E2401", "route 'POST users': the path must start with /") in errors_of(
        "    routes:\n      POST users: users\n")


def test_routes_differing_only_in_parameter_names_are_duplicates():
    found = errors_of("    routes:\n      GET /users/{id}: users\n      GET /users/{name}: admin\n")
    assert [c for c, _ in found] == ["E2405"]


def test_same_path_with_other_methods_is_not_a_duplicate():
    ctx = build("    routes:\n      GET /users/{id}: users\n      PUT /users/{id}: users\n      ANY /users/{id}: admin\n")
    assert len(of_type(ctx, "AWS::ApiGatewayV2::Route")) == 3


def test_parameter_names_must_agree_per_position():
    found = errors_of("    routes:\n      GET /users/{id}: users\n      GET /users/{userId}/posts: users\n")
    assert [c for c, _ in found] == ["E2406"]


def test_route_targets_must_be_functions_or_load_balancers():
    assert ("E302", "route target 'members' is a user-pool; it must be a function or a load-balancer") in \
        errors_of("    routes:\n      GET /x: members\n")


# -- Lambda permissions ----------------------------------------------------------------------

@pytest.mark.parametrize("api, api_id", [(HTTP, "HttpHttpApi"), (REST, "HttpRestApi")])
def test_one_permission_per_route_scoped_to_that_route(api, api_id):
    ctx = build(api)
    permissions = {k: v["Properties"] for k, v in of_type(ctx, "AWS::Lambda::Permission").items()}
    prefix = f"arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{api_id}}}/*/"
    assert {k: (p["FunctionName"], p["SourceArn"]["Fn::Sub"]) for k, p in permissions.items()} == {
        "HttpGetUsersPermission": ({"Fn::GetAtt": ["UsersFunction", "Arn"]}, prefix + "GET/users"),
        "HttpGetUsersIdParamPermission": ({"Fn::GetAtt": ["UsersFunction", "Arn"]}, prefix + "GET/users/*"),
        "HttpDeleteUsersIdParamPermission": ({"Fn::GetAtt": ["AdminFunction", "Arn"]}, prefix + "DELETE/users/*"),
        "HttpAnyFilesPathGreedyPermission": ({"Fn::GetAtt": ["AdminFunction", "Arn"]}, prefix + "*/files/*"),
        "HttpGetHealthPermission": ({"Fn::GetAtt": ["UsersFunction", "Arn"]}, prefix + "GET/health"),
    }
    assert all(p["Principal"] == "apigateway.amazonaws.com" and p["Action"] == "lambda:InvokeFunction"
               for p in permissions.values())


# -- authorizers ------------------------------------------------------------------------------

def test_http_api_jwt_authorizer_uses_the_pool_issuer_and_client_audience():
    ctx = build(HTTP)
    (authorizer,) = of_type(ctx, "AWS::ApiGatewayV2::Authorizer").values()
    props = authorizer["Properties"]
    assert props["AuthorizerType"] == "JWT"
    assert props["IdentitySource"] == ["$request.header.Authorization"]
    assert props["JwtConfiguration"] == {
        "Audience": [{"Ref": "MembersUserPoolClient"}],
        "Issuer": {"Fn::Sub": "https://cognito-idp.${AWS::Region}.amazonaws.com/${MembersUserPool}"}}
    routes = {v["Properties"]["RouteKey"]: v["Properties"] for v in of_type(ctx, "AWS::ApiGatewayV2::Route").values()}
    assert routes["GET /users"]["AuthorizationType"] == "JWT"
    assert routes["GET /users"]["AuthorizerId"] == {"Ref": "HttpAuthorizer"}
    assert routes["GET /health"]["AuthorizationType"] == "NONE" and "AuthorizerId" not in routes["GET /health"]


def test_rest_api_cognito_authorizer_on_every_route_but_public_ones():
    ctx = build(REST)
    (authorizer,) = of_type(ctx, "AWS::ApiGateway::Authorizer").values()
    assert authorizer["Properties"]["Type"] == "COGNITO_USER_POOLS"
    assert authorizer["Properties"]["ProviderARNs"] == [{"Fn::GetAtt": ["MembersUserPool", "Arn"]}]
    methods = of_type(ctx, "AWS::ApiGateway::Method")
    assert methods["HttpGetUsersMethod"]["Properties"]["AuthorizationType"] == "COGNITO_USER_POOLS"
    assert methods["HttpGetUsersMethod"]["Properties"]["AuthorizerId"] == {"Ref": "HttpAuthorizer"}
    assert methods["HttpGetHealthMethod"]["Properties"]["AuthorizationType"] == "NONE"


def test_auth_none_without_api_auth_is_the_public_opt_out():
    methods = of_type(build("    protocol: rest\n    routes:\n      GET /health: {target: users, auth: none}\n"
                            "      GET /users: users\n"), "AWS::ApiGateway::Method")
    assert methods["HttpGetHealthMethod"]["Properties"]["AuthorizationType"] == "NONE"
    assert methods["HttpGetUsersMethod"]["Properties"]["AuthorizationType"] == "AWS_IAM"


def test_auth_must_name_a_user_pool():
    assert ("E302", "auth user_pool 'users' is a function; it must be a user-pool") in \
        errors_of("    auth: {user_pool: users}\n    routes:\n      GET /x: users\n")


# -- REST deployments -------------------------------------------------------------------------

def deployment_of(api: str) -> str:
    (logical,) = of_type(build(api), "AWS::ApiGateway::Deployment")
    return logical


def test_rest_deployment_id_changes_when_routes_change_and_only_then():
    base = deployment_of(REST)
    assert base.startswith("HttpDeployment") and len(base) == len("HttpDeployment") + 10
    assert deployment_of(REST) == base  # deterministic
    reordered = REST.replace("      GET /users: users\n", "") + "      GET /users: users\n"
    assert deployment_of(reordered) == base  # order of the DSL does not matter
    assert deployment_of(REST + "    throttle: {rate: 50}\n") == base  # stage settings are not routes
    assert deployment_of(REST.replace("protocol: rest", "protocol: rest\n    description: v2")) == base
    assert deployment_of(REST + "      POST /users: users\n") != base  # a new route
    assert deployment_of(REST.replace("DELETE /users/{id}: admin", "DELETE /users/{id}: users")) != base  # target
    assert deployment_of(REST.replace("{target: users, auth: none}", "users")) != base  # auth
    assert deployment_of(REST.replace("auth: none}", "auth: iam}")) != base
    assert deployment_of(REST + "    cors: {origins: ['https://a.example.com']}\n") != base


def test_deployment_depends_on_every_method_and_the_stage_uses_it():
    ctx = build(REST + "    cors: {origins: ['https://a.example.com']}\n")
    (logical, deployment), = of_type(ctx, "AWS::ApiGateway::Deployment").items()
    methods = set(of_type(ctx, "AWS::ApiGateway::Method"))
    assert methods <= set(deployment["DependsOn"])
    (stage,) = of_type(ctx, "AWS::ApiGateway::Stage").values()
    assert stage["Properties"]["DeploymentId"] == {"Ref": logical}


def test_deployment_hash_is_stable_across_runs():
    ctx = build(REST)
    comp = ctx.arch.components["http"]
    assert deployment_hash(comp, ctx.arch) == deployment_hash(comp, ctx.arch) == "1F5E8A6D46"  # pinned: a new hash redeploys every REST API


# -- CORS -------------------------------------------------------------------------------------

def test_http_cors_configuration():
    ctx = build(HTTP + "    cors: {origins: ['https://a.example.com'], credentials: true, max_age: 300}\n")
    (api,) = of_type(ctx, "AWS::ApiGatewayV2::Api").values()
    assert api["Properties"]["CorsConfiguration"] == {
        "AllowCredentials": True, "AllowHeaders": ["Authorization", "Content-Type"],
        "AllowMethods": ["*", "DELETE", "GET"], "AllowOrigins": ["https://a.example.com"], "MaxAge": 300}


def test_rest_cors_adds_options_per_path_and_cors_headers_on_gateway_errors():
    ctx = build(REST + "    cors: {origins: ['https://a.example.com']}\n")
    options = {k: v["Properties"] for k, v in of_type(ctx, "AWS::ApiGateway::Method").items()
               if v["Properties"]["HttpMethod"] == "OPTIONS"}
    # the ANY route on /files/{path+} still gets a mock OPTIONS: preflight carries no token for the authorizer
    assert sorted(options) == ["HttpOptionsFilesPathGreedyMethod", "HttpOptionsHealthMethod",
                               "HttpOptionsUsersIdParamMethod", "HttpOptionsUsersMethod"]
    headers = options["HttpOptionsUsersIdParamMethod"]["Integration"]["IntegrationResponses"][0]["ResponseParameters"]
    assert headers["method.response.header.Access-Control-Allow-Origin"] == "'https://a.example.com'"
    assert headers["method.response.header.Access-Control-Allow-Methods"] == "'DELETE,GET,OPTIONS'"
    assert all(o["AuthorizationType"] == "NONE" and o["Integration"]["Type"] == "MOCK" for o in options.values())
    responses = of_type(ctx, "AWS::ApiGateway::GatewayResponse")
    assert sorted(r["Properties"]["ResponseType"] for r in responses.values()) == ["DEFAULT_4XX", "DEFAULT_5XX"]


def test_rest_explicit_options_route_replaces_the_mock_preflight():
    ctx = build(REST + "      OPTIONS /health: users\n    cors: {origins: ['https://a.example.com']}\n")
    methods = of_type(ctx, "AWS::ApiGateway::Method")
    assert methods["HttpOptionsHealthMethod"]["Properties"]["Integration"]["Type"] == "AWS_PROXY"
    assert "HttpOptionsUsersMethod" in methods  # other paths keep their mock preflight


@pytest.mark.parametrize("cors, protocol, code, message", [
    ("{origins: ['*'], credentials: true}", "http", "E2411", "credentials: true cannot be combined"),
    ("{origins: ['https://a.example.com', 'https://b.example.com']}", "rest", "E2412", "with one origin"),
])
def test_cors_checks(cors, protocol, code, message):
    found = errors_of(f"    protocol: {protocol}\n    cors: {cors}\n    routes:\n      GET /x: users\n")
    assert [c for c, _ in found] == [code] and message in found[0][1]


# -- stages, domains, access ------------------------------------------------------------------

def test_http_stage_logs_json_and_throttles():
    ctx = build(HTTP + "    throttle: {rate: 20, burst: 40}\n")
    (stage,) = of_type(ctx, "AWS::ApiGatewayV2::Stage").values()
    props = stage["Properties"]
    assert props["StageName"] == "$default" and props["AutoDeploy"] is True
    assert props["AccessLogSettings"]["DestinationArn"] == {"Fn::GetAtt": ["HttpAccessLogs", "Arn"]}
    assert props["AccessLogSettings"]["Format"].startswith('{"requestId":"$context.requestId"')
    assert props["DefaultRouteSettings"] == {"ThrottlingBurstLimit": 40, "ThrottlingRateLimit": 20.0}


def test_rest_stage_traces_when_monitoring_tracing_and_sets_the_account_role_once():
    ctx = build(REST, top="monitoring: {tracing: true}\n")
    (stage,) = of_type(ctx, "AWS::ApiGateway::Stage").values()
    assert stage["Properties"]["TracingEnabled"] is True and stage["Properties"]["StageName"] == "prod"
    assert stage["DependsOn"] == ["HttpApiGatewayAccount"]
    assert len(of_type(ctx, "AWS::ApiGateway::Account")) == 1
    role = of_type(ctx, "AWS::IAM::Role")["HttpCloudWatchRole"]
    assert role["DeletionPolicy"] == "Retain"
    ctx = build(REST + "    cloudwatch_role: false\n")
    assert of_type(ctx, "AWS::ApiGateway::Account") == {}


def test_api_behind_a_static_site_is_staged_under_the_route_prefix():
    site = "  site:\n    type: static-site\n    routes:\n      /api/*: http\n"
    for api in (HTTP, REST):
        ctx = build(api, site)
        (stage,) = [*of_type(ctx, "AWS::ApiGatewayV2::Stage").values(), *of_type(ctx, "AWS::ApiGateway::Stage").values()]
        assert stage["Properties"]["StageName"] == "api"
        domain, origin_path, policy = ctx.kind("http").cloudfront_origin(ctx.component("http"), ctx)
        assert origin_path == "" and policy == "https-only"


def test_static_site_route_to_an_api_needs_a_single_prefix():
    found = errors_of("    routes:\n      GET /x: {target: users, auth: none}\n",
                      "  site:\n    type: static-site\n    routes:\n      /a/b/*: http\n")
    assert [c for c, _ in found] == ["E2403"]


def test_custom_domain_and_dns_alias():
    cert = "arn:aws:acm:us-east-1:123456789012:certificate/abcdefab-cdef-abcd-efab-cdefabcdefab"
    ctx = build(HTTP + f"    domain: api.example.com\n    certificate: {cert}\n",
                "dns:\n  zone: example.com\n  records:\n    api.example.com: http\n")
    (domain,) = of_type(ctx, "AWS::ApiGatewayV2::DomainName").values()
    assert domain["Properties"]["DomainNameConfigurations"] == [
        {"CertificateArn": cert, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}]
    (mapping,) = of_type(ctx, "AWS::ApiGatewayV2::ApiMapping").values()
    assert mapping["Properties"]["Stage"] == {"Ref": "HttpStage"}
    (record,) = of_type(ctx, "AWS::Route53::RecordSet").values()
    assert record["Properties"]["AliasTarget"]["DNSName"] == {"Fn::GetAtt": ["HttpDomainName", "RegionalDomainName"]}


def test_invoke_access_grants_execute_api_on_this_api_only():
    ctx = build(HTTP, "  caller:\n    type: function\n    runtime: python3.12\n    handler: c.h\n    code: src/c\n"
                      "    uses: {http: invoke}\n")
    (grant,) = [g for g in ctx.grants if g.target == "http"]
    (statement,) = [encode_to_dict(s.JSONrepr()) for s in grant.statements]
    assert statement["Action"] == ["execute-api:Invoke"]
    assert statement["Resource"] == [{"Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:"
                                                 "${AWS::AccountId}:${HttpHttpApi}/*"}]
    assert [name for name, _ in grant.env] == ["HTTP_URL"]


@pytest.mark.parametrize("api, cfn_type", [(HTTP, "AWS::ApiGatewayV2::Route"), (REST, "AWS::ApiGateway::Method")])
def test_iam_routes_take_signed_requests(api, cfn_type):
    ctx = build(api + "      POST /jobs: {target: admin, auth: iam}\n")
    (route,) = [r["Properties"] for r in of_type(ctx, cfn_type).values()
                if r["Properties"].get("RouteKey") == "POST /jobs" or r["Properties"].get("HttpMethod") == "POST"]
    assert route["AuthorizationType"] == "AWS_IAM" and "AuthorizerId" not in route


def test_metric_names_follow_the_protocol():
    for api, name in ((HTTP, "5xx"), (REST, "5XXError")):
        ctx = build(api)
        comp = ctx.component("http")
        metric = ctx.kind("http").metric(comp, "5xx")
        assert metric.name == name and metric.namespace == "AWS/ApiGateway"
        assert ctx.kind("http").metric(comp, "latency_p95").statistic == "p95"


# -- user pools -------------------------------------------------------------------------------

def pool(extra: str = ""):
    ctx = build("    routes:\n      GET /x: users\n", f"  team:\n    type: user-pool\n{extra}")
    return ctx, of_type(ctx, "AWS::Cognito::UserPool")["TeamUserPool"], \
        of_type(ctx, "AWS::Cognito::UserPoolClient")["TeamUserPoolClient"]["Properties"]


def test_user_pool_secure_defaults():
    _, user_pool, client = pool()
    props = user_pool["Properties"]
    assert props["UsernameAttributes"] == ["email"] and props["AutoVerifiedAttributes"] == ["email"]
    assert props["Policies"]["PasswordPolicy"]["MinimumLength"] == 12
    assert props["MfaConfiguration"] == "OPTIONAL" and props["EnabledMfas"] == ["SOFTWARE_TOKEN_MFA"]
    assert props["DeletionProtection"] == "ACTIVE" and user_pool["DeletionPolicy"] == "Retain"
    assert props["AdminCreateUserConfig"] == {"AllowAdminCreateUserOnly": True}
    assert "UserPoolAddOns" not in props and "UserPoolTier" not in props
    assert client["GenerateSecret"] is False
    assert client["ExplicitAuthFlows"] == ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    assert client["PreventUserExistenceErrors"] == "ENABLED"


def test_username_sign_in_makes_email_an_alias_and_phone_sends_sms_through_a_scoped_role():
    ctx, user_pool, _ = pool("    sign_in: [username, email, phone]\n    mfa: required\n")
    props = user_pool["Properties"]
    assert props["AliasAttributes"] == ["email", "phone_number"] and "UsernameAttributes" not in props
    assert props["SmsConfiguration"]["SnsCallerArn"] == {"Fn::GetAtt": ["TeamSmsRole", "Arn"]}
    role = of_type(ctx, "AWS::IAM::Role")["TeamSmsRole"]["Properties"]
    condition = role["AssumeRolePolicyDocument"]["Statement"][0]["Condition"]["StringEquals"]
    assert condition["sts:ExternalId"] == props["SmsConfiguration"]["ExternalId"]


def test_threat_protection_uses_the_plus_plan_and_is_noted():
    ctx, user_pool, _ = pool("    threat_protection: enforced\n")
    assert user_pool["Properties"]["UserPoolTier"] == "PLUS"
    assert user_pool["Properties"]["UserPoolAddOns"] == {"AdvancedSecurityMode": "ENFORCED"}
    assert any("Plus plan" in note for note in ctx.notes)


def test_hosted_sign_in_needs_a_domain():
    found = errors_of("    routes:\n      GET /x: users\n",
                      "  team:\n    type: user-pool\n    callback_urls: [https://app.example.com/cb]\n")
    assert [c for c, _ in found] == ["E2001"]


def test_user_pool_read_access_is_scoped_to_the_pool():
    ctx = build("    routes:\n      GET /x: users\n",
                "  reader:\n    type: function\n    runtime: python3.12\n    handler: r.h\n    code: src/r\n"
                "    uses: {members: read}\n")
    (grant,) = [g for g in ctx.grants if g.target == "members"]
    (statement,) = [encode_to_dict(s.JSONrepr()) for s in grant.statements]
    assert statement["Action"] == ["cognito-idp:AdminGetUser", "cognito-idp:ListUsers"]
    assert statement["Resource"] == [{"Fn::GetAtt": ["MembersUserPool", "Arn"]}]
    assert [name for name, _ in grant.env] == ["MEMBERS_USER_POOL_ID", "MEMBERS_CLIENT_ID"]


# -- load-balancer targets --------------------------------------------------------------------

LB_NETWORK = """network:
  cidr: 10.0.0.0/16
  availability_zones: 2
  nat_gateways: single
  subnets:
    public: {type: public, size: 24}
    app: {type: private, size: 24}
"""
LB = """  web:
    type: load-balancer
    plain_http: true
    listeners:
      - port: 8080
        routes: [{target: servers}]
  servers:
    type: instance-group
    image: al2023
    instance_type: t3.micro
    port: 8080
"""
LB_ROUTES = "    routes:\n      ANY /legacy/{proxy+}: web\n      GET /items/{id}: web\n"


def test_http_api_forwards_to_a_public_load_balancer_with_the_request_path():
    ctx = build(LB_ROUTES, LB, LB_NETWORK)
    (integration,) = of_type(ctx, "AWS::ApiGatewayV2::Integration").values()
    props = integration["Properties"]
    assert props["IntegrationType"] == "HTTP_PROXY" and props["IntegrationMethod"] == "ANY"
    assert props["IntegrationUri"] == {"Fn::Sub": "http://${WebLoadBalancer.DNSName}:8080"}
    assert props["RequestParameters"] == {"overwrite:path": "$request.path"}
    assert of_type(ctx, "AWS::Lambda::Permission") == {}
    assert any("plain HTTP" in note for note in ctx.notes)


def test_rest_api_maps_path_parameters_to_the_load_balancer():
    ctx = build("    protocol: rest\n" + LB_ROUTES, LB, LB_NETWORK)
    method = of_type(ctx, "AWS::ApiGateway::Method")["HttpGetItemsIdParamMethod"]["Properties"]
    assert method["Integration"]["Uri"] == {"Fn::Sub": "http://${WebLoadBalancer.DNSName}:8080/items/{id}"}
    assert method["Integration"]["RequestParameters"] == {"integration.request.path.id": "method.request.path.id"}
    assert method["RequestParameters"] == {"method.request.path.id": True}


def test_https_load_balancer_is_reached_by_its_dns_name():
    cert = "arn:aws:acm:us-east-1:123456789012:certificate/abcdefab-cdef-abcd-efab-cdefabcdefab"
    https = LB.replace("      - port: 8080\n", f"      - port: 443\n        protocol: HTTPS\n        certificate: {cert}\n")
    dns = "dns:\n  zone: example.com\n  records:\n    app.example.com: web\n"
    ctx = build(LB_ROUTES, https + dns, LB_NETWORK)
    (integration,) = of_type(ctx, "AWS::ApiGatewayV2::Integration").values()
    assert integration["Properties"]["IntegrationUri"] == "https://app.example.com"
    assert not any("plain HTTP" in note for note in ctx.notes)


def test_http_api_reaches_an_internal_load_balancer_through_a_vpc_link():
    internal = LB.replace("    plain_http: true\n", "    scheme: internal\n")
    ctx = build(LB_ROUTES, internal, LB_NETWORK)
    (integration,) = of_type(ctx, "AWS::ApiGatewayV2::Integration").values()
    props = integration["Properties"]
    assert props["ConnectionType"] == "VPC_LINK" and props["ConnectionId"] == {"Ref": "HttpVpcLink"}
    assert props["IntegrationUri"] == {"Ref": "WebListener8080"}
    (link,) = of_type(ctx, "AWS::ApiGatewayV2::VpcLink").values()
    assert link["Properties"]["SubnetIds"] == [{"Ref": "AppSubnet1"}, {"Ref": "AppSubnet2"}]
    ingress = of_type(ctx, "AWS::EC2::SecurityGroupIngress")["WebFromHttp8080Ingress"]["Properties"]
    assert ingress["SourceSecurityGroupId"] == {"Fn::GetAtt": ["HttpSecurityGroup", "GroupId"]}
    assert (ingress["FromPort"], ingress["ToPort"]) == (8080, 8080)
    egress = of_type(ctx, "AWS::EC2::SecurityGroupEgress")["HttpToWebEgress"]["Properties"]
    assert egress["DestinationSecurityGroupId"] == {"Fn::GetAtt": ["WebSecurityGroup", "GroupId"]}
    group = of_type(ctx, "AWS::EC2::SecurityGroup")["HttpSecurityGroup"]["Properties"]
    assert group["SecurityGroupEgress"][0]["CidrIp"] == "255.255.255.255/32"  # nothing else goes out
    assert ctx.entries["HttpSecurityGroup"].layer == "security"


def test_rest_api_cannot_reach_an_internal_load_balancer():
    internal = LB.replace("    plain_http: true\n", "    scheme: internal\n")
    found = errors_of("    protocol: rest\n" + LB_ROUTES, internal, LB_NETWORK)
    assert {c for c, _ in found} == {"E2409"}
