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


@pytest.fixture(scope="module")
def layered():
    result = pipeline.compile_file(LAYERED, pipeline.Options(fmt="json", lint=False))
    files = result.files
    with emulator.emulated(files, f"{result.arch.name}.json") as deployment:
        ec2 = boto3.client("ec2", region_name=emulator.REGION)
        groups = {g["GroupId"]: g["IpPermissions"] for g in ec2.describe_security_groups()["SecurityGroups"]}
        elbv2 = boto3.client("elbv2", region_name=emulator.REGION)
        target_groups = elbv2.describe_target_groups()["TargetGroups"]
    return {"result": result, "deployment": deployment, "groups": groups, "target_groups": target_groups,
            "resources": _resources(files)}


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
    ports = sorted((g["Port"], g["TargetType"]) for g in layered["target_groups"])
    assert ports == [(3000, "instance"), (3000, "ip"), (5000, "instance"), (5000, "ip")]


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
