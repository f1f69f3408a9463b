"""The CodePipeline of a ``pipeline`` component: its stages, its role, what starts it and its alarm.

Stages in order: Source, Build (one action per step), Test (``test_commands``), Approval, Deploy
(the actions each target's type describes, in DSL order). The pipeline's role may read the source,
read and write the artifacts, start exactly its own projects, publish the approval request and
run exactly the deploy actions' operations.
"""
from __future__ import annotations

import re

from awacs import codebuild as awacs_codebuild
from awacs import kms as awacs_kms
from awacs import sns as awacs_sns
from awacs.aws import Allow, PolicyDocument, Principal, Statement
from awacs.sts import AssumeRole
from troposphere import GetAtt, Ref, codepipeline, iam

from ...core.context import Context
from ...platform.monitoring.ids import TOPIC, TOPIC_KEY
from . import builds, sources, store
from .checks import strategy_of
from .model import BuildStep, Pipeline, artifact_bucket_id, artifact_key_id, pipeline_id, role_id
from .notify import failure_alarm


def _action(name, category, provider, config, inputs, outputs=(), run_order=1):
    action = codepipeline.Actions(
        Name=name, ActionTypeId=codepipeline.ActionTypeId(Category=category, Owner="AWS", Provider=provider,
                                                          Version="1"),
        Configuration=config, RunOrder=run_order)
    if inputs:
        action.InputArtifacts = [codepipeline.InputArtifacts(Name=i) for i in inputs]
    if outputs:
        action.OutputArtifacts = [codepipeline.OutputArtifacts(Name=o) for o in outputs]
    return action


def _step_grants(comp: Pipeline, step: BuildStep, ctx: Context) -> tuple[list, list]:
    """(statements, env) of the step's own ``uses`` plus the pipeline's."""
    statements, env = list(ctx.statements_for(comp.name)), list(ctx.env_for(comp.name))
    for target, mode in step.uses.items():
        grant = ctx.kind(target).grant(mode, comp, ctx.component(target), ctx)
        statements += grant.statements
        env += grant.env
    return statements, env


def _build_stage(comp: Pipeline, ctx: Context, projects: list) -> tuple[codepipeline.Stages, str]:
    actions, output = [], sources.SOURCE
    for i, step in enumerate(comp.build):
        statements, env = _step_grants(comp, step, ctx)
        logical = builds.project(comp, step, ctx, comp.build_path(i), statements=statements, env=env)
        projects.append(logical)
        output = f"{step.name.replace('-', '_')}_output"
        actions.append(_action(_title(step.name), "Build", "CodeBuild", {"ProjectName": Ref(logical)},
                               [sources.SOURCE], [output], run_order=i + 1))
    return codepipeline.Stages(Name="Build", Actions=actions), output


def _kebab(name: str) -> str:
    """``InvalidateSite`` -> ``invalidate-site`` (a deploy action's project is named after it)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _title(name: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in name.split("-"))


def _test_stage(comp: Pipeline, ctx: Context, projects: list) -> codepipeline.Stages:
    step = BuildStep(name="test", commands=comp.test_commands)
    logical = builds.project(comp, step, ctx, ("components", comp.name, "test_commands"))
    projects.append(logical)
    return codepipeline.Stages(Name="Test", Actions=[
        _action("Test", "Test", "CodeBuild", {"ProjectName": Ref(logical)}, [sources.SOURCE])])


def _approval_stage(comp: Pipeline) -> codepipeline.Stages:
    config = {"NotificationArn": Ref(TOPIC),
              "CustomData": comp.approval.message or f"Approve deploying the {comp.name} pipeline's build"}
    if comp.approval.url:
        config["ExternalEntityLink"] = comp.approval.url
    return codepipeline.Stages(Name="Approval", Actions=[_action("Approve", "Approval", "Manual", config, [])])


def _deploy_stage(comp: Pipeline, ctx: Context, artifact: str, projects: list, statements: list):
    actions = []
    for i, entry in enumerate(comp.deploy):
        entry = strategy_of(entry, ctx.arch)
        target = ctx.component(entry.target)
        for step in ctx.kind(entry.target).deploy_actions(target, entry, ctx, comp, artifact):
            order = len(actions) + 1
            if step.provider == "commands":
                spec = BuildStep(name=_kebab(step.name), commands=step.commands, timeout_minutes=step.timeout_minutes)
                logical = builds.project(comp, spec, ctx, comp.deploy_path(i), statements=step.statements,
                                         env=step.environment)
                projects.append(logical)
                actions.append(_action(step.name, "Build", "CodeBuild", {"ProjectName": Ref(logical)},
                                       [artifact], run_order=order))
            else:
                statements += step.statements
                actions.append(_action(step.name, "Deploy", step.provider, step.configuration, [artifact],
                                       run_order=order))
    return codepipeline.Stages(Name="Deploy", Actions=actions)


def _role(comp: Pipeline, ctx: Context, statements: list, projects: list) -> str:
    policy = [*store.statements(comp, write=True), *statements]
    if projects:
        policy.append(Statement(Effect=Allow, Action=[awacs_codebuild.BatchGetBuilds, awacs_codebuild.StartBuild],
                                Resource=[builds.project_arn(p) for p in projects]))
    if comp.approval is not None:
        policy += [Statement(Effect=Allow, Action=[awacs_sns.Publish], Resource=[Ref(TOPIC)]),
                   Statement(Effect=Allow, Action=[awacs_kms.Decrypt, awacs_kms.GenerateDataKey],
                             Resource=[GetAtt(TOPIC_KEY, "Arn")])]
    role = ctx.add(iam.Role(
        role_id(comp.name), Description=f"{ctx.arch.name} {comp.name}: the pipeline's role",
        AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
            Effect=Allow, Principal=Principal("Service", "codepipeline.amazonaws.com"), Action=[AssumeRole])]),
        Policies=[iam.Policy(PolicyName="pipeline", PolicyDocument=PolicyDocument(
            Version="2012-10-17", Statement=policy))]), comp)
    return role.title


def generate(comp: Pipeline, ctx: Context) -> None:
    store.generate(comp, ctx)
    source, statements = sources.action(comp, ctx)
    stages, projects = [codepipeline.Stages(Name="Source", Actions=[source])], []
    artifact = sources.SOURCE
    if comp.build:
        stage, artifact = _build_stage(comp, ctx, projects)
        stages.append(stage)
    if comp.test_commands:
        stages.append(_test_stage(comp, ctx, projects))
    if comp.approval is not None:
        stages.append(_approval_stage(comp))
    if comp.deploy:
        stages.append(_deploy_stage(comp, ctx, artifact, projects, statements))
    role = _role(comp, ctx, statements, projects)
    pipeline = codepipeline.Pipeline(
        pipeline_id(comp.name), PipelineType="V2", ExecutionMode="QUEUED", RoleArn=GetAtt(role, "Arn"),
        RestartExecutionOnUpdate=False, Stages=stages,
        ArtifactStore=codepipeline.ArtifactStore(
            Type="S3", Location=Ref(artifact_bucket_id(comp.name)),
            EncryptionKey=codepipeline.EncryptionKey(Id=GetAtt(artifact_key_id(comp.name), "Arn"), Type="KMS")))
    triggers = sources.triggers(comp)
    if triggers:
        pipeline.Triggers = triggers
    ctx.add(pipeline, comp)
    sources.start_rule(comp, ctx)
    failure_alarm(comp, ctx)
