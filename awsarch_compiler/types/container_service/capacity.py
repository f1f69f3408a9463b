"""The EC2 capacity of a ``container-service`` with ``launch: ec2``.

ECS-optimized Amazon Linux 2023 instances (AMI from AWS's public SSM
parameter, a root template parameter ``<Name>AmiId``) from a launch template
with IMDSv2 required (hop limit 1, and tasks blocked from IMDS), an encrypted
gp3 root volume and detailed monitoring, in an Auto Scaling group over every
AZ of the service's tier. An ECS capacity provider scales the group to the
tasks' needs (managed scaling, target 100 %); managed termination
protection keeps instances with running tasks from being scaled in, which
requires the group's new instances to be protected from scale-in; managed
draining moves tasks off an instance before it is terminated.

With ``awsvpc`` networking each task takes an ENI: a t3.micro (2 ENIs) runs
one task, so ``capacity`` bounds both tasks and instances.
"""
from __future__ import annotations

from awacs.aws import Allow, PolicyDocument, Principal, Statement
from awacs.sts import AssumeRole
from troposphere import Base64, GetAtt, Parameter, Ref, Sub, autoscaling, ec2, ecs, iam

from ...core.context import Context
from ...core.naming import logical_id

AMI_PARAMETERS = {
    "x86_64": "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
    "arm64": "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id",
}
DEFAULT_INSTANCE_TYPES = {"x86_64": "t3.micro", "arm64": "t4g.micro"}
ECS_INSTANCE_POLICY = "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
USER_DATA = """#!/bin/bash
cat >> /etc/ecs/ecs.config <<'EOF'
ECS_CLUSTER=${%s}
ECS_AWSVPC_BLOCK_IMDS=true
ECS_ENABLE_CONTAINER_METADATA=true
EOF
"""


def instance_type(comp) -> str:
    return comp.instance_type or DEFAULT_INSTANCE_TYPES[comp.architecture]


def _instance_role(comp, ctx: Context) -> iam.InstanceProfile:
    role = ctx.add(iam.Role(
        logical_id(comp.name, "InstanceRole"),
        Description=f"{comp.name}: ECS container instances register with the cluster",
        AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
            Effect=Allow, Principal=Principal("Service", ["ec2.amazonaws.com"]), Action=[AssumeRole])]),
        ManagedPolicyArns=[Sub(ECS_INSTANCE_POLICY)]), comp)
    return ctx.add(iam.InstanceProfile(logical_id(comp.name, "InstanceProfile"), Roles=[Ref(role)]), comp)


def generate(comp, ctx: Context, cluster: str) -> tuple[str, str]:
    """Launch template, Auto Scaling group, capacity provider and its cluster association.

    Returns the logical IDs of the capacity provider and of the association.
    """
    ami = logical_id(comp.name, "AmiId")
    ctx.add_parameter(Parameter(
        ami, Type="AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default=AMI_PARAMETERS[comp.architecture],
        Description=f"ECS-optimized AMI of {comp.name}'s instances (AWS's public SSM parameter)"))
    group = ctx.add(ec2.SecurityGroup(
        logical_id(comp.name, "InstancesSecurityGroup"),
        GroupDescription=f"{comp.name} container instances: no inbound traffic (tasks have their own group)",
        VpcId=ctx.vpc_ref()), comp, layer="security")
    profile = _instance_role(comp, ctx)
    tags = [ec2.TagSpecifications(ResourceType=kind, Tags=ctx.tags(comp.name)) for kind in ("instance", "volume")]
    template = ctx.add(ec2.LaunchTemplate(
        logical_id(comp.name, "LaunchTemplate"),
        LaunchTemplateData=ec2.LaunchTemplateData(
            ImageId=Ref(ami), InstanceType=instance_type(comp),
            IamInstanceProfile=ec2.IamInstanceProfile(Arn=GetAtt(profile, "Arn")),
            SecurityGroupIds=[GetAtt(group, "GroupId")],
            MetadataOptions=ec2.MetadataOptions(HttpEndpoint="enabled", HttpTokens="required", HttpPutResponseHopLimit=1),
            BlockDeviceMappings=[ec2.LaunchTemplateBlockDeviceMapping(DeviceName="/dev/xvda", Ebs=ec2.EBSBlockDevice(
                VolumeType="gp3", VolumeSize=30, Encrypted=True, DeleteOnTermination=True))],
            Monitoring=ec2.Monitoring(Enabled=True),
            UserData=Base64(Sub(USER_DATA % cluster)),
            TagSpecifications=tags)), comp, tags=False)
    asg = autoscaling.AutoScalingGroup(
        logical_id(comp.name, "AutoScalingGroup"),
        MinSize=str(comp.capacity.min), MaxSize=str(comp.capacity.max),
        VPCZoneIdentifier=ctx.subnet_refs(ctx.tier_of(comp)),
        LaunchTemplate=autoscaling.LaunchTemplateSpecification(
            LaunchTemplateId=Ref(template), Version=GetAtt(template, "LatestVersionNumber")),
        NewInstancesProtectedFromScaleIn=True, HealthCheckType="EC2", HealthCheckGracePeriod=300,
        # ECS tags a managed-scaling group AmazonECSManaged itself; declaring it keeps stack updates from dropping it.
        Tags=autoscaling.Tags(**ctx.tag_dict(comp.name, AmazonECSManaged="")))
    ctx.add(asg, comp)
    provider = ctx.add(ecs.CapacityProvider(
        logical_id(comp.name, "CapacityProvider"),
        AutoScalingGroupProvider=ecs.AutoScalingGroupProvider(
            AutoScalingGroupArn=Ref(asg),
            ManagedScaling=ecs.ManagedScaling(Status="ENABLED", TargetCapacity=100,
                                              MinimumScalingStepSize=1, MaximumScalingStepSize=10),
            ManagedTerminationProtection="ENABLED", ManagedDraining="ENABLED")), comp)
    association = ctx.add(ecs.ClusterCapacityProviderAssociations(
        logical_id(comp.name, "CapacityProviderAssociation"), Cluster=Ref(cluster),
        CapacityProviders=[Ref(provider)],
        DefaultCapacityProviderStrategy=[ecs.CapacityProviderStrategy(CapacityProvider=Ref(provider), Weight=1)]),
        comp, tags=False)
    return provider.title, association.title
