"""Deploy compiled nested stacks into moto's in-process AWS emulator.

Only for tests: moto models many but not all resource types. Types it does not model are
created as recorded stand-ins (their Ref is a made-up ID, their Fn::GetAtt a made-up
value), so the rest of the stack still deploys and the skipped types are reported, never
silently dropped. moto's nested stacks lack ``Fn::GetAtt Child.Outputs.X``; ``patched_moto``
gives ``Stack`` a ``get_cfn_attribute`` that returns it. Where moto reads a valid template
differently from CloudFormation, ``moto_quirks`` adapts the resource or records a stand-in.
"""
from __future__ import annotations

import json
from contextlib import contextmanager
from dataclasses import dataclass, field

import boto3
from moto import mock_aws
from moto.cloudformation import models as cfn_models
from moto.cloudformation import parsing as cfn_parsing
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.elbv2 import models as elbv2_models
from moto.elbv2.models import ELBv2Backend
from moto.rds.models import DBClusterParameterGroup, DBParameterGroup

from moto_quirks import MOTO_QUIRKS

REGION = "us-east-1"
ACCOUNT = "123456789012"
TEMPLATE_BUCKET = "awsarch-emulator-templates"
STACK_TYPE = "AWS::CloudFormation::Stack"
SSM_PREFIX = "AWS::SSM::Parameter::Value<"
EMULATED = ":emulated/"  # marks the ARNs of stand-ins


def supported(resource_type: str) -> bool:
    return cfn_parsing.resource_class_from_type(resource_type) is not None


# Stand-in types whose Ref is an ARN (what refers to them may check the ARN's form).
REF_IS_ARN = {"AWS::Lambda::Alias": "arn:aws:lambda:{region}:{account}:function:emulated-{name}:live"}


class StandIn:
    """What the emulator creates for a resource type moto does not model."""

    def __init__(self, logical_id: str, resource_type: str):
        self.logical_resource_id = logical_id
        self.cf_resource_type = resource_type
        self.physical_resource_id = REF_IS_ARN.get(resource_type, "emulated-{name}").format(
            region=REGION, account=ACCOUNT, name=logical_id.lower())

    def get_cfn_attribute(self, attribute: str) -> str:
        service = self.cf_resource_type.split("::")[1].lower()
        if attribute.endswith("Arn") or attribute == "Arn":
            return f"arn:aws:{service}:{REGION}:{ACCOUNT}{EMULATED}{self.logical_resource_id}"
        return f"emulated-{self.logical_resource_id.lower()}-{attribute.lower().replace('.', '-')}"

    def is_created(self) -> bool:
        return True


@dataclass
class Deployment:
    root: str
    stacks: dict = field(default_factory=dict)  # stack name -> status
    resources: dict = field(default_factory=dict)  # (stack name, logical ID) -> (type, physical ID)
    stand_ins: list = field(default_factory=list)  # (logical ID, type) moto does not model
    partial: list = field(default_factory=list)  # (logical ID, type) whose particular use moto cannot model
    missing_attributes: list = field(default_factory=list)  # (logical ID, attribute) moto lacks

    @property
    def skipped_types(self) -> list[str]:
        return sorted({t for _, t in self.stand_ins})

    def physical(self, logical: str) -> str:
        found = [p for (stack, lid), (_, p) in self.resources.items() if lid == logical]
        assert len(found) == 1, f"{logical}: {found}"
        return found[0]

    def of_type(self, resource_type: str) -> dict:
        """logical ID -> physical ID of every deployed resource of ``resource_type``."""
        return {lid: p for (stack, lid), (t, p) in self.resources.items() if t == resource_type}


def _tolerate_missing_attributes(resource, logical_id: str, missing: list) -> None:
    """An attribute moto does not model (``MasterUserSecret.SecretArn``) gets a made-up value, recorded."""
    original = getattr(resource, "get_cfn_attribute", None)
    if original is None:
        original = _no_attributes

    def get_cfn_attribute(attribute):
        try:
            return original(attribute)
        except (NotImplementedError, UnformattedGetAttTemplateException, KeyError, AttributeError):
            missing.append((logical_id, attribute))
            return StandIn(logical_id, resource.cf_resource_type
                           if hasattr(resource, "cf_resource_type") else "AWS::Emulated::Resource"
                           ).get_cfn_attribute(attribute)

    try:
        resource.get_cfn_attribute = get_cfn_attribute
    except AttributeError:  # a class with __slots__: leave it as moto made it
        pass


def _no_attributes(attribute):
    raise NotImplementedError(attribute)


def _validate_outputs_of_modelled_types(self) -> None:
    """moto checks Output GetAtts against its own models and fails on types it does not know."""
    return None


@contextmanager
def patched_moto(stand_ins: list, partial: list | None = None, missing_attributes: list | None = None,
                 certificates: set = frozenset()):
    """Nested stack outputs through Fn::GetAtt, and recorded stand-ins for what moto does not model.

    ``stand_ins`` receives (logical ID, type) of unmodelled types; ``partial`` those of modelled
    types whose particular use moto cannot model (see MOTO_QUIRKS); ``missing_attributes``
    (logical ID, attribute) of Fn::GetAtt attributes moto lacks; ``certificates`` are ACM ARNs
    the architecture names, which exist in the account before the deployment.
    """
    partial = [] if partial is None else partial
    missing_attributes = [] if missing_attributes is None else missing_attributes
    original_create = cfn_parsing.parse_and_create_resource
    original_validate = cfn_parsing.ResourceMap.validate_outputs
    original_certificate_exists = ELBv2Backend._certificate_exists
    had_attribute = "get_cfn_attribute" in vars(cfn_models.Stack)

    def certificate_exists(self, certificate_arn):
        return (certificate_arn in certificates or "emulated" in certificate_arn
                or original_certificate_exists(self, certificate_arn))

    def create(logical_id, resource_json, resources_map, account_id, region_name):
        resource_type = resource_json["Type"]
        if not supported(resource_type):
            condition = resource_json.get("Condition")
            if condition and not resources_map.lazy_condition_map[condition]:
                return None
            stand_ins.append((logical_id, resource_type))
            return StandIn(logical_id, resource_type)
        fix = MOTO_QUIRKS.get(resource_type)
        if fix is not None:
            resource_json = fix(resource_json)
            if resource_json is None:
                partial.append((logical_id, resource_type))
                return StandIn(logical_id, resource_type)
        try:
            resource = original_create(logical_id, resource_json, resources_map, account_id, region_name)
        except KeyError as exc:  # moto's ResourceMap.get would swallow it as "undefined resource"
            raise RuntimeError(f"moto could not create {logical_id} ({resource_type}): missing {exc}") from exc
        if resource is not None:
            _tolerate_missing_attributes(resource, logical_id, missing_attributes)
        return resource

    def get_cfn_attribute(self, attribute):
        if attribute.startswith("Outputs."):
            key = attribute.split(".", 1)[1]
            for output in self.output_map.values():
                if output and output.key == key:
                    return output.value
            raise KeyError(f"stack {self.name} has no output {key}")
        raise NotImplementedError(attribute)

    named_groups = [c for c in (DBParameterGroup, DBClusterParameterGroup) if "physical_resource_id" not in vars(c)]
    for group_class in named_groups:  # moto's Ref to a parameter group yields the object, not its name
        group_class.physical_resource_id = property(lambda self: self.name)
    cfn_parsing.parse_and_create_resource = create
    cfn_parsing.ResourceMap.validate_outputs = _validate_outputs_of_modelled_types
    ELBv2Backend._certificate_exists = certificate_exists
    original_register = elbv2_models.register_certificate

    def register_certificate(account_id, region, arn_certificate, arn_user):
        if arn_certificate in certificates or "emulated" in arn_certificate:
            return None
        return original_register(account_id, region, arn_certificate, arn_user)

    elbv2_models.register_certificate = register_certificate
    cfn_models.Stack.get_cfn_attribute = get_cfn_attribute
    original_load_balancer = vars(elbv2_models.FakeLoadBalancer)["create_from_cloudformation_json"]
    elbv2_models.FakeLoadBalancer.create_from_cloudformation_json = classmethod(_load_balancer_from_template)
    try:
        yield
    finally:
        elbv2_models.FakeLoadBalancer.create_from_cloudformation_json = original_load_balancer
        cfn_parsing.parse_and_create_resource = original_create
        cfn_parsing.ResourceMap.validate_outputs = original_validate
        ELBv2Backend._certificate_exists = original_certificate_exists
        elbv2_models.register_certificate = original_register
        if not had_attribute:
            del cfn_models.Stack.get_cfn_attribute
        for group_class in named_groups:
            del group_class.physical_resource_id


def _load_balancer_from_template(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    """moto's CloudFormation load balancer reads neither Type (a network load balancer became an
    application one) nor SubnetMappings (Elastic IPs per zone); its API reads both."""
    props = cloudformation_json["Properties"]
    backend = elbv2_models.elbv2_backends[account_id][region_name]
    return backend.create_load_balancer(
        resource_name, props.get("SecurityGroups"), props.get("Subnets") or [],
        subnet_mappings=props.get("SubnetMappings"), scheme=props.get("Scheme", "internet-facing"),
        loadbalancer_type=props.get("Type", "application"))


def _hosted_zone_id(zone: str | None) -> str:
    route53 = boto3.client("route53", region_name=REGION)
    name = zone or "example.com"
    found = [z for z in route53.list_hosted_zones()["HostedZones"] if z["Name"].rstrip(".") == name]
    hosted = found[0] if found else route53.create_hosted_zone(Name=name, CallerReference=name)["HostedZone"]
    return hosted["Id"].rsplit("/", 1)[-1]


def _parameter_values(root: dict, ssm, ec2, zone: str | None) -> list[dict]:
    """Values for the root template's Parameters that moto can resolve.

    Public SSM parameters moto knows (Amazon Linux AMIs) stay as they are; others become plain
    values; an existing hosted zone parameter gets a zone created in the mocked account.
    """
    values = []
    for key, spec in sorted(root.get("Parameters", {}).items()):
        kind = spec.get("Type", "String")
        default = spec.get("Default")
        value = None
        if kind.startswith(SSM_PREFIX):
            try:
                ssm.get_parameter(Name=default)
            except ssm.exceptions.ParameterNotFound:
                spec["Type"] = "String"
                image = "ami" in str(default).lower() or "image" in key.lower()
                value = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"] if image else "emulated-value"
        elif default is None:
            if kind == "AWS::Route53::HostedZone::Id":
                value = _hosted_zone_id(zone)
            else:
                value = {"Number": "1", "CommaDelimitedList": "a,b"}.get(kind, "emulated-value")
        if value is not None:
            values.append({"ParameterKey": key, "ParameterValue": value})
    return values


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _hosted_zones(templates: dict) -> set:
    """Zones the records name by HostedZoneName: they exist in the account before the deployment."""
    zones = set()
    for template in templates.values():
        for resource in template.get("Resources", {}).values():
            name = resource.get("Properties", {}).get("HostedZoneName")
            if isinstance(name, str):
                zones.add(name)
    return zones


@contextmanager
def emulated(files: dict, root_file: str, zone: str | None = None):
    """Inside ``mock_aws``: upload the children, create the root stack, yield the Deployment."""
    templates = {name: json.loads(text) for name, text in files.items()
                 if name.endswith(".json") and name != "manifest.json"}
    certificates = {v for v in _strings(templates) if v.startswith("arn:aws:acm:")}
    name = root_file.rsplit(".", 1)[0]
    deployment = Deployment(root=name)
    with mock_aws(), patched_moto(deployment.stand_ins, deployment.partial, deployment.missing_attributes,
                                  certificates):
        route53 = boto3.client("route53", region_name=REGION)
        for zone in sorted(_hosted_zones(templates)):
            route53.create_hosted_zone(Name=zone, CallerReference=zone)
        _deploy(files, root_file, templates[root_file], deployment, zone)
        yield deployment


def _deploy(files: dict, root_file: str, root: dict, deployment: Deployment, zone: str | None) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    cfn = boto3.client("cloudformation", region_name=REGION)
    ssm = boto3.client("ssm", region_name=REGION)
    ec2 = boto3.client("ec2", region_name=REGION)
    s3.create_bucket(Bucket=TEMPLATE_BUCKET)
    for name, text in files.items():
        if name != root_file and name.endswith((".json", ".yaml")):
            s3.put_object(Bucket=TEMPLATE_BUCKET, Key=name, Body=text.encode("utf-8"))
    for resource in root["Resources"].values():
        if resource["Type"] == STACK_TYPE:
            key = resource["Properties"]["TemplateURL"].rsplit("/", 1)[-1]
            resource["Properties"]["TemplateURL"] = f"https://s3.amazonaws.com/{TEMPLATE_BUCKET}/{key}"
    parameters = _parameter_values(root, ssm, ec2, zone)
    cfn.create_stack(StackName=deployment.root, TemplateBody=json.dumps(root), Parameters=parameters,
                     Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"])
    for stack in cfn.describe_stacks()["Stacks"]:
        deployment.stacks[stack["StackName"]] = stack["StackStatus"]
        for res in cfn.describe_stack_resources(StackName=stack["StackName"])["StackResources"]:
            deployment.resources[(stack["StackName"], res["LogicalResourceId"])] = (
                res["ResourceType"], res.get("PhysicalResourceId"))
