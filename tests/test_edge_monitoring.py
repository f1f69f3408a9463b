"""The edge and monitoring: static-site (OAC, SPA, routes, WAF, TLS), DNS records,
alarms per metric, alarm topic, budget, dashboard, audit trail, and their checks."""
import dataclasses
import json

import pytest

from awsarch_compiler import pipeline
from awsarch_compiler.core import loader
from awsarch_compiler.schema import validate as schema
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.types import registry
from awsarch_compiler.types.static_site.checks import serves

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
SITE = f"""
awsarch: 1
name: edge
region: us-east-1
components:
  web:
    type: static-site
    domain: www.example.com
    aliases: [example.com]
    certificate: {CERT}
    waf: true
dns:
  zone: example.com
  records:
    www.example.com: web
"""
MONITORED = """
awsarch: 1
name: mon
region: us-east-1
components:
  web: {type: static-site}
monitoring:
  notify: [ops@example.com, dev@example.com]
  alarms:
    - {component: web, metric: error_rate_5xx, threshold: 2.5, minutes: 5}
    - {component: web, metric: requests, threshold: 1000, minutes: 15}
  dashboard: true
  budget: {monthly_usd: 40, alert_at_percent: 90}
  audit_trail: true
"""


def compile_text(text: str) -> dict:
    """All resources of all templates, by logical ID (JSON, no lint)."""
    data, source = loader.load_text(text, "arch.yaml")
    result = pipeline.compile_source(data, source, pipeline.Options(fmt="json", lint=False))
    resources = {}
    for name, body in result.files.items():
        if name.endswith(".json") and name != "manifest.json":
            resources.update(json.loads(body).get("Resources", {}))
    return resources, result


def props(resources: dict, logical: str) -> dict:
    return resources[logical]["Properties"]


def error_codes(text: str) -> list[str]:
    data, source = loader.load_text(text, "arch.yaml")
    with pytest.raises(ArchError) as caught:
        pipeline.build_model(data, source)
    return [d.code for d in caught.value.diagnostics]


@pytest.fixture(scope="module")
def site():
    return compile_text(SITE)


@pytest.fixture(scope="module")
def monitored():
    return compile_text(MONITORED)


# -- static-site --------------------------------------------------------------

def test_bucket_reads_only_through_this_distribution(site):
    resources, _ = site
    bucket = props(resources, "WebBucket")
    assert bucket["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "BlockPublicPolicy": True, "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
    (rule,) = bucket["LifecycleConfiguration"]["Rules"]
    assert rule["NoncurrentVersionExpiration"] == {"NoncurrentDays": 30}
    statements = props(resources, "WebBucketPolicy")["PolicyDocument"]["Statement"]
    allow = [s for s in statements if s["Effect"] == "Allow"]
    assert len(allow) == 1
    (read,) = allow
    assert read["Principal"] == {"Service": "cloudfront.amazonaws.com"}
    assert read["Action"] == ["s3:GetObject"]
    assert read["Resource"] == [{"Fn::Sub": "${WebBucket.Arn}/*"}]
    assert read["Condition"] == {"StringEquals": {"AWS:SourceArn": {
        "Fn::Sub": "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${WebDistribution}"}}}
    assert any(s["Effect"] == "Deny" and s["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
               for s in statements)


def test_origin_access_control_signs_always(site):
    resources, _ = site
    oac = props(resources, "WebOriginAccessControl")["OriginAccessControlConfig"]
    assert (oac["SigningBehavior"], oac["SigningProtocol"], oac["OriginAccessControlOriginType"]) == ("always", "sigv4", "s3")
    origin = props(resources, "WebDistribution")["DistributionConfig"]["Origins"][0]
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["WebOriginAccessControl", "Id"]}
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}


def test_distribution_defaults(site):
    resources, _ = site
    config = props(resources, "WebDistribution")["DistributionConfig"]
    default = config["DefaultCacheBehavior"]
    assert default["ViewerProtocolPolicy"] == "redirect-to-https"
    assert default["Compress"] is True
    assert default["CachePolicyId"] == "658327ea-f89d-4fab-a63d-7e88639e58f6"  # CachingOptimized
    assert default["ResponseHeadersPolicyId"] == "67f7725c-6f97-4210-82d7-5512b31e9d03"  # SecurityHeadersPolicy
    assert (config["HttpVersion"], config["IPV6Enabled"], config["DefaultRootObject"]) == ("http2and3", True, "index.html")
    assert config["Aliases"] == ["www.example.com", "example.com"]
    assert config["ViewerCertificate"] == {"AcmCertificateArn": CERT, "MinimumProtocolVersion": "TLSv1.2_2021",
                                           "SslSupportMethod": "sni-only"}
    assert config["Logging"]["Bucket"] == {"Fn::GetAtt": ["WebLogBucket", "DomainName"]}


def test_spa_answers_index_for_missing_objects(site):
    resources, _ = site
    responses = props(resources, "WebDistribution")["DistributionConfig"]["CustomErrorResponses"]
    assert sorted((r["ErrorCode"], r["ResponseCode"], r["ResponsePagePath"]) for r in responses) == [
        (403, 200, "/index.html"), (404, 200, "/index.html")]


def test_no_spa_no_error_rewrites():
    resources, _ = compile_text("awsarch: 1\nname: plain\ncomponents:\n  web: {type: static-site, spa: false}\n")
    config = props(resources, "WebDistribution")["DistributionConfig"]
    assert "CustomErrorResponses" not in config
    assert config["ViewerCertificate"] == {"CloudFrontDefaultCertificate": True}
    skipped = {s["id"] for s in resources["WebDistribution"]["Metadata"]["checkov"]["skip"]}
    assert skipped == {"CKV_AWS_174", "CKV_AWS_68"}  # default certificate; waf: false


def test_waf_managed_rules_and_rate_limit(site):
    resources, _ = site
    acl = props(resources, "WebWebAcl")
    assert acl["Scope"] == "CLOUDFRONT"
    assert acl["DefaultAction"] == {"Allow": {}}
    groups = [r["Statement"]["ManagedRuleGroupStatement"]["Name"] for r in acl["Rules"]
              if "ManagedRuleGroupStatement" in r["Statement"]]
    assert groups == ["AWSManagedRulesAmazonIpReputationList", "AWSManagedRulesCommonRuleSet",
                      "AWSManagedRulesKnownBadInputsRuleSet"]
    (rate,) = [r for r in acl["Rules"] if "RateBasedStatement" in r["Statement"]]
    assert rate["Action"] == {"Block": {}}
    assert rate["Statement"]["RateBasedStatement"]["Limit"] == 2000
    assert len({r["Priority"] for r in acl["Rules"]}) == len(acl["Rules"])
    assert all(r["VisibilityConfig"]["CloudWatchMetricsEnabled"] for r in acl["Rules"])
    dist = props(resources, "WebDistribution")["DistributionConfig"]
    assert dist["WebACLId"] == {"Fn::GetAtt": ["WebWebAcl", "Arn"]}


def test_routes_add_uncached_origins_and_spa_function():
    text = """
awsarch: 1
name: routed
components:
  web:
    type: static-site
    routes: {/api/*: http}
  http:
    type: api
    protocol: http
    routes: {GET /hello: {target: hello, auth: none}}   # public: CloudFront cannot sign requests
  hello:
    type: function
    runtime: python3.13
    handler: app.handler
    code: src/hello
"""
    resources, _ = compile_text(text)
    config = props(resources, "WebDistribution")["DistributionConfig"]
    (behavior,) = config["CacheBehaviors"]
    assert behavior["PathPattern"] == "/api/*"
    assert behavior["CachePolicyId"] == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # CachingDisabled
    assert behavior["OriginRequestPolicyId"] == "b689b0a8-53d0-40ab-baf2-68738e2966ac"  # AllViewerExceptHostHeader
    assert set(behavior["AllowedMethods"]) == {"GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"}
    origin = next(o for o in config["Origins"] if o["Id"] == behavior["TargetOriginId"])
    assert origin["CustomOriginConfig"]["OriginSSLProtocols"] == ["TLSv1.2"]
    # With routes, the SPA fallback is a viewer-request function on the bucket's behaviour only.
    assert "CustomErrorResponses" not in config
    (association,) = config["DefaultCacheBehavior"]["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"
    assert props(resources, "WebSpaFunction")["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"


def test_site_outputs(site):
    _, result = site
    root = json.loads(result.files["edge.json"])
    assert root["Outputs"]["WebUrl"]["Value"] == "https://www.example.com"
    assert set(root["Outputs"]) >= {"WebUrl", "WebDistributionId", "WebBucketName"}


def test_dns_alias_records_to_cloudfront(site):
    resources, _ = site
    a = props(resources, "WwwExampleComRecord")
    aaaa = props(resources, "WwwExampleComIpv6Record")
    assert (a["Type"], aaaa["Type"]) == ("A", "AAAA")
    assert a["Name"] == "www.example.com."
    assert a["HostedZoneName"] == "example.com."
    assert a["AliasTarget"] == {"DNSName": {"Fn::GetAtt": ["WebDistribution", "DomainName"]},
                                "HostedZoneId": "Z2FDTNDATAQYW2", "EvaluateTargetHealth": False}


def test_dns_zone_id_names_the_zone():
    resources, _ = compile_text(SITE.replace("zone: example.com", "zone: example.com\n  zone_id: Z0123456789ABCDEFGHIJ"))
    record = props(resources, "WwwExampleComRecord")
    assert record["HostedZoneId"] == "Z0123456789ABCDEFGHIJ" and "HostedZoneName" not in record


# -- monitoring ----------------------------------------------------------------

def test_alarm_topic_encrypted_with_a_key_cloudwatch_may_use(monitored):
    resources, _ = monitored
    topic = props(resources, "MonitoringAlarmTopic")
    assert topic["KmsMasterKeyId"] == {"Fn::GetAtt": ["MonitoringAlarmTopicKey", "Arn"]}
    key = props(resources, "MonitoringAlarmTopicKey")
    assert key["EnableKeyRotation"] is True
    (cloudwatch,) = [s for s in key["KeyPolicy"]["Statement"] if s.get("Principal") == {"Service": "cloudwatch.amazonaws.com"}]
    assert set(cloudwatch["Action"]) == {"kms:Decrypt", "kms:GenerateDataKey*"}
    assert "aws:SourceAccount" in cloudwatch["Condition"]["StringEquals"]
    subscriptions = sorted(props(r, k)["Endpoint"] for k, r in [(k, resources) for k in resources]
                           if resources[k]["Type"] == "AWS::SNS::Subscription")
    assert subscriptions == ["dev@example.com", "ops@example.com"]


@pytest.mark.parametrize("logical, metric, statistic, threshold, periods, missing", [
    ("WebErrorRate5xxAlarm", "5xxErrorRate", "Average", 2.5, 5, "missing"),
    ("WebRequestsAlarm", "Requests", "Sum", 1000, 15, "notBreaching"),
])
def test_alarm_from_metric(monitored, logical, metric, statistic, threshold, periods, missing):
    resources, _ = monitored
    alarm = props(resources, logical)
    assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"]) == ("AWS/CloudFront", metric, statistic)
    assert alarm["Dimensions"] == [{"Name": "DistributionId", "Value": {"Ref": "WebDistribution"}},
                                   {"Name": "Region", "Value": "Global"}]
    assert alarm["Threshold"] == threshold
    assert alarm["ComparisonOperator"] == "GreaterThanOrEqualToThreshold"
    assert (alarm["Period"], alarm["EvaluationPeriods"], alarm["DatapointsToAlarm"]) == (60, periods, periods)
    assert alarm["AlarmActions"] == alarm["OKActions"] == [{"Ref": "MonitoringAlarmTopic"}]
    assert alarm["TreatMissingData"] == missing


def test_alarm_extended_statistic_and_unit_scale_come_from_the_metric():
    """A p95 metric becomes ExtendedStatistic; the DSL threshold is scaled by the metric's unit_scale."""
    kinds = registry()
    name, metric = next((n, m) for n, m in kinds["api"].metrics.items() if m.statistic == "p95")
    text = f"""
awsarch: 1
name: latency
components:
  http: {{type: api, protocol: http, routes: {{GET /hello: hello}}}}
  hello: {{type: function, runtime: python3.13, handler: app.handler, code: src/hello}}
monitoring:
  notify: [ops@example.com]
  alarms:
    - {{component: http, metric: {name}, threshold: 800, minutes: 3}}
"""
    resources, _ = compile_text(text)
    (alarm,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::CloudWatch::Alarm"]
    assert alarm["ExtendedStatistic"] == "p95" and "Statistic" not in alarm
    assert alarm["Threshold"] == 800 * metric.unit_scale
    assert alarm["EvaluationPeriods"] == 3
    assert alarm["TreatMissingData"] == "missing"


def test_budget(monitored):
    resources, _ = monitored
    budget = props(resources, "MonitoringBudget")
    assert budget["Budget"] == {"BudgetLimit": {"Amount": 40, "Unit": "USD"}, "BudgetType": "COST", "TimeUnit": "MONTHLY"}
    (notification,) = budget["NotificationsWithSubscribers"]
    assert notification["Notification"] == {"ComparisonOperator": "GREATER_THAN", "NotificationType": "ACTUAL",
                                            "Threshold": 90, "ThresholdType": "PERCENTAGE"}
    assert [s["Address"] for s in notification["Subscribers"]] == ["ops@example.com", "dev@example.com"]


def test_audit_trail(monitored):
    resources, _ = monitored
    trail = props(resources, "AuditTrail")
    assert trail["IsMultiRegionTrail"] and trail["EnableLogFileValidation"] and trail["IsLogging"]
    assert trail["IncludeGlobalServiceEvents"] is True
    assert trail["KMSKeyId"] == {"Fn::GetAtt": ["AuditTrailKey", "Arn"]}
    assert trail["CloudWatchLogsLogGroupArn"] == {"Fn::GetAtt": ["AuditTrailLogGroup", "Arn"]}
    assert resources["AuditTrail"]["DependsOn"] == "AuditTrailBucketPolicy"
    trail_arn = {"Fn::Sub": "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/${AWS::StackName}-audit"}
    statements = props(resources, "AuditTrailBucketPolicy")["PolicyDocument"]["Statement"]
    write = next(s for s in statements if s.get("Sid") == "CloudTrailWritesLogs")
    assert write["Condition"]["StringEquals"] == {"aws:SourceArn": trail_arn, "s3:x-amz-acl": "bucket-owner-full-control"}
    assert write["Resource"] == [{"Fn::Sub": "${AuditTrailBucket.Arn}/AWSLogs/${AWS::AccountId}/*"}]
    key_statements = props(resources, "AuditTrailKey")["KeyPolicy"]["Statement"]
    encrypt = next(s for s in key_statements if s.get("Sid") == "CloudTrailEncryptsLogs")
    assert encrypt["Condition"]["StringEquals"] == {"aws:SourceArn": trail_arn}
    group = props(resources, "AuditTrailLogGroup")
    assert group["KmsKeyId"] == {"Fn::GetAtt": ["AuditTrailKey", "Arn"]} and group["RetentionInDays"] == 365
    role_policy = props(resources, "AuditTrailLogsRole")["Policies"][0]["PolicyDocument"]["Statement"][0]
    assert role_policy["Resource"] == [{"Fn::GetAtt": ["AuditTrailLogGroup", "Arn"]}]


def test_dashboard_is_deterministic_json(monitored):
    resources, _ = monitored
    body = props(resources, "MonitoringDashboard")["DashboardBody"]["Fn::Sub"]
    text = body if isinstance(body, str) else body[0]
    widgets = json.loads(text)["widgets"]
    assert [w["type"] for w in widgets] == ["alarm", "metric"]
    metric_widget = widgets[1]["properties"]
    assert metric_widget["region"] == "us-east-1"  # CloudFront metrics live there only
    assert ["AWS/CloudFront", "Requests", "DistributionId", "${WebDistribution}", "Region", "Global",
            {"label": "requests", "stat": "Sum"}] in metric_widget["metrics"]
    assert text == compile_text(MONITORED)[0]["MonitoringDashboard"]["Properties"]["DashboardBody"]["Fn::Sub"]


def test_monitoring_resources_in_the_monitoring_stack(monitored):
    _, result = monitored
    monitoring = json.loads(result.files["mon-monitoring.json"])["Resources"]
    assert {"MonitoringAlarmTopic", "MonitoringBudget", "MonitoringDashboard", "AuditTrail",
            "WebErrorRate5xxAlarm"} <= set(monitoring)


# -- checks ---------------------------------------------------------------------

@pytest.mark.parametrize("change, code", [
    (("certificate: arn:aws:acm:us-east-1:", "certificate: arn:aws:acm:eu-west-1:"), "E2501"),
    ((f"    certificate: {CERT}\n", ""), "E2503"),
    (("    domain: www.example.com\n    aliases: [example.com]\n", ""), "E2502"),
    (("region: us-east-1", "region: eu-west-1"), "E2504"),
    (("www.example.com: web", "shop.example.com: web"), "E2505"),
])
def test_site_checks(change, code):
    assert code in error_codes(SITE.replace(*change))


def test_route_targets_checked():
    base = "awsarch: 1\nname: routing\ncomponents:\n  web: {type: static-site, routes: {/api/*: TARGET}}\n  files: {type: bucket}\n"
    assert error_codes(base.replace("TARGET", "missing")) == ["E301"]
    assert error_codes(base.replace("TARGET", "files")) == ["E302"]


def test_monitoring_checks():
    assert "E2506" in error_codes(MONITORED.replace("region: us-east-1", "region: eu-west-1"))
    duplicate = MONITORED.replace("metric: requests, threshold: 1000", "metric: error_rate_5xx, threshold: 9")
    assert "E325" in error_codes(duplicate)
    many = ", ".join(f"u{i}@example.com" for i in range(11))
    assert "E326" in error_codes(MONITORED.replace("notify: [ops@example.com, dev@example.com]", f"notify: [{many}]"))


def test_wildcard_alias_serves_one_label():
    assert serves(["*.example.com"], "a.example.com")
    assert not serves(["*.example.com"], "a.b.example.com")
    assert not serves(["*.example.com"], "example.com")
    assert serves(["example.com"], "example.com")


def test_static_site_fields_match_the_schema():
    kinds = registry()
    spec = kinds["static-site"].spec
    fields = {f.name for f in dataclasses.fields(spec)} - {"name", "uses", "subnets"}
    properties = set(schema.load_schema()["$defs"]["static-site"]["properties"])
    assert fields == properties
