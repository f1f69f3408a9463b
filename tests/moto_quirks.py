"""Where moto 5.2.5 reads a valid CloudFormation template differently from CloudFormation.

Each fix takes a resource's template JSON and returns what moto needs to create the same
resource, or None when moto cannot model this use of the type at all (the emulator then
deploys a recorded stand-in). Test-only: none of this changes what the compiler emits.
"""
from __future__ import annotations

from itertools import count

_names = count(1)


def _kms_key_tags(resource_json: dict) -> dict:
    """moto's KMS key reads CloudFormation Tags as TagKey/TagValue (the KMS API's spelling)."""
    props = resource_json.get("Properties", {})
    if "Tags" in props:
        props = {**props, "Tags": [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in props["Tags"]]}
    return {**resource_json, "Properties": props}


def _prefix_list_ingress(resource_json: dict) -> dict | None:
    """moto's SecurityGroupIngress knows CIDR and group sources, not managed prefix lists."""
    props = resource_json.get("Properties", {})
    if "SourcePrefixListId" in props and not ({"CidrIp", "CidrIpv6", "SourceSecurityGroupId"} & set(props)):
        return None
    return resource_json


def _integration_method(resource_json: dict) -> dict:
    """moto's API Gateway method requires IntegrationHttpMethod and Uri even for MOCK integrations."""
    props = resource_json.get("Properties", {})
    integration = props.get("Integration")
    if isinstance(integration, dict) and not {"IntegrationHttpMethod", "Uri"} <= set(integration):
        integration = {"IntegrationHttpMethod": props.get("HttpMethod", "POST"), "Uri": "", **integration}
        props = {**props, "Integration": integration}
    return {**resource_json, "Properties": props}


def _cluster_member(resource_json: dict) -> dict | None:
    """moto's DB instance cannot join an Aurora cluster (it lacks the engines' defaults), nor be a
    cross-region read replica (it looks the replica's subnet group up in the source's region)."""
    props = resource_json.get("Properties", {})
    source = props.get("SourceDBInstanceIdentifier")
    cross_region = isinstance(source, str) and source.startswith("arn:") or isinstance(source, dict) and "Fn::Sub" in source
    if "DBClusterIdentifier" in props or cross_region:  # a same-region replica names its source by Ref
        return None
    return _named("DBInstanceIdentifier")(resource_json)


def _named(prop: str):
    """moto derives a name from the (nested, mixed-case) stack name that RDS then rejects."""
    def fix(resource_json: dict) -> dict:
        props = resource_json.get("Properties", {})
        if prop not in props:
            props = {**props, prop: f"emulated-{next(_names)}"}
        return {**resource_json, "Properties": props}
    return fix


def _alias_mapping(resource_json: dict) -> dict | None:
    """moto does not model AWS::Lambda::Alias, so it can neither map an event source to one nor grant
    a permission on one (a function a pipeline deploys by canary is called through its alias)."""
    name = resource_json.get("Properties", {}).get("FunctionName")
    if isinstance(name, dict) and str(name.get("Ref", "")).endswith("Alias"):
        return None
    return resource_json


# resource type -> fix (None from a fix: deploy a stand-in)
MOTO_QUIRKS = {
    "AWS::KMS::Key": _kms_key_tags,
    "AWS::EC2::SecurityGroupIngress": _prefix_list_ingress,
    "AWS::ApiGateway::Method": _integration_method,
    "AWS::RDS::DBInstance": _cluster_member,
    "AWS::RDS::DBCluster": _named("DBClusterIdentifier"),
    "AWS::Lambda::EventSourceMapping": _alias_mapping,
    "AWS::Lambda::Permission": _alias_mapping,
}
