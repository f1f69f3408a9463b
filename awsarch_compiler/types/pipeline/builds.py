"""CodeBuild projects: one per build step, the test action and each deploy command action.

Every project has its own role (its log group, the artifacts, the key, and exactly what its step's
and the pipeline's ``uses`` grant), its own log group with a retention, artifact encryption with the
pipeline's key, and privileged mode only when it builds images.
"""
from __future__ import annotations

import json

from awacs import codebuild as awacs_codebuild
from awacs import logs as awacs_logs
from awacs import secretsmanager as awacs_secrets
from awacs import ssm as awacs_ssm
from awacs.aws import Allow, PolicyDocument, Principal, Statement
from awacs.sts import AssumeRole
from troposphere import GetAtt, Ref, Sub, codebuild, iam, logs

from ...core.context import Context
from ...core.naming import logical_id
from . import store
from ..repository.model import TYPE_NAME as REPOSITORY
from .model import COMPUTE, BuildStep, Pipeline, artifact_key_id, project_id

IMAGE_BUILDER = "read-write"  # a step that uses a repository read-write pushes images: Docker needs privileges


def project_name(comp: Pipeline, step: str):
    return Sub(f"${{AWS::StackName}}-{comp.name}-{step}")


def inline_buildspec(commands, phase: str = "build") -> str:
    return json.dumps({"version": 0.2, "phases": {phase: {"commands": list(commands)}}}, sort_keys=True)


def _log_group(comp: Pipeline, step: BuildStep, ctx: Context, path: tuple) -> str:
    group = ctx.add(logs.LogGroup(logical_id(comp.name, step.name, "Logs"),
                                  RetentionInDays=step.log_retention_days), comp, path=path)
    ctx.suppress(group, "CKV_AWS_158", "CloudWatch Logs encrypts log data at rest with service-managed keys")
    if step.log_retention_days < 365:
        ctx.suppress(group, "CKV_AWS_338", f"build logs kept {step.log_retention_days} days in the architecture")
    return group.title


def _environment_value(name: str, value) -> codebuild.EnvironmentVariable:
    if isinstance(value, str):
        return codebuild.EnvironmentVariable(Name=name, Type="PLAINTEXT", Value=value)
    if "parameter" in value:
        return codebuild.EnvironmentVariable(Name=name, Type="PARAMETER_STORE", Value=value["parameter"])
    return codebuild.EnvironmentVariable(Name=name, Type="SECRETS_MANAGER", Value=value["secret"])


def _value_statements(step: BuildStep) -> list[Statement]:
    params = sorted(v["parameter"] for v in step.environment.values() if not isinstance(v, str) and "parameter" in v)
    secrets = sorted(v["secret"].split(":")[0] if not v["secret"].startswith("arn:") else v["secret"]
                     for v in step.environment.values() if not isinstance(v, str) and "secret" in v)
    out = []
    if params:
        out.append(Statement(Effect=Allow, Action=[awacs_ssm.GetParameters], Resource=[
            Sub(f"arn:${{AWS::Partition}}:ssm:${{AWS::Region}}:${{AWS::AccountId}}:parameter{p}") for p in params]))
    if secrets:
        out.append(Statement(Effect=Allow, Action=[awacs_secrets.GetSecretValue], Resource=[
            s if s.startswith("arn:") else
            Sub(f"arn:${{AWS::Partition}}:secretsmanager:${{AWS::Region}}:${{AWS::AccountId}}:secret:{s}-*")
            for s in secrets]))
    return out


def _role(comp: Pipeline, step: BuildStep, ctx: Context, group: str, extra, path: tuple) -> str:
    statements = [Statement(Effect=Allow, Action=[awacs_logs.CreateLogStream, awacs_logs.PutLogEvents],
                            Resource=[GetAtt(group, "Arn")]), *store.statements(comp, write=True), *extra]
    if step.reports:
        statements.append(Statement(Effect=Allow, Action=[
            awacs_codebuild.CreateReportGroup, awacs_codebuild.CreateReport, awacs_codebuild.UpdateReport,
            awacs_codebuild.BatchPutTestCases, awacs_codebuild.BatchPutCodeCoverages], Resource=[Sub(
                f"arn:${{AWS::Partition}}:codebuild:${{AWS::Region}}:${{AWS::AccountId}}:report-group/"
                f"${{AWS::StackName}}-{comp.name}-{step.name}-{r}") for r in step.reports]))
    role = ctx.add(iam.Role(
        logical_id(comp.name, step.name, "BuildRole"),
        Description=f"{ctx.arch.name} {comp.name}: the {step.name} project's role",
        AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
            Effect=Allow, Principal=Principal("Service", "codebuild.amazonaws.com"), Action=[AssumeRole])]),
        Policies=[iam.Policy(PolicyName="build", PolicyDocument=PolicyDocument(
            Version="2012-10-17", Statement=statements))]), comp, path=path)
    return role.title


def privileged(step: BuildStep, ctx: Context) -> bool:
    if step.privileged is not None:
        return step.privileged
    return any(mode == IMAGE_BUILDER and ctx.component(t).type == REPOSITORY for t, mode in step.uses.items())


def project(comp: Pipeline, step: BuildStep, ctx: Context, path: tuple, *, statements=(), env=()) -> str:
    """The project of ``step``; returns its logical ID."""
    group = _log_group(comp, step, ctx, path)
    extra = [*statements, *_value_statements(step)]
    role = _role(comp, step, ctx, group, extra, path)
    variables = [codebuild.EnvironmentVariable(Name=n, Type="PLAINTEXT", Value=v) for n, v in env]
    variables += [_environment_value(n, v) for n, v in sorted(step.environment.items())]
    environment = codebuild.Environment(ComputeType=COMPUTE[step.compute], Image=step.image,
                                        Type="LINUX_CONTAINER", PrivilegedMode=privileged(step, ctx))
    if variables:
        environment.EnvironmentVariables = variables
    source = codebuild.Source(Type="CODEPIPELINE")
    if step.commands:
        source.BuildSpec = inline_buildspec(step.commands)
    elif step.buildspec:
        source.BuildSpec = step.buildspec
    resource = codebuild.Project(
        project_id(comp.name, step.name), Name=project_name(comp, step.name),
        Description=f"{ctx.arch.name} {comp.name}: {step.name}",
        ServiceRole=GetAtt(role, "Arn"), Source=source, Artifacts=codebuild.Artifacts(Type="CODEPIPELINE"),
        Environment=environment, EncryptionKey=GetAtt(artifact_key_id(comp.name), "Arn"),
        TimeoutInMinutes=step.timeout_minutes,
        LogsConfig=codebuild.LogsConfig(CloudWatchLogs=codebuild.CloudWatchLogs(Status="ENABLED", GroupName=Ref(group))))
    if step.cache:
        resource.Cache = codebuild.ProjectCache(Type="LOCAL", Modes=[
            "LOCAL_DOCKER_LAYER_CACHE", "LOCAL_SOURCE_CACHE", "LOCAL_CUSTOM_CACHE"])
    ctx.add(resource, comp, path=path)
    if environment.PrivilegedMode:
        ctx.suppress(resource, "CKV_AWS_316", "the step builds container images, which needs Docker's privileges")
        ctx.note(f"components.{comp.name}: the {step.name} step runs privileged (Docker image builds)")
    return resource.title


def project_arn(logical: str):
    return GetAtt(logical, "Arn")
