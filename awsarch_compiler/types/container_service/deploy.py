"""How a pipeline deploys a container service: ECS's rolling deployment of a new image.

The build writes ``imagedefinitions.json`` (``[{"name": "<service>", "imageUri": "..."}]``) into its
output; the ECS deploy action registers a task definition revision with that image and rolls the
service onto it, keeping the service's minimum healthy percent.
"""
from __future__ import annotations

from awacs.aws import Action, Allow, Condition, Statement, StringEquals
from troposphere import GetAtt, Ref

from ...core.naming import logical_id
from ..base import DeployAction
from .model import ContainerService, cluster_id, service_id

STRATEGIES = ("rolling",)
IMAGE_DEFINITIONS = "imagedefinitions.json"


def actions(comp: ContainerService, deploy, ctx, pipeline, artifact: str) -> list[DeployAction]:
    has_task_role = bool(ctx.statements_for(comp.name)) or ctx.arch.monitoring.tracing  # as task.task_role decides
    roles = [GetAtt(logical_id(comp.name, role), "Arn") for role in ("TaskRole", "ExecutionRole")
             if role == "ExecutionRole" or has_task_role]
    statements = (
        Statement(Effect=Allow, Action=[Action("ecs", "DescribeServices"), Action("ecs", "UpdateService")],
                  Resource=[Ref(service_id(comp.name))]),
        # task definitions are registered and read by family: these calls take no resource ARN
        Statement(Effect=Allow, Action=[Action("ecs", "DescribeTaskDefinition"), Action("ecs", "RegisterTaskDefinition")],
                  Resource=["*"]),
        Statement(Effect=Allow, Action=[Action("iam", "PassRole")], Resource=roles,
                  Condition=Condition(StringEquals("iam:PassedToService", "ecs-tasks.amazonaws.com"))),
    )
    return [DeployAction(
        name=logical_id("deploy", comp.name), provider="ECS",
        configuration={"ClusterName": Ref(cluster_id(comp.name)), "ServiceName": GetAtt(service_id(comp.name), "Name"),
                       "FileName": IMAGE_DEFINITIONS},
        statements=statements)]
