"""CodeDeploy pieces every deploy target shares: the application, the service role and rollback.

A target type that a pipeline deploys through CodeDeploy (an instance group in place, a container
service blue/green, a function's alias) makes its deployment group with these: an application
per target, a service role whose policy names the target's own resources, automatic rollback on a
failed deployment and, with ``rollback_alarms``, on any alarm of ``monitoring.alarms`` that watches
the target.
"""
from __future__ import annotations

from awacs.aws import Action, Allow, PolicyDocument, Principal, Statement
from awacs.sts import AssumeRole
from troposphere import Ref, Sub, codedeploy, iam

from ..core.context import Context
from ..core.model import Component
from ..core.naming import logical_id
from .monitoring.ids import alarm_id


def application(ctx: Context, target: Component, owner: Component, platform: str) -> str:
    """The CodeDeploy application of ``target`` (``Server``, ``ECS`` or ``Lambda``); its logical ID."""
    app = ctx.add(codedeploy.Application(logical_id(target.name, "DeployApplication"), ComputePlatform=platform),
                  owner)
    return app.title


def service_role(ctx: Context, target: Component, owner: Component, statements: list) -> str:
    role = ctx.add(iam.Role(
        logical_id(target.name, "DeployRole"), Description=f"{ctx.arch.name} {target.name}: CodeDeploy's role",
        AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
            Effect=Allow, Principal=Principal("Service", "codedeploy.amazonaws.com"), Action=[AssumeRole])]),
        Policies=[iam.Policy(PolicyName="deploy", PolicyDocument=PolicyDocument(
            Version="2012-10-17", Statement=statements))]), owner)
    return role.title


def alarm_names(ctx: Context, target: Component) -> list:
    return [Ref(alarm_id(a.component, a.metric)) for a in ctx.arch.monitoring.alarms if a.component == target.name]


def rollback(ctx: Context, target: Component, deploy) -> dict:
    """AutoRollbackConfiguration and, with alarms on the target, AlarmConfiguration properties."""
    alarms = alarm_names(ctx, target) if deploy.rollback_alarms else []
    events = ["DEPLOYMENT_FAILURE"] + (["DEPLOYMENT_STOP_ON_ALARM"] if alarms else [])
    out = {"AutoRollbackConfiguration": codedeploy.AutoRollbackConfiguration(Enabled=True, Events=events)}
    if alarms:
        out["AlarmConfiguration"] = codedeploy.AlarmConfiguration(
            Enabled=True, Alarms=[codedeploy.Alarm(Name=name) for name in alarms])
    return out


def pipeline_statements(app: str, group: str, config) -> list[Statement]:
    """What a pipeline's role needs to run a deployment of ``group`` with ``config`` (a name or a Ref)."""
    base = "arn:${AWS::Partition}:codedeploy:${AWS::Region}:${AWS::AccountId}"
    return [
        Statement(Effect=Allow, Action=[Action("codedeploy", "CreateDeployment"), Action("codedeploy", "GetDeployment")],
                  Resource=[Sub(f"{base}:deploymentgroup:${{{app}}}/${{{group}}}")]),
        Statement(Effect=Allow, Action=[Action("codedeploy", "GetApplication"),
                                        Action("codedeploy", "GetApplicationRevision"),
                                        Action("codedeploy", "RegisterApplicationRevision")],
                  Resource=[Sub(f"{base}:application:${{{app}}}")]),
        Statement(Effect=Allow, Action=[Action("codedeploy", "GetDeploymentConfig")],
                  Resource=[Sub(f"{base}:deploymentconfig:${{Config}}", Config=config)]),
    ]
