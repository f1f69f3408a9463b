"""Load-balancer chains and ports: an internet-facing ALB in front of an internal ALB in front of a
two-port fleet (examples/layered-web.yaml), deployed once into the emulator; a network load balancer
in front of an application one; the function that keeps an ALB's IP target group on an inner ALB's
addresses, run against the emulator's EC2 and Elastic Load Balancing APIs.
"""
import json

import boto3
import pytest
from moto import mock_aws

from awsarch_compiler import pipeline
from awsarch_compiler.core import output
from awsarch_compiler.core.naming import security_group_id
from awsarch_compiler.types.load_balancer import chain

import emulator
from conftest import ROOT

LAYERED = ROOT / "examples" / "layered-web.yaml"
STATIC_IPS = ROOT / "examples" / "static-ips.yaml"

NLB_IN_FRONT = """
awsarch: 1
name: nlbchain
network:
  cidr: 10.0.0.0/16
  availability_zones: 2
  subnets:
    public: {type: public, size: 24}
    app: {type: private, size: 24}
components:
  front:
    type: load-balancer
    kind: network
    listeners:
      - port: 443
        protocol: TCP
        routes: [{target: inner, port: 443}]
  inner:
    type: load-balancer
    scheme: internal
    listeners:
      - port: 443
        protocol: HTTPS
        certificate: arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555
        routes: [{target: app}]
  app: {type: instance-group, port: 8080}
"""


def _resources(files: dict) -> dict:
    out = {}
    for name, text in files.items():
        if name != output.MANIFEST:
            out.update(json.loads(text).get("Resources", {}))
    return out


def _deploy(example):
    result = pipeline.compile_file(example, pipeline.Options(fmt="json", lint=False))
    files = result.files
    zone = result.arch.dns.zone if result.arch.dns else None
    with emulator.emulated(files, f"{result.arch.name}.json", zone) as deployment:
        ec2 = boto3.client("ec2", region_name=emulator.REGION)
        groups = {g["GroupId"]: g["IpPermissions"] for g in ec2.describe_security_groups()["SecurityGroups"]}
        elbv2 = boto3.client("elbv2", region_name=emulator.REGION)
        # moto's CloudFormation drops TargetGroupAttributes: apply them through the API, which checks them
        for logical, resource in _resources(files).items():
            if resource["Type"] == "AWS::ElasticLoadBalancingV2::TargetGroup" and \
                    resource["Properties"].get("TargetGroupAttributes"):
                elbv2.modify_target_group_attributes(TargetGroupArn=deployment.physical(logical),
                                                     Attributes=resource["Properties"]["TargetGroupAttributes"])
        target_groups = elbv2.describe_target_groups()["TargetGroups"]
        attributes = {g["TargetGroupName"]: {a["Key"]: a["Value"] for a in elbv2.describe_target_group_attributes(
            TargetGroupArn=g["TargetGroupArn"])["Attributes"]} for g in target_groups}
        balancers = elbv2.describe_load_balancers()["LoadBalancers"]
        addresses = ec2.describe_addresses()["Addresses"]
    return {"result": result, "deployment": deployment, "groups": groups, "target_groups": target_groups,
            "attributes": attributes, "balancers": balancers, "addresses": addresses,
            "resources": _resources(files)}


@pytest.fixture(scope="module")
def layered():
    return _deploy(LAYERED)


@pytest.fixture(scope="module")
def static_ips():
    return _deploy(STATIC_IPS)


def _ingress(layered, target: str) -> set:
    ids = layered["deployment"].of_type("AWS::EC2::SecurityGroup")
    names = {v: k for k, v in ids.items()}
    return {(names.get(pair["GroupId"], pair["GroupId"]), perm.get("FromPort"), perm.get("ToPort"))
            for perm in layered["groups"][ids[security_group_id(target)]]
            for pair in perm.get("UserIdGroupPairs", [])}


def test_the_inner_load_balancer_admits_exactly_the_outer_one_on_the_forwarded_ports(layered):
    assert _ingress(layered, "internal-lb") == {
        (security_group_id("edge-lb"), 3000, 3000), (security_group_id("edge-lb"), 5000, 5000)}


def test_the_fleet_admits_exactly_the_inner_load_balancer_on_each_port(layered):
    assert _ingress(layered, "app") == {
        (security_group_id("internal-lb"), 3000, 3000), (security_group_id("internal-lb"), 5000, 5000)}


def test_the_inner_load_balancer_has_no_internet_rule(layered):
    ids = layered["deployment"].of_type("AWS::EC2::SecurityGroup")
    permissions = layered["groups"][ids[security_group_id("internal-lb")]]
    assert not [p for p in permissions if p.get("IpRanges") or p.get("Ipv6Ranges")]


def test_one_target_group_per_forwarded_port(layered):
    ports = sorted((g.get("Port", 0), g["TargetType"]) for g in layered["target_groups"])
    assert ports == [(0, "lambda"), (3000, "instance"), (3000, "ip"), (5000, "instance"), (5000, "ip")]


def _group_attributes(deployed, logical: str) -> dict:
    arn = deployed["deployment"].physical(logical)
    name = next(g["TargetGroupName"] for g in deployed["target_groups"] if g["TargetGroupArn"] == arn)
    return deployed["attributes"][name]


def test_route_settings_become_target_group_attributes(layered):
    web = _group_attributes(layered, "InternalLbApp3000TargetGroup")
    assert (web["stickiness.enabled"], web["stickiness.type"], web["stickiness.lb_cookie.duration_seconds"],
            web["deregistration_delay.timeout_seconds"]) == ("true", "lb_cookie", "3600", "60")
    api = _group_attributes(layered, "InternalLbApp5000TargetGroup")
    assert (api["stickiness.type"], api["stickiness.app_cookie.cookie_name"], api["slow_start.duration_seconds"],
            api["load_balancing.algorithm.type"], api["deregistration_delay.timeout_seconds"]) == (
        "app_cookie", "connect.sid", "60", "least_outstanding_requests", "30")


def test_a_function_is_a_target_the_load_balancer_may_invoke(layered):
    resources = layered["resources"]
    group = resources["EdgeLbHooksTargetGroup"]
    assert group["Properties"]["TargetType"] == "lambda"
    assert group["Properties"]["Targets"] == [{"Id": {"Fn::GetAtt": ["HooksFunction", "Arn"]}}]
    assert group["DependsOn"] == "HooksLoadBalancerPermission"
    permission = resources["HooksLoadBalancerPermission"]["Properties"]
    assert permission["Principal"] == "elasticloadbalancing.amazonaws.com"
    assert permission["SourceAccount"] == {"Ref": "AWS::AccountId"}
    assert not [k for k in resources if k.startswith("HooksFrom")], "a function target needs no ingress rule"


def test_the_second_certificate_is_served_by_sni(layered):
    extra = layered["resources"]["EdgeLbListener443Certificates"]["Properties"]
    assert extra["ListenerArn"] == {"Ref": "EdgeLbListener443"}
    assert extra["Certificates"] == [{"CertificateArn": {"Ref": "EdgeLbListener443WwwExampleComCertificate"}}]
    default = layered["resources"]["EdgeLbListener443"]["Properties"]["Certificates"]
    assert default == [{"CertificateArn": {"Ref": "EdgeLbListener443Certificate"}}]
    assert layered["resources"]["EdgeLbListener443WwwExampleComCertificate"]["Properties"]["DomainName"] == \
        "www.example.com"


def test_the_network_load_balancer_has_one_elastic_ip_per_zone(static_ips):
    resources = static_ips["resources"]
    mappings = resources["FrontLoadBalancer"]["Properties"]["SubnetMappings"]
    assert mappings == [{"AllocationId": {"Fn::GetAtt": [f"FrontAz{n}Eip", "AllocationId"]},
                         "SubnetId": {"Ref": f"PublicSubnet{n}"}} for n in (1, 2)]
    assert "Subnets" not in resources["FrontLoadBalancer"]["Properties"]
    eips = {k: v for k, v in static_ips["deployment"].of_type("AWS::EC2::EIP").items() if k.startswith("Front")}
    assert sorted(eips) == ["FrontAz1Eip", "FrontAz2Eip"]
    assert len({a["PublicIp"] for a in static_ips["addresses"]} & set(eips.values())) == 2
    arn = static_ips["deployment"].physical("FrontLoadBalancer")
    front = next(b for b in static_ips["balancers"] if b["LoadBalancerArn"] == arn)
    assert (front["Type"], front["Scheme"], len(front["AvailabilityZones"])) == ("network", "internet-facing", 2)


def test_the_network_load_balancer_forwards_to_the_internal_alb_natively(static_ips):
    group = static_ips["resources"]["FrontWeb443TargetGroup"]["Properties"]
    assert (group["TargetType"], group["Protocol"], group["HealthCheckProtocol"]) == ("alb", "TCP", "HTTPS")
    assert _ingress(static_ips, "web") == {(security_group_id("front"), 443, 443)}
    assert _ingress(static_ips, "gateway") == {(security_group_id("front"), 9000, 9000)}
    assert _ingress(static_ips, "portal") == {(security_group_id("web"), 8080, 8080)}


def test_network_stickiness_is_by_source_ip(static_ips):
    gateway = _group_attributes(static_ips, "FrontGatewayTargetGroup")
    assert (gateway["stickiness.enabled"], gateway["stickiness.type"],
            gateway["deregistration_delay.timeout_seconds"]) == ("true", "source_ip", "120")


def test_the_fleet_registers_in_both_of_its_target_groups(layered):
    asg = layered["resources"]["AppAutoScalingGroup"]["Properties"]
    assert sorted(r["Ref"] for r in asg["TargetGroupARNs"]) == [
        "InternalLbApp3000TargetGroup", "InternalLbApp5000TargetGroup"]


def test_each_ip_target_group_has_its_scheduled_sync(layered):
    resources = layered["resources"]
    for port in (3000, 5000):
        function = resources[f"EdgeLbInternalLb{port}SyncFunction"]["Properties"]
        assert function["Environment"]["Variables"]["PORT"] == str(port)
        assert function["Environment"]["Variables"]["TARGET_GROUP_ARN"] == {
            "Ref": f"EdgeLbInternalLb{port}TargetGroup"}
        assert function["ReservedConcurrentExecutions"] == 1
        rule = resources[f"EdgeLbInternalLb{port}SyncSchedule"]["Properties"]
        assert rule["ScheduleExpression"] == chain.SCHEDULE
    policy = resources["EdgeLbInternalLb3000SyncRole"]["Properties"]["Policies"][0]["PolicyDocument"]
    register = next(s for s in policy["Statement"] if s["Sid"] == "Register")
    assert register["Resource"] == [{"Ref": "EdgeLbInternalLb3000TargetGroup"}]


def test_the_summary_names_the_sync():
    result = pipeline.compile_file(LAYERED, pipeline.Options(lint=False))
    assert any("through an IP target group" in n for n in result.notes)


def test_a_network_load_balancer_forwards_to_an_application_one_natively(tmp_path):
    path = tmp_path / "nlb.yaml"
    path.write_text(NLB_IN_FRONT, encoding="utf-8")
    result = pipeline.compile_file(path, pipeline.Options(fmt="json"))
    assert [f for f in result.findings if f.severity in ("error", "warning")] == []
    resources = _resources(result.files)
    group = resources["FrontInner443TargetGroup"]
    assert group["Properties"]["TargetType"] == "alb"
    assert group["Properties"]["Protocol"] == "TCP"
    assert group["Properties"]["HealthCheckProtocol"] == "HTTPS"
    assert group["Properties"]["Targets"] == [{"Id": {"Ref": "InnerLoadBalancer"}, "Port": 443}]
    assert group["DependsOn"] == "InnerListener443"
    assert not any(k.endswith("SyncFunction") for k in resources)


@mock_aws
def test_the_sync_function_registers_the_inner_addresses_and_drops_stale_ones():
    ec2 = boto3.client("ec2", region_name=emulator.REGION)
    elbv2 = boto3.client("elbv2", region_name=emulator.REGION)
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24")["Subnet"]["SubnetId"]
    name = "app/inner/0123456789abcdef"
    for ip in ("10.9.1.10", "10.9.1.11"):
        ec2.create_network_interface(SubnetId=subnet, PrivateIpAddress=ip, Description=f"ELB {name}")
    ec2.create_network_interface(SubnetId=subnet, PrivateIpAddress="10.9.1.99", Description="something else")
    group = elbv2.create_target_group(Name="outer-inner", Protocol="HTTP", Port=5000, VpcId=vpc,
                                      TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
    elbv2.register_targets(TargetGroupArn=group, Targets=[{"Id": "10.9.1.50", "Port": 5000}])
    env = {"TARGET_GROUP_ARN": group, "PORT": "5000", "LOAD_BALANCER_FULL_NAME": name}
    namespace: dict = {}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        exec(compile(chain.SYNC_CODE, "index.py", "exec"), namespace)  # the function's inline code as deployed
        answer = namespace["handler"]({}, None)
    health = elbv2.describe_target_health(TargetGroupArn=group)["TargetHealthDescriptions"]
    assert sorted((t["Target"]["Id"], t["Target"]["Port"]) for t in health) == [
        ("10.9.1.10", 5000), ("10.9.1.11", 5000)]
    assert answer == {"registered": 2, "deregistered": 1}


INGRESS = """
awsarch: 1
name: ingr
network:
  cidr: 10.0.0.0/16
  availability_zones: 2
  network_acls: strict
  subnets:
    public: {type: public, size: 24}
    app: {type: private, size: 24}
components:
  bastion:
    type: instance-group
    subnets: public
    capacity: {min: 1, max: 1}
    ingress:
      - {cidr: 203.0.113.0/24, ports: [22], description: office VPN}
  partner-api:
    type: instance-group
    port: 8443
    ingress:
      - {component: bastion, ports: [22, "9000-9010"]}
      - {cidr: 198.51.100.7/32, ports: [5000], protocol: udp}
"""


@pytest.fixture(scope="module")
def ingress_deployed(tmp_path_factory):
    path = tmp_path_factory.mktemp("ingress") / "ingr.yaml"
    path.write_text(INGRESS, encoding="utf-8")
    return _deploy(path)


def _cidr_permissions(deployed, component: str) -> set:
    ids = deployed["deployment"].of_type("AWS::EC2::SecurityGroup")
    return {(p["IpProtocol"], p.get("FromPort"), p.get("ToPort"), r["CidrIp"])
            for p in deployed["groups"][ids[security_group_id(component)]] for r in p.get("IpRanges", [])}


def test_declared_ingress_reaches_the_groups(ingress_deployed):
    assert _cidr_permissions(ingress_deployed, "bastion") == {("tcp", 22, 22, "203.0.113.0/24")}
    assert _cidr_permissions(ingress_deployed, "partner-api") == {("udp", 5000, 5000, "198.51.100.7/32")}
    assert _ingress(ingress_deployed, "partner-api") == {
        (security_group_id("bastion"), 22, 22), (security_group_id("bastion"), 9000, 9010)}


def test_declared_ingress_is_an_opt_out_in_the_summary(ingress_deployed):
    notes = ingress_deployed["result"].notes
    assert "components.bastion.ingress[0]: admits 203.0.113.0/24 on tcp 22 — traffic from outside the " \
           "architecture" in notes
    assert not any("partner-api.ingress[0]" in n for n in notes), "a component source stays inside"


def test_strict_network_acls_open_the_declared_cidr_and_its_replies(ingress_deployed):
    resources = ingress_deployed["resources"]
    inbound = resources["PublicNetworkAclIn203x0x113x0m24Port22"]["Properties"]
    assert (inbound["CidrBlock"], inbound["PortRange"], inbound["Egress"]) == (
        "203.0.113.0/24", {"From": 22, "To": 22}, False)
    reply = resources["AppNetworkAclOut198x51x100x7m32return"]["Properties"]
    assert (reply["CidrBlock"], reply["Protocol"], reply["Egress"]) == ("198.51.100.7/32", 17, True)
    assert "AppNetworkAclIn203x0x113x0m24Port22" not in resources, "only the tier of the component"


def test_an_internet_facing_load_balancer_with_ingress_admits_only_its_sources(static_ips):
    ids = static_ips["deployment"].of_type("AWS::EC2::SecurityGroup")
    permissions = static_ips["groups"][ids[security_group_id("front")]]
    cidrs = {(p.get("FromPort"), r["CidrIp"]) for p in permissions for r in p.get("IpRanges", [])}
    assert cidrs == {(443, "198.51.100.0/24"), (8443, "198.51.100.0/24")}
    rule = static_ips["resources"]["FrontFromPl0a1b2c3d4e5f60718Port8443Ingress"]["Properties"]
    assert rule["SourcePrefixListId"] == "pl-0a1b2c3d4e5f60718"


CACHED = ROOT / "examples" / "cached-site.yaml"


def test_cache_keys_become_generated_policies_per_behaviour():
    result = pipeline.compile_file(CACHED, pipeline.Options(fmt="json", lint=False))
    resources = _resources(result.files)
    config = resources["SiteDistribution"]["Properties"]["DistributionConfig"]
    assert config["DefaultCacheBehavior"]["CachePolicyId"] == {"Ref": "SiteDefaultCachePolicy"}
    assert "OriginRequestPolicyId" not in config["DefaultCacheBehavior"]
    api = next(b for b in config["CacheBehaviors"] if b["PathPattern"] == "/api/*")
    assert api["CachePolicyId"] == {"Ref": "SiteApiAnyCachePolicy"}
    assert api["OriginRequestPolicyId"] == {"Ref": "SiteApiAnyOriginRequestPolicy"}
    key = resources["SiteApiAnyCachePolicy"]["Properties"]["CachePolicyConfig"]
    assert (key["DefaultTTL"], key["MaxTTL"]) == (60, 300)
    params = key["ParametersInCacheKeyAndForwardedToOrigin"]
    assert params["QueryStringsConfig"] == {"QueryStringBehavior": "whitelist", "QueryStrings": ["page", "sort"]}
    assert params["HeadersConfig"] == {"HeaderBehavior": "whitelist", "Headers": ["X-Currency"]}
    assert params["CookiesConfig"] == {"CookieBehavior": "none"}
    forward = resources["SiteApiAnyOriginRequestPolicy"]["Properties"]["OriginRequestPolicyConfig"]
    assert forward["CookiesConfig"] == {"CookieBehavior": "whitelist", "Cookies": ["session"]}
    default = resources["SiteDefaultCachePolicy"]["Properties"]["CachePolicyConfig"]
    assert default["ParametersInCacheKeyAndForwardedToOrigin"]["QueryStringsConfig"] == {
        "QueryStringBehavior": "whitelist", "QueryStrings": ["v"]}


def test_a_site_without_cache_keeps_the_managed_policies():
    result = pipeline.compile_file(ROOT / "examples" / "jamstack.yaml", pipeline.Options(fmt="json", lint=False))
    resources = _resources(result.files)
    assert not [k for k, r in resources.items() if r["Type"] == "AWS::CloudFront::CachePolicy"]
