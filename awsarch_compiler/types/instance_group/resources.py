"""The EC2 fleet of an ``instance-group``: role and profile, launch template, Auto Scaling group, scaling."""
from __future__ import annotations

from awacs.aws import Allow, PolicyDocument, Principal, Statement
from awacs.sts import AssumeRole
from troposphere import Base64, GetAtt, Parameter, Ref, Sub, autoscaling, ec2, iam
from troposphere.policies import AutoScalingRollingUpdate, UpdatePolicy

from ...core.context import Context
from ...core.naming import logical_id
from ...platform import connections
from . import scaling
from .boot import user_data
from .model import DEFAULT_ROOT_DEVICE, IMAGES, InstanceGroup, group_id


def generate(comp: InstanceGroup, ctx: Context) -> None:
    role = _role(ctx, comp)
    profile = ctx.add(iam.InstanceProfile(logical_id(comp.name, "InstanceProfile"), Roles=[Ref(role)]), comp)
    image, device = _image(ctx, comp)
    template = _launch_template(ctx, comp, image, device, profile.title)
    _auto_scaling_group(ctx, comp, template)
    _other_ports(ctx, comp)


def _other_ports(ctx: Context, comp: InstanceGroup) -> None:
    """uses: connect opens ``port`` through its grant; every other port of ``ports`` here, one rule each."""
    for grant in ctx.grants_to(comp.name):
        if grant.mode == "connect" and grant.port is not None:
            for port in (p for p in comp.ports if p != grant.port):
                connections.add_ingress(ctx, comp.name, grant.source, port,
                                        f"{grant.source} connect {comp.name}")


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


def _routes(ctx: Context, comp: InstanceGroup) -> list:
    """The Forward of every load balancer routing to the group."""
    return [e.detail for e in ctx.arch.edges_to(comp.name, "forward")]


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
        asg.TargetGroupARNs = [Ref(f.target_group) for f in routes]
        asg.HealthCheckType = "ELB"
        asg.HealthCheckGracePeriod = comp.health_check.grace_period
        asg.DependsOn = sorted({r for f in routes for r in f.routing})
    else:
        asg.HealthCheckType = "EC2"
    asg.UpdatePolicy = UpdatePolicy(AutoScalingRollingUpdate=AutoScalingRollingUpdate(
        MinInstancesInService=str(max(0, min(capacity.desired_count, capacity.max - 1))),
        MaxBatchSize="1", PauseTime="PT0S"))
    ctx.add(asg, comp)
    scaling.generate(ctx, comp, routes)
