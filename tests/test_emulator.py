"""Deploy every example's nested stacks into moto and check what moto models.

Each example is compiled (JSON), its child templates uploaded to a mocked S3 bucket and its
root stack created. Then: every stack reached CREATE_COMPLETE; the types moto cannot model
are listed (and must be exactly the unsupported types the templates contain); every ``uses``
edge with a port became an ingress rule from exactly the source's security group; subnets
sit in their tier and AZ with the planned CIDRs; the VPC flow log exists when it is on;
buckets block public access and are encrypted; IAM roles carry their inline policies with
concrete resources.
"""
import ast
import json

import boto3
import pytest
from troposphere import encode_to_dict

from awsarch_compiler import pipeline
from awsarch_compiler.core import output
from awsarch_compiler.core.naming import security_group_id, subnet_id

import emulator
from conftest import SINGLE_REGION, example_ids

AZ_LETTERS = "abcd"  # moto's Fn::GetAZs answers <region>a..d


def template_types(templates: dict) -> set:
    return {r["Type"] for t in templates.values() for r in t.get("Resources", {}).values()}


def snapshot_of(deployment) -> dict:
    """Everything the assertions read, collected while the mock is still active."""
    ec2 = boto3.client("ec2", region_name=emulator.REGION)
    s3 = boto3.client("s3", region_name=emulator.REGION)
    iam = boto3.client("iam", region_name=emulator.REGION)
    snap = {"groups": {}, "subnets": [], "flow_logs": [], "buckets": {}, "roles": {}}
    for group in ec2.describe_security_groups()["SecurityGroups"]:
        snap["groups"][group["GroupId"]] = group["IpPermissions"]
    snap["subnets"] = ec2.describe_subnets()["Subnets"]
    snap["flow_logs"] = ec2.describe_flow_logs()["FlowLogs"]
    snap["vpcs"] = deployment.of_type("AWS::EC2::VPC")
    for logical, name in deployment.of_type("AWS::S3::Bucket").items():
        info = {}
        try:
            info["public_access"] = s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
        except s3.exceptions.ClientError:
            info["public_access"] = None
        try:
            info["encryption"] = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"]
        except s3.exceptions.ClientError:
            info["encryption"] = None
        snap["buckets"][logical] = info
    for logical, name in deployment.of_type("AWS::IAM::Role").items():
        policies = {}
        for policy in iam.list_role_policies(RoleName=name)["PolicyNames"]:
            doc = iam.get_role_policy(RoleName=name, PolicyName=policy)["PolicyDocument"]
            policies[policy] = _document(doc)
        snap["roles"][logical] = policies
    return snap


def _document(doc):
    """A policy document as moto returns it: a dict, JSON text, or (from CloudFormation) a dict's repr."""
    if not isinstance(doc, str):
        return doc
    try:
        return json.loads(doc)
    except ValueError:
        return ast.literal_eval(doc)


@pytest.fixture(scope="module", params=SINGLE_REGION, ids=example_ids(SINGLE_REGION))
def deployed(request):
    result = pipeline.compile_file(request.param, pipeline.Options(fmt="json", lint=False))
    ctx = pipeline.generate(result.arch)
    root_file = f"{result.arch.name}.json"
    templates = {name: json.loads(text) for name, text in result.files.items() if name != output.MANIFEST}
    zone = result.arch.dns.zone if result.arch.dns else None
    with emulator.emulated(result.files, root_file, zone) as deployment:
        snap = snapshot_of(deployment)
    return {"arch": result.arch, "ctx": ctx, "templates": templates, "root": root_file,
            "deployment": deployment, "snap": snap}


def test_every_stack_is_create_complete(deployed):
    deployment = deployed["deployment"]
    root = deployed["templates"][deployed["root"]]
    assert deployment.stacks[deployment.root] == "CREATE_COMPLETE"
    nested = [lid for lid, r in root["Resources"].items() if r["Type"] == emulator.STACK_TYPE]
    assert nested, "the root template creates no nested stacks"
    for logical in nested:
        name = deployment.resources[(deployment.root, logical)][1]
        assert deployment.stacks.get(name) == "CREATE_COMPLETE", f"{logical} ({name}): {deployment.stacks.get(name)}"
    assert all(status == "CREATE_COMPLETE" for status in deployment.stacks.values()), deployment.stacks


def test_unmodelled_types_are_listed(deployed):
    deployment = deployed["deployment"]
    expected = sorted(t for t in template_types(deployed["templates"]) if not emulator.supported(t))
    print(f"\n{deployed['arch'].name}: moto does not model {', '.join(expected) or 'nothing'}; "
          f"{len(deployment.stand_ins)} resources deployed as stand-ins; partly modelled: "
          f"{sorted(deployment.partial) or 'none'}; attributes made up: {sorted(deployment.missing_attributes) or 'none'}")
    assert deployment.skipped_types == expected
    every = {(lid, r["Type"]) for t in deployed["templates"].values() for lid, r in t["Resources"].items()
             if not emulator.supported(r["Type"]) and "Condition" not in r}
    assert every <= set(deployment.stand_ins)


def test_every_template_resource_was_deployed(deployed):
    deployment = deployed["deployment"]
    deployed_ids = {lid for (_, lid) in deployment.resources}
    partial = {lid for lid, _ in deployment.partial}
    for name, template in deployed["templates"].items():
        for logical, resource in template["Resources"].items():
            if emulator.supported(resource["Type"]) and "Condition" not in resource and logical not in partial:
                assert logical in deployed_ids, f"{name}: {logical} ({resource['Type']}) was not created"


def ingress_pairs(permissions) -> set:
    """(source group ID, from port, to port) of every group-to-group ingress permission."""
    return {(pair["GroupId"], perm.get("FromPort"), perm.get("ToPort"))
            for perm in permissions for pair in perm.get("UserIdGroupPairs", [])}


def test_uses_edges_open_exactly_the_source_group_on_the_port(deployed):
    deployment, snap = deployed["deployment"], deployed["snap"]
    edges = [g for g in deployed["ctx"].grants if g.port is not None]
    if not edges:
        pytest.skip("no uses edge with a port in this example")
    groups = deployment.of_type("AWS::EC2::SecurityGroup")
    for grant in edges:
        target = groups[security_group_id(grant.security_group_target or grant.target)]
        source = groups[security_group_id(grant.source)]
        pairs = ingress_pairs(snap["groups"][target])
        assert (source, grant.port, grant.port) in pairs, \
            f"{grant.source} -> {grant.target} ({grant.mode}): no rule on port {grant.port} from {source}: {pairs}"


def test_security_groups_allow_only_declared_group_sources(deployed):
    """No group-to-group rule exists that the templates' ingress resources do not declare."""
    deployment, snap = deployed["deployment"], deployed["snap"]
    groups = deployment.of_type("AWS::EC2::SecurityGroup")
    by_logical = {v: k for k, v in groups.items()}
    declared: dict = {}
    for template in deployed["templates"].values():
        for resource in template["Resources"].values():
            if resource["Type"] != "AWS::EC2::SecurityGroupIngress":
                continue
            props = resource["Properties"]
            if "SourceSecurityGroupId" not in props:
                continue
            target = _logical_of(props["GroupId"])
            source = _logical_of(props["SourceSecurityGroupId"])
            declared.setdefault(target, set()).add((source, props.get("FromPort"), props.get("ToPort")))
    for group_id, permissions in snap["groups"].items():
        if group_id not in by_logical:
            continue
        logical = by_logical[group_id]
        actual = {(by_logical.get(src, src), lo, hi) for src, lo, hi in ingress_pairs(permissions)}
        assert actual <= declared.get(logical, set()) | _inline_sources(deployed, logical), \
            f"{logical}: undeclared sources {actual - declared.get(logical, set())}"


def _logical_of(value):
    """The logical ID a GetAtt/Ref or a wired parameter (``XSecurityGroupGroupId``) names."""
    if isinstance(value, dict):
        if "Fn::GetAtt" in value:
            return value["Fn::GetAtt"][0]
        if "Ref" in value:
            name = value["Ref"]
            return name[: -len("GroupId")] if name.endswith("GroupId") else name
    return value


def _inline_sources(deployed, logical) -> set:
    out = set()
    for template in deployed["templates"].values():
        resource = template["Resources"].get(logical)
        if resource and resource["Type"] == "AWS::EC2::SecurityGroup":
            for rule in resource["Properties"].get("SecurityGroupIngress", []):
                if "SourceSecurityGroupId" in rule:
                    out.add((_logical_of(rule["SourceSecurityGroupId"]), rule.get("FromPort"), rule.get("ToPort")))
    return out


def test_subnets_sit_in_their_tier_az_and_planned_cidr(deployed):
    arch, deployment, snap = deployed["arch"], deployed["deployment"], deployed["snap"]
    if arch.network is None:
        pytest.skip("no network in this example")
    if arch.network.availability_zones > len(AZ_LETTERS):
        pytest.skip(f"moto's Fn::GetAZs offers {len(AZ_LETTERS)} AZs")
    by_id = {s["SubnetId"]: s for s in snap["subnets"]}
    subnets = deployment.of_type("AWS::EC2::Subnet")
    assert len(subnets) == len(arch.network.tiers) * arch.network.availability_zones
    for tier in arch.network.tiers:
        for az in range(arch.network.availability_zones):
            subnet = by_id[subnets[subnet_id(tier.name, az)]]
            tags = {t["Key"]: t["Value"] for t in subnet.get("Tags", [])}
            assert tags.get("awsarch:tier") == tier.name
            assert tags.get("awsarch:tier-type") == tier.type
            assert subnet["CidrBlock"] == tier.cidrs[az]
            assert subnet["AvailabilityZone"] == emulator.REGION + AZ_LETTERS[az]
            assert subnet["VpcId"] == deployment.physical("Vpc")
            assert subnet.get("MapPublicIpOnLaunch") is False


def test_flow_log_exists_when_on(deployed):
    arch, snap = deployed["arch"], deployed["snap"]
    if arch.network is None:
        pytest.skip("no network in this example")
    vpc = deployed["deployment"].physical("Vpc")
    logs = [f for f in snap["flow_logs"] if f["ResourceId"] == vpc]
    if arch.network.flow_logs:
        assert len(logs) == 1
        assert logs[0]["TrafficType"] == "ALL"
        assert logs[0]["LogDestinationType"] == "cloud-watch-logs"
    else:
        assert logs == []


def test_buckets_block_public_access_and_are_encrypted(deployed):
    buckets = deployed["snap"]["buckets"]
    if not buckets:
        pytest.skip("no bucket in this example")
    blocked = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
               "RestrictPublicBuckets": True}
    declared = {lid: r["Properties"] for t in deployed["templates"].values() for lid, r in t["Resources"].items()
                if r["Type"] == "AWS::S3::Bucket"}
    for logical, info in buckets.items():
        # moto 5.2.5 does not apply a bucket's PublicAccessBlockConfiguration from CloudFormation:
        # check what was deployed when it does, else what the template asks for.
        public_access = info["public_access"] or declared[logical].get("PublicAccessBlockConfiguration")
        assert public_access == blocked, logical
        assert info["encryption"], f"{logical} has no default encryption"
        algorithm = info["encryption"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"]
        assert algorithm in ("AES256", "aws:kms", "aws:kms:dsse"), logical


def _statements(document) -> list:
    found = document.get("Statement", [])
    return found if isinstance(found, list) else [found]


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def test_roles_carry_their_inline_policies_on_concrete_resources(deployed):
    roles = deployed["snap"]["roles"]
    if not roles:
        pytest.skip("no IAM role in this example")
    for template in deployed["templates"].values():
        attached = {}  # role -> the AWS::IAM::Policy resources that add an inline policy to it
        for resource in template["Resources"].values():
            if resource["Type"] == "AWS::IAM::Policy":
                for role in resource["Properties"]["Roles"]:
                    attached.setdefault(role["Ref"], {})[resource["Properties"]["PolicyName"]] = \
                        resource["Properties"]["PolicyDocument"]
        for logical, resource in template["Resources"].items():
            if resource["Type"] != "AWS::IAM::Role" or logical not in roles:
                continue
            expected = {p["PolicyName"]: p["PolicyDocument"] for p in resource["Properties"].get("Policies", [])}
            expected.update(attached.get(logical, {}))
            assert sorted(roles[logical]) == sorted(expected), logical
            for name, document in expected.items():
                live = _statements(roles[logical][name])
                assert len(live) == len(_statements(document)), f"{logical}/{name}"
                for declared, actual in zip(_statements(document), live):
                    assert sorted(_as_list(actual["Action"])) == sorted(_as_list(declared["Action"]))
                    if "Resource" not in declared:
                        continue
                    resources = _as_list(actual["Resource"])
                    assert len(resources) == len(_as_list(declared["Resource"]))
                    for value in resources:
                        assert isinstance(value, str) and "${" not in value, f"{logical}/{name}: {value}"
                        if _as_list(declared["Resource"]) != ["*"]:
                            assert value != "*", f"{logical}/{name}: a concrete resource became '*'"
                            # a stand-in's made-up ID replaces the ARN of a type moto does not model
                            assert value.startswith("arn:") or value.startswith("emulated-"), \
                                f"{logical}/{name}: {value} is not an ARN"


def test_uses_grants_reach_the_source_roles(deployed):
    """Each ``uses`` edge's IAM actions are in an inline policy of a role the source component owns."""
    ctx, roles = deployed["ctx"], deployed["snap"]["roles"]
    owned_roles: dict = {}
    for logical, entry in ctx.entries.items():
        if entry.resource.resource_type == "AWS::IAM::Role" and logical in roles:
            owned_roles.setdefault(entry.component, []).append(logical)
    checked = 0
    for grant in ctx.grants:
        if not grant.statements or grant.source not in owned_roles:
            continue
        live = {action for role in owned_roles[grant.source] for document in roles[role].values()
                for statement in _statements(document) for action in _as_list(statement["Action"])}
        for statement in grant.statements:
            wanted = set(_as_list(encode_to_dict(statement)["Action"]))
            assert wanted <= live, f"{grant.source} -> {grant.target} ({grant.mode}): missing {sorted(wanted - live)}"
        checked += 1
    if not checked:
        pytest.skip("no uses edge with IAM statements from a component that owns a role")
