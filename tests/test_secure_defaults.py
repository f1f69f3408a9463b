"""Secure defaults of the traffic path: HTTPS on internet-facing load balancers, the 80 -> 443
redirect, the plain_http opt-out in the summary, and CloudFront -> load balancer over HTTPS
with a secret origin-verify header that the listener checks (deployed in moto)."""
import json
import re
from pathlib import Path

import boto3
import pytest

from awsarch_compiler import pipeline
from awsarch_compiler.core import loader, output

import emulator

ROOT = Path(__file__).resolve().parent.parent
BASE = """awsarch: 1
name: sec
network:
  cidr: 10.0.0.0/16
  subnets:
    public: {type: public, size: 24}
    app: {type: private, size: 24}
components:
  web:
    type: instance-group
    port: 8080
"""


def compiled(text: str):
    data, source = loader.load_text(text, "arch.yaml")
    return pipeline.compile_source(data, source, pipeline.Options(fmt="json", lint=False))


def resources(result) -> dict:
    out = {}
    for name, text in result.files.items():
        if name != output.MANIFEST:
            out.update(json.loads(text).get("Resources", {}))
    return out


@pytest.fixture(scope="module")
def three_tier():
    return pipeline.compile_file(ROOT / "examples/three-tier.yaml", pipeline.Options(fmt="json", lint=False))


def test_a_plain_http_listener_named_in_dns_is_served_as_https_with_a_redirect(three_tier):
    res = resources(three_tier)
    https = res["PublicLbListener443"]["Properties"]
    assert https["Protocol"] == "HTTPS" and https["Certificates"] == [{"CertificateArn": {"Ref": "PublicLbListener443Certificate"}}]
    cert = res["PublicLbListener443Certificate"]["Properties"]
    assert cert["DomainName"] == "api.example.com" and cert["ValidationMethod"] == "DNS"
    redirect = res["PublicLbListener80"]["Properties"]["DefaultActions"][0]
    assert redirect["Type"] == "redirect" and redirect["RedirectConfig"]["Protocol"] == "HTTPS"
    assert any("served as HTTPS on 443" in n for n in three_tier.notes)


def test_every_host_named_in_dns_is_on_the_certificate():
    result = compiled(BASE + """  lb:
    type: load-balancer
    listeners: [{port: 80, routes: [{target: web}]}]
dns:
  zone: example.com
  records: {api.example.com: lb, www.example.com: lb}
""")
    cert = resources(result)["LbListener443Certificate"]["Properties"]
    assert cert["DomainName"] == "api.example.com" and cert["SubjectAlternativeNames"] == ["www.example.com"]
    assert [o["DomainName"] for o in cert["DomainValidationOptions"]] == ["api.example.com", "www.example.com"]


def test_plain_http_is_the_summarised_opt_out():
    result = compiled(BASE + """  lb:
    type: load-balancer
    plain_http: true
    listeners: [{port: 80, routes: [{target: web}]}]
""")
    res = resources(result)
    assert res["LbListener80"]["Properties"]["Protocol"] == "HTTP"
    assert "LbListener443" not in res
    assert "components.lb.plain_http: true — listener 80 serves unencrypted HTTP to the internet" in result.notes
    skips = {s["id"]: s["comment"] for s in res["LbListener80"]["Metadata"]["checkov"]["skip"]}
    assert skips["CKV_AWS_2"] == "plain HTTP set in the architecture (plain_http: true)"


def test_redirect_http_false_keeps_port_80_closed():
    result = compiled(BASE + """  lb:
    type: load-balancer
    redirect_http: false
    listeners: [{port: 443, protocol: HTTPS, certificate: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                 routes: [{target: web}]}]
""")
    res = resources(result)
    assert "LbListener80" not in res and "LbListener80Ingress" not in res


def test_cloudfront_only_load_balancer_without_a_name_checks_the_header_over_http():
    path = ROOT / "tests/conformance/ecs-on-ec2.yaml"
    result = pipeline.compile_file(path, pipeline.Options(fmt="json", lint=False))
    res = resources(result)
    (origin,) = [o for r in res.values() if r["Type"] == "AWS::CloudFront::Distribution"
                 for o in r["Properties"]["DistributionConfig"]["Origins"] if o["Id"] == "route-alb"]
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "http-only"
    assert [h["HeaderName"] for h in origin["OriginCustomHeaders"]] == ["X-Origin-Verify"]
    assert res["AlbListener80"]["Properties"]["DefaultActions"][0]["FixedResponseConfig"]["StatusCode"] == "403"
    assert any("CloudFront reaches it over plain HTTP" in n for n in result.notes)


@pytest.fixture(scope="module")
def ecs_deployed():
    result = pipeline.compile_file(ROOT / "examples/ecs-on-ec2.yaml", pipeline.Options(fmt="json", lint=False))
    with emulator.emulated(result.files, f"{result.arch.name}.json", result.arch.dns.zone) as deployment:
        elb = boto3.client("elbv2", region_name=emulator.REGION)
        (lb,) = elb.describe_load_balancers()["LoadBalancers"]
        listeners = {l["Port"]: l for l in elb.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]}
        rules = elb.describe_rules(ListenerArn=listeners[443]["ListenerArn"])["Rules"]
    return {"result": result, "listeners": listeners, "rules": rules, "stacks": deployment.stacks}


def test_cloudfront_reaches_the_named_load_balancer_over_https_with_the_header(ecs_deployed):
    res = resources(ecs_deployed["result"])
    (origin,) = [o for r in res.values() if r["Type"] == "AWS::CloudFront::Distribution"
                 for o in r["Properties"]["DistributionConfig"]["Origins"] if o["Id"] == "route-alb"]
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert origin["DomainName"] == "origin.example.com"
    (header,) = origin["OriginCustomHeaders"]
    assert header["HeaderName"] == "X-Origin-Verify" and "resolve:secretsmanager" in json.dumps(header["HeaderValue"])
    secret = res["AlbOriginVerifySecret"]["Properties"]["GenerateSecretString"]
    assert secret == {"ExcludePunctuation": True, "PasswordLength": 48}


def test_the_deployed_listener_refuses_requests_without_the_header(ecs_deployed):
    assert set(ecs_deployed["stacks"].values()) == {"CREATE_COMPLETE"}
    https = ecs_deployed["listeners"][443]
    assert https["Protocol"] == "HTTPS"
    (action,) = https["DefaultActions"]
    assert action["Type"] == "fixed-response" and action["FixedResponseConfig"]["StatusCode"] == "403"
    forwarding = [r for r in ecs_deployed["rules"] if not r.get("IsDefault")]
    assert forwarding, "no rule forwards verified requests"
    for rule in forwarding:
        (condition,) = [c for c in rule["Conditions"] if c["Field"] == "http-header"]
        assert condition["HttpHeaderConfig"]["HttpHeaderName"] == "X-Origin-Verify"
        assert rule["Actions"][0]["Type"] == "forward"


def test_port_80_redirects_in_the_deployment(ecs_deployed):
    (action,) = ecs_deployed["listeners"][80]["DefaultActions"]
    assert action["Type"] == "redirect" and action["RedirectConfig"]["Protocol"] == "HTTPS"


# -- APIs: auth by default, request validation, WAF ----------------------------------------------

API = """awsarch: 1
name: sec
components:
  fn:
    type: function
    runtime: python3.12
    handler: app.handler
    code: src
  api:
    type: api
    protocol: rest
    waf: {rate_limit: 500, block_ips: [192.0.2.0/24]}
    routes:
      GET /items: fn
      DELETE /items/{id}: fn
      GET /health: {target: fn, auth: none}
"""


@pytest.fixture(scope="module")
def rest_api():
    return compiled(API)


def of_type(result, cfn_type: str) -> dict:
    return {k: v for k, v in resources(result).items() if v["Type"] == cfn_type}


def test_routes_without_auth_require_iam_and_auth_none_is_public(rest_api):
    methods = of_type(rest_api, "AWS::ApiGateway::Method")
    kinds = {k: m["Properties"]["AuthorizationType"] for k, m in methods.items()}
    assert kinds == {"ApiGetItemsMethod": "AWS_IAM", "ApiDeleteItemsIdParamMethod": "AWS_IAM",
                     "ApiGetHealthMethod": "NONE"}
    assert "components.api.routes: auth: none — GET /health is public, callable by anyone" in rest_api.notes


def test_every_rest_method_validates_its_request(rest_api):
    (validator_id, validator), = of_type(rest_api, "AWS::ApiGateway::RequestValidator").items()
    assert validator["Properties"]["ValidateRequestParameters"] and validator["Properties"]["ValidateRequestBody"]
    for method in of_type(rest_api, "AWS::ApiGateway::Method").values():
        assert method["Properties"]["RequestValidatorId"] == {"Ref": validator_id}


def test_the_rest_stage_has_a_logged_web_acl(rest_api):
    (acl,) = of_type(rest_api, "AWS::WAFv2::WebACL").values()
    rules = {r["Name"]: r for r in acl["Properties"]["Rules"]}
    assert acl["Properties"]["Scope"] == "REGIONAL"
    assert rules["RateLimitPerIp"]["Statement"]["RateBasedStatement"]["Limit"] == 500
    assert rules["BlockedIps"]["Priority"] == 0 and "Block" in rules["BlockedIps"]["Action"]
    assert {"AWS-AWSManagedRulesCommonRuleSet", "AWS-AWSManagedRulesKnownBadInputsRuleSet"} <= set(rules)
    (association,) = of_type(rest_api, "AWS::WAFv2::WebACLAssociation").values()
    assert "/stages/${ApiStage}" in association["Properties"]["ResourceArn"]["Fn::Sub"]
    (logging,) = of_type(rest_api, "AWS::WAFv2::LoggingConfiguration").values()
    assert [f["SingleHeader"]["Name"] for f in logging["Properties"]["RedactedFields"]] == ["authorization", "cookie"]
    (group,) = [g for g in of_type(rest_api, "AWS::Logs::LogGroup").values()
                if g["Properties"].get("LogGroupName", "").startswith("aws-waf-logs-")]
    assert group["Properties"]["LogGroupName"] == "aws-waf-logs-sec-api"


def test_waf_logging_false_is_listed():
    result = compiled(API.replace("waf: {rate_limit: 500, block_ips: [192.0.2.0/24]}", "waf: {logging: false}"))
    assert not of_type(result, "AWS::WAFv2::LoggingConfiguration")
    assert "components.api.waf.logging: false — the web ACL's decisions are not logged" in result.notes


def test_a_load_balancer_web_acl_is_associated_with_it():
    result = compiled(BASE + """  lb:
    type: load-balancer
    waf: true
    listeners: [{port: 443, protocol: HTTPS, certificate: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                 routes: [{target: web}]}]
""")
    (association,) = of_type(result, "AWS::WAFv2::WebACLAssociation").values()
    assert association["Properties"]["ResourceArn"] == {"Ref": "LbLoadBalancer"}
    lb = resources(result)["LbLoadBalancer"]
    skipped = {s["id"] for s in lb.get("Metadata", {}).get("checkov", {}).get("skip", [])}
    assert "CKV2_AWS_28" not in skipped


# -- load balancer access logs and true suppression reasons ------------------------------------------

def template_of(result, suffix: str) -> dict:
    (name,) = [n for n in result.files if n.endswith(suffix)]
    return json.loads(result.files[name])


def test_access_logs_are_on_by_default_with_the_regional_delivery_account(three_tier):
    compute = template_of(three_tier, "-compute.json")
    lb = compute["Resources"]["PublicLbLoadBalancer"]
    attributes = {a["Key"]: a["Value"] for a in lb["Properties"]["LoadBalancerAttributes"]}
    assert attributes["access_logs.s3.enabled"] == "true"
    assert attributes["access_logs.s3.bucket"] == {"Ref": "PublicLbAccessLogsBucket"}
    mapping = compute["Mappings"]["ElbLogDeliveryAccounts"]
    assert mapping["us-east-1"] == {"AccountId": "127311923021"} and mapping["eu-north-1"] == {"AccountId": "897822967062"}
    assert mapping["ap-southeast-7"] == {"AccountId": "none"}  # a newer Region: the service principal writes
    assert "ElbLogDeliveryByAccount" in compute["Conditions"]
    policy = compute["Resources"]["PublicLbAccessLogsBucketPolicy"]["Properties"]["PolicyDocument"]
    sids = {s["Sid"]: s for s in policy["Statement"]}
    assert sids["ElbLogDelivery"]["Principal"] == {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}
    assert "Fn::If" in sids["ElbLogDeliveryAccount"]["Principal"]["AWS"]
    bucket = compute["Resources"]["PublicLbAccessLogsBucket"]["Properties"]
    assert bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"] == \
        {"SSEAlgorithm": "AES256"}
    skipped = {s["id"]: s["comment"] for s in lb["Metadata"]["checkov"]["skip"]}
    assert "CKV_AWS_91" not in skipped
    assert skipped["CKV_AWS_150"].startswith("default:")
    assert not any("access_logs" in n for n in three_tier.notes)


def test_access_logs_false_is_the_summarised_opt_out():
    result = compiled(BASE + """  lb:
    type: load-balancer
    access_logs: false
    deletion_protection: false
    listeners: [{port: 443, protocol: HTTPS, certificate: "arn:aws:acm:us-east-1:123456789012:certificate/abc",
                 routes: [{target: web}]}]
""")
    res = resources(result)
    assert "LbAccessLogsBucket" not in res
    skipped = {s["id"]: s["comment"] for s in res["LbLoadBalancer"]["Metadata"]["checkov"]["skip"]}
    assert skipped["CKV_AWS_91"] == "access logs turned off in the architecture (access_logs: false)"
    assert skipped["CKV_AWS_150"] == "deletion protection turned off in the architecture (deletion_protection: false)"
    assert "components.lb.access_logs: false — no access logs are written" in result.notes
    assert "Mappings" not in template_of(result, "-compute.json")


def test_no_suppression_claims_the_architecture_set_what_it_left_to_the_default():
    """Every example: a reason that says 'in the architecture (FIELD: VALUE)' names a value the file wrote."""
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for name in sorted(p for p in (ROOT / "templates_out" / path.stem).glob("*.yaml")):
            for match in re.finditer(r"in the architecture \(([a-z_.]+): ([a-z0-9]+)\)", name.read_text()):
                field = match.group(1).split(".")[-1]
                assert re.search(rf"\b{field}: {match.group(2)}\b", text), \
                    f"{name.name}: '{match.group(0)}' but {path.name} does not set {field}: {match.group(2)}"
