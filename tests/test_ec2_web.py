"""The EC2 web tier: load balancers and instance groups.

Compiles small architectures and asserts the security properties of the
generated templates: IMDSv2, encryption, security-group rules exactly as
intended, target-group registration, the HTTP redirect, certificate
validation, least-privilege roles, and the semantic checks.
"""
import dataclasses
import json

import pytest

from awsarch_compiler.core import loader
from awsarch_compiler.core.diagnostics import ArchError
from awsarch_compiler.types import registry
from awsarch_compiler.types.load_balancer.model import rule_id, target_group_id
from awsarch_compiler.pipeline import Options, compile_source
from awsarch_compiler.schema.validate import load_schema

NETWORK = """awsarch: 1
name: web
network:
  cidr: 10.0.0.0/16
  availability_zones: 2
  nat_gateways: single
  subnets:
    public: {type: public, size: 24}
    app: {type: private, size: 24}
"""

TWO_TIER = NETWORK + """components:
  public-lb:
    type: load-balancer
    listeners:
      - port: 443
        protocol: HTTPS
        certificate: {domain: www.example.com}
        routes:
          - target: web
          - target: web
            paths: [/static/*]
    redirect_http: true
  web:
    type: instance-group
    port: 8080
    capacity: {min: 2, desired: 3, max: 6}
    scaling: {cpu_target: 60, request_count_target: 800}
    user_data: |
      #!/bin/bash
      echo "api is at ${INTERNAL_LB_URL}" > /tmp/api
    uses:
      internal-lb: connect
      files: read
  internal-lb:
    type: load-balancer
    scheme: internal
    listeners:
      - port: 5000
        routes: [{target: api}]
  api:
    type: instance-group
    port: 5000
  files:
    type: bucket
dns:
  zone: example.com
  records:
    www.example.com: public-lb
monitoring:
  tracing: true
"""


def compile_text(text, tmp_path):
    data, source = loader.load_text(text, "arch.yaml")
    result = compile_source(data, source, Options(fmt="json", lint=False))
    return {name: json.loads(body) for name, body in result.files.items() if name.endswith(".json")}


def resources(files, kind=None):
    out = {}
    for name, tpl in files.items():
        for logical, res in tpl.get("Resources", {}).items():
            if kind is None or res["Type"] == kind:
                out[logical] = res
    return out


@pytest.fixture(scope="module")
def two_tier(tmp_path_factory):
    return compile_text(TWO_TIER, tmp_path_factory.mktemp("two"))


def props(files, logical):
    return resources(files)[logical]["Properties"]


# -- instances -------------------------------------------------------------------------
def test_launch_template_requires_imdsv2_and_encrypts_the_root_volume(two_tier):
    for logical in ("WebLaunchTemplate", "ApiLaunchTemplate"):
        data = props(two_tier, logical)["LaunchTemplateData"]
        assert data["MetadataOptions"] == {"HttpEndpoint": "enabled", "HttpTokens": "required",
                                           "HttpPutResponseHopLimit": 1}
        (volume,) = data["BlockDeviceMappings"]
        assert volume["DeviceName"] == "/dev/xvda"
        assert volume["Ebs"]["Encrypted"] is True
        assert data["Monitoring"] == {"Enabled": True}
        assert data["ImageId"] == {"Ref": "Al2023ImageId"}


def test_ami_alias_resolves_through_the_public_ssm_parameter(two_tier):
    root = two_tier["web.json"]
    param = root["Parameters"]["Al2023ImageId"]
    assert param["Type"] == "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"
    assert param["Default"] == "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
    assert two_tier["web-compute.json"]["Parameters"]["Al2023ImageId"]["Type"] == "AWS::EC2::Image::Id"


def test_user_data_writes_connection_values_before_the_script(two_tier):
    text, variables = props(two_tier, "WebLaunchTemplate")["LaunchTemplateData"]["UserData"]["Fn::Base64"]["Fn::Sub"]
    env_at = text.index("cat > /etc/awsarch/env")
    assert text.index("chmod 0600 /etc/awsarch/env") > env_at
    assert "INTERNAL_LB_URL=${EnvInternalLbUrl}" in text and "FILES_BUCKET=${EnvFilesBucket}" in text
    assert variables["EnvFilesBucket"] == {"Ref": "FilesBucket"}
    assert text.index("systemctl enable --now xray") > env_at
    script_at = text.index('echo "api is at ${!INTERNAL_LB_URL}"')  # shell syntax survives Fn::Sub
    assert script_at > text.index("systemctl enable --now xray")
    assert text.rstrip().endswith("/var/lib/awsarch/user-data")


def test_instance_role_has_ssm_xray_and_exactly_the_uses_statements(two_tier):
    role = props(two_tier, "WebInstanceRole")
    managed = [m["Fn::Sub"] for m in role["ManagedPolicyArns"]]
    assert managed == ["arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore",
                       "arn:${AWS::Partition}:iam::aws:policy/AWSXRayDaemonWriteAccess"]
    (policy,) = role["Policies"]
    statements = policy["PolicyDocument"]["Statement"]
    assert [s["Action"] for s in statements] == [["s3:GetObject", "s3:GetObjectVersion"], ["s3:ListBucket"]]
    for statement in statements:
        assert "*" not in json.dumps(statement["Resource"]).replace("/*", "")
    assert "Policies" not in props(two_tier, "ApiInstanceRole")


def test_auto_scaling_group_registers_in_its_target_group_with_elb_health_checks(two_tier):
    asg = resources(two_tier)["WebAutoScalingGroup"]
    p = asg["Properties"]
    assert p["TargetGroupARNs"] == [{"Ref": "PublicLbWebTargetGroup"}]
    assert p["HealthCheckType"] == "ELB" and p["HealthCheckGracePeriod"] == 300
    assert (p["MinSize"], p["DesiredCapacity"], p["MaxSize"]) == ("2", "3", "6")
    assert p["LaunchTemplate"]["Version"] == {"Fn::GetAtt": ["WebLaunchTemplate", "LatestVersionNumber"]}
    assert [s["Ref"] for s in p["VPCZoneIdentifier"]] == ["AppSubnet1", "AppSubnet2"]
    assert all(tag["PropagateAtLaunch"] for tag in p["Tags"])
    assert "AutoScalingRollingUpdate" in asg["UpdatePolicy"]
    assert "PublicLbListener443" in asg["DependsOn"]


def test_target_tracking_on_cpu_and_request_count(two_tier):
    cpu = props(two_tier, "WebCpuScalingPolicy")["TargetTrackingConfiguration"]
    assert cpu["PredefinedMetricSpecification"]["PredefinedMetricType"] == "ASGAverageCPUUtilization"
    assert cpu["TargetValue"] == 60.0
    requests = props(two_tier, "WebRequestCountScalingPolicy")["TargetTrackingConfiguration"]
    spec = requests["PredefinedMetricSpecification"]
    assert spec["PredefinedMetricType"] == "ALBRequestCountPerTarget"
    assert spec["ResourceLabel"] == {"Fn::Join": ["/", [
        {"Fn::GetAtt": ["PublicLbLoadBalancer", "LoadBalancerFullName"]},
        {"Fn::GetAtt": ["PublicLbWebTargetGroup", "TargetGroupFullName"]}]]}


# -- security groups -------------------------------------------------------------------
def ingress_rules(files):
    return {k: r["Properties"] for k, r in resources(files, "AWS::EC2::SecurityGroupIngress").items()}


def test_only_internet_facing_listener_ports_are_open_to_the_world(two_tier):
    world = {k: p for k, p in ingress_rules(two_tier).items() if p.get("CidrIp") == "0.0.0.0/0"}
    assert sorted((p["GroupId"]["Fn::GetAtt"][0], p["FromPort"], p["ToPort"]) for p in world.values()) == [
        ("PublicLbSecurityGroup", 80, 80), ("PublicLbSecurityGroup", 443, 443)]
    for group in resources(two_tier, "AWS::EC2::SecurityGroup").values():
        assert "SecurityGroupIngress" not in group["Properties"]


def test_every_other_rule_names_exactly_one_source_group(two_tier):
    pairs = sorted((p["GroupId"]["Fn::GetAtt"][0], p["SourceSecurityGroupId"]["Fn::GetAtt"][0], p["FromPort"])
                   for p in ingress_rules(two_tier).values() if "SourceSecurityGroupId" in p)
    assert pairs == [("ApiSecurityGroup", "InternalLbSecurityGroup", 5000),
                     ("InternalLbSecurityGroup", "WebSecurityGroup", 5000),
                     ("WebSecurityGroup", "PublicLbSecurityGroup", 8080)]


def test_load_balancer_egress_goes_only_to_its_targets(two_tier):
    groups = resources(two_tier, "AWS::EC2::SecurityGroup")
    for lb in ("PublicLbSecurityGroup", "InternalLbSecurityGroup"):
        (rule,) = groups[lb]["Properties"]["SecurityGroupEgress"]
        assert rule["CidrIp"] == "255.255.255.255/32"  # the deny-all placeholder
    egress = sorted((p["Properties"]["GroupId"]["Fn::GetAtt"][0],
                     p["Properties"]["DestinationSecurityGroupId"]["Fn::GetAtt"][0], p["Properties"]["FromPort"])
                    for p in resources(two_tier, "AWS::EC2::SecurityGroupEgress").values())
    assert egress == [("InternalLbSecurityGroup", "ApiSecurityGroup", 5000),
                      ("PublicLbSecurityGroup", "WebSecurityGroup", 8080)]


# -- listeners, certificates, routing --------------------------------------------------
def test_http_redirects_to_https(two_tier):
    listener = props(two_tier, "PublicLbListener80")
    (action,) = listener["DefaultActions"]
    assert action["Type"] == "redirect"
    assert action["RedirectConfig"]["Protocol"] == "HTTPS" and action["RedirectConfig"]["Port"] == "443"
    assert action["RedirectConfig"]["StatusCode"] == "HTTP_301"


def test_https_listener_uses_tls13_policy_and_a_dns_validated_certificate(two_tier):
    listener = props(two_tier, "PublicLbListener443")
    assert listener["SslPolicy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    assert listener["Certificates"] == [{"CertificateArn": {"Ref": "PublicLbListener443Certificate"}}]
    cert = props(two_tier, "PublicLbListener443Certificate")
    assert cert["ValidationMethod"] == "DNS"
    assert cert["DomainValidationOptions"] == [{"DomainName": "www.example.com", "HostedZoneId": {"Ref": "HostedZoneId"}}]
    assert two_tier["web.json"]["Parameters"]["HostedZoneId"]["Type"] == "AWS::Route53::HostedZone::Id"


def test_zone_id_replaces_the_hosted_zone_parameter(tmp_path):
    files = compile_text(TWO_TIER.replace("zone: example.com\n", "zone: example.com\n  zone_id: Z0123456789ABC\n"),
                         tmp_path)
    cert = props(files, "PublicLbListener443Certificate")
    assert cert["DomainValidationOptions"][0]["HostedZoneId"] == "Z0123456789ABC"
    assert "HostedZoneId" not in files["web.json"].get("Parameters", {})


def test_load_balancer_attributes_are_secure(two_tier):
    attributes = {a["Key"]: a["Value"] for a in props(two_tier, "PublicLbLoadBalancer")["LoadBalancerAttributes"]}
    assert attributes["routing.http.drop_invalid_header_fields.enabled"] == "true"
    assert attributes["access_logs.s3.enabled"] == "true"  # on by default, into the encrypted log bucket
    assert attributes["access_logs.s3.bucket"]
    assert props(two_tier, "InternalLbLoadBalancer")["Scheme"] == "internal"
    assert [s["Ref"] for s in props(two_tier, "InternalLbLoadBalancer")["Subnets"]] == ["AppSubnet1", "AppSubnet2"]


def test_path_route_becomes_a_rule_and_the_plain_route_the_default(two_tier):
    listener = props(two_tier, "PublicLbListener443")
    assert listener["DefaultActions"] == [{"Type": "forward", "TargetGroupArn": {"Ref": "PublicLbWebTargetGroup"}}]
    rule = props(two_tier, "PublicLbListener443WebRule")
    assert rule["Priority"] == 10
    assert rule["Conditions"] == [{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/static/*"]}}]
    group = props(two_tier, "PublicLbWebTargetGroup")
    assert (group["Port"], group["Protocol"], group["TargetType"], group["HealthCheckPath"]) == (8080, "HTTP", "instance", "/")


def test_rule_ids_do_not_depend_on_route_order():
    from awsarch_compiler.types.load_balancer.model import Listener, Route
    a, b = Route(target="api", paths=("/a/*",)), Route(target="api", paths=("/b/*",))
    first = Listener(port=443, routes=(a, b))
    swapped = Listener(port=443, routes=(b, a))
    assert rule_id("lb", first, a) == rule_id("lb", swapped, a) != rule_id("lb", first, b)
    assert target_group_id("public-lb", "web") == "PublicLbWebTargetGroup"


def test_internal_load_balancer_gives_its_users_url_host_and_port(two_tier):
    text, variables = props(two_tier, "WebLaunchTemplate")["LaunchTemplateData"]["UserData"]["Fn::Base64"]["Fn::Sub"]
    assert "INTERNAL_LB_PORT=5000" in text
    assert variables["EnvInternalLbHost"] == {"Fn::GetAtt": ["InternalLbLoadBalancer", "DNSName"]}


def test_alias_record_points_at_the_load_balancer(two_tier):
    record = props(two_tier, "WwwExampleComRecord")
    assert record["AliasTarget"]["DNSName"] == {"Ref": "PublicLbLoadBalancerDNSName"}
    assert record["AliasTarget"]["HostedZoneId"] == {"Ref": "PublicLbLoadBalancerCanonicalHostedZoneID"}


# -- CloudFront in front, network load balancers, access logs --------------------------
CLOUDFRONT = NETWORK + """components:
  site:
    type: static-site
    routes:
      /api/*: alb
  alb:
    type: load-balancer
    listeners:
      - port: 80
        routes: [{target: backend}]
  backend:
    type: instance-group
    port: 3000
"""


def test_cloudfront_fronted_load_balancer_admits_only_the_origin_facing_prefix_list(tmp_path):
    files = compile_text(CLOUDFRONT, tmp_path)
    rules = ingress_rules(files)
    assert not [p for p in rules.values() if "CidrIp" in p]
    (rule,) = [p for p in rules.values() if "SourcePrefixListId" in p]
    assert rule["SourcePrefixListId"] == {"Ref": "CloudFrontOriginFacingPrefixListId"}
    assert (rule["FromPort"], rule["ToPort"]) == (80, 80)
    assert "com.amazonaws.global.cloudfront.origin-facing" in \
        files["web.json"]["Parameters"]["CloudFrontOriginFacingPrefixListId"]["Description"]


def test_network_load_balancer_uses_tcp_and_a_security_group(tmp_path):
    text = NETWORK + """components:
  nlb:
    type: load-balancer
    kind: network
    listeners:
      - port: 443
        protocol: TLS
        certificate: arn:aws:acm:us-east-1:123456789012:certificate/abc
        routes: [{target: web}]
  web:
    type: instance-group
    port: 8443
"""
    files = compile_text(text, tmp_path)
    lb = props(files, "NlbLoadBalancer")
    assert lb["Type"] == "network" and lb["SecurityGroups"]
    group = props(files, "NlbWebTargetGroup")
    assert (group["Protocol"], group["HealthCheckProtocol"]) == ("TCP", "TCP")
    listener = props(files, "NlbListener443")
    assert listener["Protocol"] == "TLS" and listener["SslPolicy"].startswith("ELBSecurityPolicy-TLS13")


def test_access_logs_go_to_a_private_bucket_elb_may_write_to(tmp_path):
    files = compile_text(CLOUDFRONT.replace("    type: load-balancer\n", "    type: load-balancer\n    access_logs: true\n"),
                         tmp_path)
    bucket = props(files, "AlbAccessLogsBucket")
    assert bucket["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"] is True
    assert "BucketEncryption" in bucket
    statements = props(files, "AlbAccessLogsBucketPolicy")["PolicyDocument"]["Statement"]
    (delivery,) = [s for s in statements if s.get("Sid") == "ElbLogDelivery"]
    assert delivery["Principal"] == {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}
    assert delivery["Action"] == ["s3:PutObject"]
    attributes = {a["Key"]: a["Value"] for a in props(files, "AlbLoadBalancer")["LoadBalancerAttributes"]}
    assert attributes["access_logs.s3.enabled"] == "true"
    assert attributes["access_logs.s3.bucket"] == {"Ref": "AlbAccessLogsBucket"}


# -- model and checks ------------------------------------------------------------------
@pytest.mark.parametrize("type_name", ["load-balancer", "instance-group"])
def test_dataclass_fields_match_the_schema(type_name):
    schema = load_schema()
    props_ = set(schema["$defs"][type_name]["properties"]) | {"name", "uses", "subnets"}
    fields = {f.name for f in dataclasses.fields(registry()[type_name].spec)}
    assert fields == props_


def codes(text):
    data, source = loader.load_text(text, "arch.yaml")
    with pytest.raises(ArchError) as info:
        compile_source(data, source, Options(lint=False))
    return sorted({d.code for d in info.value.diagnostics})


def test_https_listener_without_certificate_is_rejected():
    assert codes(TWO_TIER.replace("        certificate: {domain: www.example.com}\n", "")) == ["E2102"]


def test_request_count_scaling_needs_a_routing_load_balancer():
    text = TWO_TIER.replace("  api:\n    type: instance-group\n    port: 5000\n",
                            "  api:\n    type: instance-group\n    port: 5000\n    scaling: {request_count_target: 10}\n")
    text = text.replace("routes: [{target: api}]", "routes: [{target: web}]")
    assert codes(text) == ["E2202"]


def test_capacity_out_of_order_is_rejected():
    assert codes(TWO_TIER.replace("{min: 2, desired: 3, max: 6}", "{min: 4, desired: 3, max: 2}")) == ["E328"]


def test_cloudfront_reaches_an_https_load_balancer_by_its_dns_record(tmp_path):
    text = CLOUDFRONT.replace("""      - port: 80
        routes: [{target: backend}]""", """      - port: 443
        protocol: HTTPS
        certificate: {domain: origin.example.com}
        routes: [{target: backend}]""") + "dns:\n  zone: example.com\n  records:\n    origin.example.com: alb\n"
    files = compile_text(text, tmp_path)
    (rule,) = [p for p in ingress_rules(files).values() if "SourcePrefixListId" in p]
    assert (rule["FromPort"], rule["ToPort"]) == (443, 443)
    kind = registry()["load-balancer"]
    from awsarch_compiler.pipeline import build_model, generate
    data, source = loader.load_text(text, "arch.yaml")
    ctx = generate(build_model(data, source))
    assert kind.cloudfront_origin(ctx.component("alb"), ctx) == ("origin.example.com", "", "https-only")


def test_static_site_cannot_route_to_an_internal_load_balancer():
    assert codes(CLOUDFRONT.replace("    type: load-balancer\n", "    type: load-balancer\n    scheme: internal\n")) == ["E2114"]
