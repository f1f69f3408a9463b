"""``instance-group``: EC2 instances from a launch template in an Auto Scaling group.

IMDSv2 only (hop limit 1), an encrypted root volume, detailed monitoring, an
instance role with Systems Manager access plus exactly the statements of the
group's ``uses``, user data that writes the connection values to
``/etc/awsarch/env`` before the architecture's own script runs, registration
in every target group that routes to it, and target-tracking scaling.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from awacs.aws import Allow, PolicyDocument, Principal, Statement
from awacs.sts import AssumeRole
from troposphere import Base64, GetAtt, Join, Parameter, Ref, Sub
from troposphere import autoscaling, ec2, iam
from troposphere.policies import AutoScalingRollingUpdate, UpdatePolicy

from ..core.context import Context, Grant
from ..core.model import Component
from ..core.naming import env_prefix, logical_id
from . import register
from .base import AccessMode, ComponentType, Metric
from .instance_group_boot import user_data
from .instance_group_checks import check_instance_group
from .load_balancer import HealthCheck, load_balancer_id, routing_resources, target_group_id

# AMI aliases -> AWS's public SSM parameters, and the root device each image boots from.
IMAGES = {
    "al2023": ("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64", "/dev/xvda"),
    "al2023-arm64": ("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64", "/dev/xvda"),
    "al2": ("/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2", "/dev/xvda"),
    "ubuntu-22.04": ("/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id", "/dev/sda1"),
    "ubuntu-24.04": ("/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id", "/dev/sda1"),
}
DEFAULT_ROOT_DEVICE = "/dev/xvda"


@dataclass(frozen=True, kw_only=True)
class Capacity:
    min: int
    max: int
    desired: Optional[int] = None

    @property
    def desired_count(self) -> int:
        return self.min if self.desired is None else self.desired


@dataclass(frozen=True, kw_only=True)
class Scaling:
    cpu_target: Optional[float] = None
    request_count_target: Optional[int] = None
    warmup: int = 300


@dataclass(frozen=True, kw_only=True)
class RootVolume:
    size: int = 20
    type: str = "gp3"


@dataclass(frozen=True, kw_only=True)
class InstanceGroup(Component):
    image: str = "al2023"
    instance_type: str = "t3.micro"
    port: Optional[int] = None
    capacity: Capacity = field(default_factory=lambda: Capacity(min=1, max=2))
    scaling: Optional[Scaling] = None
    health_check: HealthCheck = field(default_factory=HealthCheck)
    user_data: Optional[str] = None
    root_volume: RootVolume = field(default_factory=RootVolume)


def group_id(name: str) -> str:
    return logical_id(name, "AutoScalingGroup")


def _asg_dimension(comp) -> dict:
    return {"AutoScalingGroupName": Ref(group_id(comp.name))}


@register
class InstanceGroupType(ComponentType):
    type_name = "instance-group"
    spec = InstanceGroup
    layer = "compute"
    in_vpc = True
    access = {
        "connect": AccessMode("an ingress rule on its port from the user's security group; the port and the "
                              "Auto Scaling group's name (instances have no single host name)", ("PORT", "GROUP")),
    }
    metrics = {
        "cpu": Metric("AWS/EC2", "CPUUtilization", lambda c, ctx: _asg_dimension(c),
                      description="average CPU utilisation of the group, percent"),
        "status_check_failed": Metric("AWS/EC2", "StatusCheckFailed", lambda c, ctx: _asg_dimension(c),
                                      statistic="Maximum", description="any instance failing an EC2 status check"),
        "network_in": Metric("AWS/EC2", "NetworkIn", lambda c, ctx: _asg_dimension(c), statistic="Sum",
                             unit_scale=1024 ** 2, description="bytes received per minute; threshold in MiB"),
        "network_out": Metric("AWS/EC2", "NetworkOut", lambda c, ctx: _asg_dimension(c), statistic="Sum",
                              unit_scale=1024 ** 2, description="bytes sent per minute; threshold in MiB"),
        "in_service": Metric("AWS/AutoScaling", "GroupInServiceInstances", lambda c, ctx: _asg_dimension(c),
                             statistic="Minimum", comparison="LessThanThreshold",
                             description="instances in service falls below the threshold"),
    }

    def check(self, comp: InstanceGroup, arch):
        return check_instance_group(comp, arch)

    def grant(self, mode, source, target: InstanceGroup, ctx) -> Grant:
        prefix = env_prefix(target.name)
        return Grant(source.name, target.name, mode, port=target.port,
                     env=((f"{prefix}_PORT", str(target.port)), (f"{prefix}_GROUP", Ref(group_id(target.name)))))

    def generate(self, comp: InstanceGroup, ctx: Context) -> None:
        role = _role(ctx, comp)
        profile = ctx.add(iam.InstanceProfile(logical_id(comp.name, "InstanceProfile"), Roles=[Ref(role)]), comp)
        image, device = _image(ctx, comp)
        template = _launch_template(ctx, comp, image, device, profile.title)
        _auto_scaling_group(ctx, comp, template)


def _role(ctx: Context, comp: InstanceGroup) -> str:
    managed = [Sub("arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore")]
    if ctx.arch.monitoring.tracing:
        managed.append(Sub("arn:${AWS::Partition}:iam::aws:policy/AWSXRayDaemonWriteAccess"))
    role = iam.Role(
        logical_id(comp.name, "InstanceRole"),
        Description=f"{ctx.arch.name} {comp.name}: instance role",
        AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
            Effect=Allow, Principal=Principal("Service", "ec2.amazonaws.com"), Action=[AssumeRole])]),
        ManagedPolicyArns=managed,
    )
    statements = ctx.statements_for(comp.name)
    if statements:
        role.Policies = [iam.Policy(PolicyName="uses", PolicyDocument=PolicyDocument(
            Version="2012-10-17", Statement=list(statements)))]
    ctx.add(role, comp)
    return role.title


def _image(ctx: Context, comp: InstanceGroup):
    """(ImageId value, root device name) for the group's ``image``."""
    if comp.image in IMAGES:
        path, device = IMAGES[comp.image]
        name = logical_id(comp.image, "ImageId")
        ctx.add_parameter(Parameter(name, Type="AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default=path,
                                    Description=f"AMI for {comp.image} instances, from AWS's public SSM parameter"))
        return Ref(name), device
    if comp.image.startswith("ssm:"):
        name = logical_id(comp.name, "ImageId")
        ctx.add_parameter(Parameter(name, Type="AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
                                    Default=comp.image[len("ssm:"):],
                                    Description=f"AMI for {comp.name}, from an SSM parameter"))
        ctx.note(f"components.{comp.name}.image: the image's root device is assumed to be {DEFAULT_ROOT_DEVICE}")
        return Ref(name), DEFAULT_ROOT_DEVICE
    ctx.note(f"components.{comp.name}.image: the image's root device is assumed to be {DEFAULT_ROOT_DEVICE}")
    return comp.image, DEFAULT_ROOT_DEVICE


def _launch_template(ctx: Context, comp: InstanceGroup, image, device: str, profile: str) -> str:
    tags = ctx.tags(comp.name, Name=f"{ctx.arch.name}-{comp.name}")
    data = ec2.LaunchTemplateData(
        ImageId=image, InstanceType=comp.instance_type,
        IamInstanceProfile=ec2.IamInstanceProfile(Arn=GetAtt(profile, "Arn")),
        SecurityGroupIds=[ctx.security_group(comp.name)],
        MetadataOptions=ec2.MetadataOptions(HttpEndpoint="enabled", HttpTokens="required", HttpPutResponseHopLimit=1),
        Monitoring=ec2.Monitoring(Enabled=True),
        EbsOptimized=True,
        BlockDeviceMappings=[ec2.LaunchTemplateBlockDeviceMapping(DeviceName=device, Ebs=ec2.EBSBlockDevice(
            VolumeSize=comp.root_volume.size, VolumeType=comp.root_volume.type, Encrypted=True,
            DeleteOnTermination=True))],
        UserData=Base64(user_data(ctx, comp)),
        TagSpecifications=[ec2.TagSpecifications(ResourceType=kind, Tags=tags) for kind in ("instance", "volume")],
    )
    template = ec2.LaunchTemplate(
        logical_id(comp.name, "LaunchTemplate"), LaunchTemplateData=data,
        TagSpecifications=[ec2.TagSpecifications(ResourceType="launch-template", Tags=tags)])
    ctx.add(template, comp)
    return template.title


def _routes(ctx: Context, comp: InstanceGroup):
    """(load balancer, [listener/rule logical IDs]) of every load balancer routing to the group."""
    out = []
    for lb, _listener in ctx.routes_to(comp.name):
        if all(lb.name != seen.name for seen, _ in out):
            out.append((lb, routing_resources(lb, comp.name)))
    return out


def _auto_scaling_group(ctx: Context, comp: InstanceGroup, template: str) -> None:
    capacity = comp.capacity
    routes = _routes(ctx, comp)
    asg = autoscaling.AutoScalingGroup(
        group_id(comp.name),
        LaunchTemplate=autoscaling.LaunchTemplateSpecification(
            LaunchTemplateId=Ref(template), Version=GetAtt(template, "LatestVersionNumber")),
        MinSize=str(capacity.min), MaxSize=str(capacity.max), DesiredCapacity=str(capacity.desired_count),
        VPCZoneIdentifier=ctx.subnet_refs(ctx.tier_of(comp)),
        MetricsCollection=[autoscaling.MetricsCollection(Granularity="1Minute")],
        Tags=autoscaling.Tags(**ctx.tag_dict(comp.name, Name=f"{ctx.arch.name}-{comp.name}")),
    )
    if routes:
        asg.TargetGroupARNs = [Ref(target_group_id(lb.name, comp.name)) for lb, _ in routes]
        asg.HealthCheckType = "ELB"
        asg.HealthCheckGracePeriod = comp.health_check.grace_period
        asg.DependsOn = sorted({r for _, ids in routes for r in ids})
    else:
        asg.HealthCheckType = "EC2"
    asg.UpdatePolicy = UpdatePolicy(AutoScalingRollingUpdate=AutoScalingRollingUpdate(
        MinInstancesInService=str(max(0, min(capacity.desired_count, capacity.max - 1))),
        MaxBatchSize="1", PauseTime="PT0S"))
    ctx.add(asg, comp)
    _scaling(ctx, comp, routes)


def _scaling(ctx: Context, comp: InstanceGroup, routes) -> None:
    scaling = comp.scaling
    if scaling is None:
        return
    if scaling.cpu_target is not None:
        ctx.add(autoscaling.ScalingPolicy(
            logical_id(comp.name, "CpuScalingPolicy"), AutoScalingGroupName=Ref(group_id(comp.name)),
            PolicyType="TargetTrackingScaling", EstimatedInstanceWarmup=scaling.warmup,
            TargetTrackingConfiguration=autoscaling.TargetTrackingConfiguration(
                PredefinedMetricSpecification=autoscaling.PredefinedMetricSpecification(
                    PredefinedMetricType="ASGAverageCPUUtilization"),
                TargetValue=float(scaling.cpu_target))), comp)
    if scaling.request_count_target is not None:
        lb, resources = next((lb, ids) for lb, ids in routes if lb.kind == "application")
        label = Join("/", [GetAtt(load_balancer_id(lb.name), "LoadBalancerFullName"),
                           GetAtt(target_group_id(lb.name, comp.name), "TargetGroupFullName")])
        ctx.add(autoscaling.ScalingPolicy(
            logical_id(comp.name, "RequestCountScalingPolicy"), AutoScalingGroupName=Ref(group_id(comp.name)),
            PolicyType="TargetTrackingScaling", EstimatedInstanceWarmup=scaling.warmup,
            TargetTrackingConfiguration=autoscaling.TargetTrackingConfiguration(
                PredefinedMetricSpecification=autoscaling.PredefinedMetricSpecification(
                    PredefinedMetricType="ALBRequestCountPerTarget", ResourceLabel=label),
                TargetValue=float(scaling.request_count_target)),
            DependsOn=resources), comp)
