"""How a pipeline deploys an instance group: CodeDeploy in place over the Auto Scaling group.

``rolling`` updates ``batch`` instances at a time (one, half or all), taking each out of its target
groups while it is updated; the agent is installed by the group's user data (``boot.py``), and the
instances read the revision from the pipeline's artifact bucket (the pipeline's implied grant).
"""
from __future__ import annotations

from awacs.aws import Action, Allow, Statement
from troposphere import GetAtt, Ref, Sub, codedeploy

from ...core.context import Context
from ...core.naming import logical_id
from ...platform import codedeploy as shared
from ..base import DeployAction, uses_endpoints
from .model import InstanceGroup, group_id

STRATEGIES = ("rolling",)
AGENT_ENDPOINTS = ("codedeploy", "codedeploy-commands-secure", "s3")  # the agent's APIs and the artifacts
BATCH = {"one-at-a-time": "CodeDeployDefault.OneAtATime", "half": "CodeDeployDefault.HalfAtATime",
         "all": "CodeDeployDefault.AllAtOnce"}


def aws_services(comp: InstanceGroup, arch) -> tuple[str, ...]:
    """The endpoints of the group's uses, and with a pipeline deploying it, those the CodeDeploy agent calls."""
    found = uses_endpoints(comp, arch)
    if arch.edges_to(comp.name, "deploy"):
        found += tuple(e for e in AGENT_ENDPOINTS if e not in found)
    return found


def _role_statements(comp: InstanceGroup, target_groups: list) -> list[Statement]:
    asg = Sub(f"arn:${{AWS::Partition}}:autoscaling:${{AWS::Region}}:${{AWS::AccountId}}:autoScalingGroup:*:"
              f"autoScalingGroupName/${{{group_id(comp.name)}}}")
    out = [
        Statement(Effect=Allow, Action=[Action("autoscaling", a) for a in (
            "CompleteLifecycleAction", "DeleteLifecycleHook", "PutLifecycleHook", "RecordLifecycleActionHeartbeat",
            "ResumeProcesses", "SuspendProcesses", "UpdateAutoScalingGroup")], Resource=[asg]),
        # Describe calls have no resource-level permissions: AWS requires "*" for them.
        Statement(Effect=Allow, Action=[Action("autoscaling", "DescribeAutoScalingGroups"),
                                        Action("autoscaling", "DescribeLifecycleHooks"),
                                        Action("ec2", "DescribeInstances"), Action("ec2", "DescribeInstanceStatus"),
                                        Action("elasticloadbalancing", "DescribeTargetGroups"),
                                        Action("elasticloadbalancing", "DescribeTargetHealth"),
                                        Action("cloudwatch", "DescribeAlarms"), Action("tag", "GetResources")],
                  Resource=["*"]),
    ]
    if target_groups:
        out.append(Statement(Effect=Allow, Action=[Action("elasticloadbalancing", "RegisterTargets"),
                                                   Action("elasticloadbalancing", "DeregisterTargets")],
                             Resource=[Ref(tg) for tg in target_groups]))
    return out


def actions(comp: InstanceGroup, deploy, ctx: Context, pipeline, artifact: str) -> list[DeployAction]:
    target_groups = [e.detail.target_group for e in ctx.arch.edges_to(comp.name, "forward")]
    app = shared.application(ctx, comp, pipeline, "Server")
    role = shared.service_role(ctx, comp, pipeline, _role_statements(comp, target_groups))
    config = BATCH[deploy.batch]
    group = codedeploy.DeploymentGroup(
        logical_id(comp.name, "DeployGroup"), ApplicationName=Ref(app), ServiceRoleArn=GetAtt(role, "Arn"),
        AutoScalingGroups=[Ref(group_id(comp.name))], DeploymentConfigName=config,
        OutdatedInstancesStrategy="UPDATE",
        DeploymentStyle=codedeploy.DeploymentStyle(
            DeploymentType="IN_PLACE",
            DeploymentOption="WITH_TRAFFIC_CONTROL" if target_groups else "WITHOUT_TRAFFIC_CONTROL"),
        **shared.rollback(ctx, comp, deploy))
    if target_groups:
        group.LoadBalancerInfo = codedeploy.LoadBalancerInfo(TargetGroupInfoList=[
            codedeploy.TargetGroupInfo(Name=GetAtt(tg, "TargetGroupName")) for tg in target_groups])
    ctx.add(group, pipeline)
    return [DeployAction(
        name=logical_id("deploy", comp.name), provider="CodeDeploy",
        configuration={"ApplicationName": Ref(app), "DeploymentGroupName": Ref(group)},
        statements=tuple(shared.pipeline_statements(app, group.title, config)))]
