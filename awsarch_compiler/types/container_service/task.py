"""The task side of a ``container-service``: log group, execution role, task role, task definition.

- The execution role (used by ECS to start the task) may pull exactly the
  image's repository, write exactly this service's log group and read
  exactly the secrets injected into the container — nothing else.
- The task role (the application's credentials) holds exactly the IAM
  statements of the component's ``uses`` edges; without any, the task gets
  no role and no AWS credentials at all.
- Connection values from ``uses`` are plain environment variables; secret
  values reach the container only through ECS ``Secrets`` (``valueFrom``),
  never as plain text in the template.
"""
from __future__ import annotations

import json
import re

from awacs import logs as awacs_logs
from awacs import secretsmanager as awacs_sm
from awacs.aws import (
    Allow,
    ArnLike,
    Condition,
    PolicyDocument,
    Principal,
    Statement,
    StringEquals,
)
from awacs.sts import AssumeRole
from troposphere import GetAtt, Parameter, Ref, Sub, ecs, iam, logs

from ...core.context import Context
from ...core.naming import logical_id
from ..repository.model import pull_statements as repository_pulls
from ..repository.model import repository_arn, repository_id
from .model import PRIVATE_ECR

XRAY_IMAGE = "public.ecr.aws/xray/aws-xray-daemon:3.x"
XRAY_POLICY = "arn:${AWS::Partition}:iam::aws:policy/AWSXRayDaemonWriteAccess"


def log_group_id(name: str) -> str:
    return logical_id(name, "LogGroup")


def image_tag_parameter(name: str) -> str:
    return logical_id(name, "ImageTag")


def assume_ecs_tasks() -> PolicyDocument:
    """ecs-tasks.amazonaws.com, only for tasks of this account and region (confused-deputy guard)."""
    return PolicyDocument(Version="2012-10-17", Statement=[Statement(
        Effect=Allow, Principal=Principal("Service", ["ecs-tasks.amazonaws.com"]), Action=[AssumeRole],
        Condition=Condition([StringEquals("aws:SourceAccount", Sub("${AWS::AccountId}")),
                             ArnLike("aws:SourceArn", Sub("arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*"))]))])


def image(comp, ctx: Context):
    """The image URI: the given ``image``, or the repository's URI with the ``<Name>ImageTag`` parameter."""
    if comp.image:
        return comp.image
    param = image_tag_parameter(comp.name)
    ctx.add_parameter(Parameter(
        param, Type="String", Default="latest", AllowedPattern="^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$",
        Description=f"Image tag of {comp.repository} that {comp.name} runs (set it per release, such as the commit SHA)"))
    return Sub(f"${{{repository_id(comp.repository)}.RepositoryUri}}:${{{param}}}")


def pull_statements(comp) -> list[Statement]:
    """ECR pull permissions for exactly the image's repository; none for public registries."""
    if comp.repository:
        return repository_pulls([repository_arn(comp.repository)])
    match = PRIVATE_ECR.match(comp.image or "")
    if not match:
        return []
    arn = Sub(f"arn:${{AWS::Partition}}:ecr:{match['region']}:{match['account']}:repository/{match['repo']}")
    return repository_pulls([arn])


def secret_arn(value_from):
    """The secret's ARN for IAM: ``valueFrom`` may end in ``:json-key:version-stage:version-id``."""
    text = value_from.to_dict().get("Fn::Sub") if isinstance(value_from, Sub) else None
    if isinstance(text, str):
        match = re.match(r"^(\$\{[^}]+\})(:.*)?$", text)
        if match and match.group(2):
            return Sub(match.group(1))
    return value_from


def _key(value) -> str:
    return json.dumps(value.to_dict() if hasattr(value, "to_dict") else value, sort_keys=True, default=str)


def execution_role(comp, ctx: Context) -> iam.Role:
    statements = pull_statements(comp)
    statements.append(Statement(Effect=Allow, Action=[awacs_logs.CreateLogStream, awacs_logs.PutLogEvents],
                                Resource=[GetAtt(log_group_id(comp.name), "Arn")]))
    secret_grants = [g for g in ctx.grants_from(comp.name) if g.secrets]
    arns = {}
    for grant in secret_grants:
        for _, value_from in grant.secrets:
            arn = secret_arn(value_from)
            arns.setdefault(_key(arn), arn)
    if arns:
        statements.append(Statement(Effect=Allow, Action=[awacs_sm.GetSecretValue], Resource=list(arns.values())))
    for grant in secret_grants:  # a secret under a customer key also needs kms:Decrypt on exactly that key
        for st in grant.statements:
            if st.Action and all(getattr(a, "prefix", "") == "kms" for a in st.Action):
                statements.append(st)
    role = iam.Role(logical_id(comp.name, "ExecutionRole"), AssumeRolePolicyDocument=assume_ecs_tasks(),
                    Description=f"{comp.name}: ECS pulls the image, writes logs, reads injected secrets",
                    Policies=[iam.Policy(PolicyName="start-task", PolicyDocument=PolicyDocument(
                        Version="2012-10-17", Statement=statements))])
    return ctx.add(role, comp)


def task_role(comp, ctx: Context) -> iam.Role | None:
    statements = ctx.statements_for(comp.name)
    tracing = ctx.arch.monitoring.tracing
    if not statements and not tracing:
        return None
    role = iam.Role(logical_id(comp.name, "TaskRole"), AssumeRolePolicyDocument=assume_ecs_tasks(),
                    Description=f"{comp.name}: the application's permissions, exactly its uses")
    if statements:
        role.Policies = [iam.Policy(PolicyName="uses", PolicyDocument=PolicyDocument(
            Version="2012-10-17", Statement=list(statements)))]
    if tracing:
        role.ManagedPolicyArns = [Sub(XRAY_POLICY)]
    return ctx.add(role, comp)


def _environment(comp, ctx: Context, tracing: bool) -> list:
    values = dict(comp.environment)
    values.update(dict(ctx.env_for(comp.name)))
    if tracing:
        values["AWS_XRAY_DAEMON_ADDRESS"] = "127.0.0.1:2000"
    return [ecs.Environment(Name=k, Value=v) for k, v in sorted(values.items())]


def _logging(comp, prefix: str) -> ecs.LogConfiguration:
    return ecs.LogConfiguration(LogDriver="awslogs", Options={
        "awslogs-group": Ref(log_group_id(comp.name)), "awslogs-region": Ref("AWS::Region"),
        "awslogs-stream-prefix": prefix})


def _volumes(comp, ctx: Context) -> tuple[list, list]:
    volumes, mounts = [], []
    if not comp.writable_root:
        volumes.append(ecs.Volume(Name="tmp"))
        mounts.append(ecs.MountPoint(SourceVolume="tmp", ContainerPath="/tmp", ReadOnly=False))
    for grant in ctx.grants_from(comp.name):
        for file_system, access_point, path in grant.mounts:
            name = f"{grant.target}-{access_point}"  # unique: access point IDs are logical IDs
            volumes.append(ecs.Volume(Name=name, EFSVolumeConfiguration=ecs.EFSVolumeConfiguration(
                FilesystemId=Ref(file_system), TransitEncryption="ENABLED",
                AuthorizationConfig=ecs.AuthorizationConfig(AccessPointId=Ref(access_point), IAM="ENABLED"))))
            mounts.append(ecs.MountPoint(SourceVolume=name, ContainerPath=path, ReadOnly=grant.mode == "read"))
    return volumes, mounts


def task_definition(comp, ctx: Context) -> ecs.TaskDefinition:
    group = ctx.add(logs.LogGroup(log_group_id(comp.name), LogGroupName=f"/ecs/{ctx.arch.name}/{comp.name}",
                                  RetentionInDays=comp.log_retention_days), comp)
    ctx.suppress(group, "CKV_AWS_158", "CloudWatch Logs encrypts log data at rest with service-managed keys")
    tracing = ctx.arch.monitoring.tracing
    volumes, mounts = _volumes(comp, ctx)
    app = ecs.ContainerDefinition(
        Name=comp.name, Image=image(comp, ctx), Essential=True,
        Environment=_environment(comp, ctx, tracing),
        ReadonlyRootFilesystem=not comp.writable_root,
        LogConfiguration=_logging(comp, comp.name),
        LinuxParameters=ecs.LinuxParameters(InitProcessEnabled=True),
    )
    if comp.port:
        app.PortMappings = [ecs.PortMapping(ContainerPort=comp.port, Protocol="tcp")]
    secrets = ctx.secrets_for(comp.name)
    if secrets:
        app.Secrets = [ecs.Secret(Name=name, ValueFrom=value) for name, value in sorted(secrets, key=lambda p: p[0])]
    if mounts:
        app.MountPoints = mounts
    if comp.command:
        app.Command = list(comp.command)
    if comp.user:
        app.User = comp.user
    check = comp.container_health_check
    if check:
        app.HealthCheck = ecs.HealthCheck(Command=["CMD-SHELL", check.command], Interval=check.interval,
                                          Timeout=check.timeout, Retries=check.retries, StartPeriod=check.start_period)
    containers = [app]
    if tracing:
        containers.append(ecs.ContainerDefinition(
            Name="xray-daemon", Image=XRAY_IMAGE, Essential=False, Cpu=32, MemoryReservation=256,
            ReadonlyRootFilesystem=True, User="1337",
            PortMappings=[ecs.PortMapping(ContainerPort=2000, Protocol="udp")],
            LogConfiguration=_logging(comp, "xray-daemon")))
    execution = execution_role(comp, ctx)
    task = ecs.TaskDefinition(
        logical_id(comp.name, "TaskDefinition"), Family=f"{ctx.arch.name}-{comp.name}",
        NetworkMode="awsvpc", RequiresCompatibilities=["FARGATE" if comp.launch == "fargate" else "EC2"],
        Cpu=str(comp.cpu), Memory=str(comp.memory), ExecutionRoleArn=GetAtt(execution, "Arn"),
        RuntimePlatform=ecs.RuntimePlatform(OperatingSystemFamily="LINUX",
                                            CpuArchitecture="ARM64" if comp.architecture == "arm64" else "X86_64"),
        ContainerDefinitions=containers)
    if volumes:
        task.Volumes = volumes
    role = task_role(comp, ctx)
    if role is not None:
        task.TaskRoleArn = GetAtt(role, "Arn")
    if comp.writable_root:
        ctx.suppress(task, "CKV_AWS_336", "writable root filesystem chosen in the architecture (writable_root: true)")
        ctx.note(f"components.{comp.name}.writable_root: true — the container may write to its root filesystem")
    return ctx.add(task, comp)
