"""How a pipeline deploys a function: CodeDeploy shifts its ``live`` alias to the new version.

The template gives the function a first version and the alias on it; every caller (API routes,
triggers, subscriptions, rules, ``uses: invoke``) calls the alias. A deploy action uploads the build
output as the function's code, publishes a version and asks CodeDeploy to move the alias to it:
``canary`` (``percent`` first, the rest after ``minutes``), ``linear`` (``percent`` every
``minutes``) or ``all-at-once``, rolling back when the deployment fails or an alarm of
``monitoring.alarms`` on the function fires.
"""
from __future__ import annotations

import math

from awacs.aws import Action, Allow, Statement
from troposphere import GetAtt, Ref, Sub, awslambda, codedeploy

from ...core.naming import logical_id
from ...platform import codedeploy as shared
from ..base import DeployAction
from .model import ALIAS, Function, alias_id, function_arn, function_id, version_id

STRATEGIES = ("canary", "linear", "all-at-once")
ALL_AT_ONCE = "CodeDeployDefault.LambdaAllAtOnce"

SAME = '[ "$CURRENT" = "$TARGET" ] || '  # the version is live already: nothing to shift
SCRIPT = (
    'cd "$CODEBUILD_SRC_DIR" && zip -qr /tmp/function.zip .',
    'TARGET=$(aws lambda update-function-code --function-name "$FUNCTION_NAME" --zip-file fileb:///tmp/function.zip '
    '--publish --query Version --output text)',
    'aws lambda wait function-updated-v2 --function-name "$FUNCTION_NAME"',
    'CURRENT=$(aws lambda get-alias --function-name "$FUNCTION_NAME" --name "$ALIAS" --query FunctionVersion '
    '--output text)',
    'printf \'{"applicationName":"%s","deploymentGroupName":"%s","revision":{"revisionType":"AppSpecContent",'
    '"appSpecContent":{"content":"{\\\\"version\\\\":0.0,\\\\"Resources\\\\":[{\\\\"live\\\\":{\\\\"Type\\\\":'
    '\\\\"AWS::Lambda::Function\\\\",\\\\"Properties\\\\":{\\\\"Name\\\\":\\\\"%s\\\\",\\\\"Alias\\\\":\\\\"%s\\\\",'
    '\\\\"CurrentVersion\\\\":\\\\"%s\\\\",\\\\"TargetVersion\\\\":\\\\"%s\\\\"}}}]}"}}}\' "$APPLICATION" "$GROUP" '
    '"$FUNCTION_NAME" "$ALIAS" "$CURRENT" "$TARGET" > /tmp/deployment.json',
    SAME + 'DEPLOYMENT=$(aws deploy create-deployment --cli-input-json file:///tmp/deployment.json --query deploymentId '
    '--output text)',
    SAME + 'while :; do STATUS=$(aws deploy get-deployment --deployment-id "$DEPLOYMENT" --query deploymentInfo.status '
    '--output text); case "$STATUS" in Succeeded) break ;; Failed|Stopped) echo "deployment $DEPLOYMENT $STATUS"; '
    'exit 1 ;; esac; sleep 15; done',
)


def problem(fn: Function):
    """Inline code lives in the template: a pipeline's build would replace it behind the template's back."""
    if fn.inline is not None:
        return (f"'{fn.name}' has inline code, which its template holds; a pipeline would replace it",
                f"move the code into the repository and write code: PATH on '{fn.name}' instead of inline")
    return None


def add_alias(fn: Function, ctx) -> None:
    """The first version and the ``live`` alias on it (CodeDeploy moves the alias afterwards)."""
    version = ctx.add(awslambda.Version(version_id(fn.name), FunctionName=Ref(function_id(fn.name)),
                                        Description="the version the template created"), fn, tags=False)
    ctx.add(awslambda.Alias(alias_id(fn.name), FunctionName=Ref(function_id(fn.name)), Name=ALIAS,
                            FunctionVersion=GetAtt(version, "Version"),
                            Description="what callers invoke; a pipeline shifts it to new versions"), fn, tags=False)


def _config(fn: Function, deploy, ctx, pipeline):
    """The deployment config: the built-in all-at-once, or this function's canary or linear shift."""
    if deploy.strategy == "all-at-once":
        return ALL_AT_ONCE
    if deploy.strategy == "canary":
        routing = codedeploy.TrafficRoutingConfig(Type="TimeBasedCanary", TimeBasedCanary=codedeploy.TimeBasedCanary(
            CanaryPercentage=deploy.percent, CanaryInterval=deploy.minutes))
    else:
        routing = codedeploy.TrafficRoutingConfig(Type="TimeBasedLinear", TimeBasedLinear=codedeploy.TimeBasedLinear(
            LinearPercentage=deploy.percent, LinearInterval=deploy.minutes))
    config = ctx.add(codedeploy.DeploymentConfig(logical_id(fn.name, "DeployConfig"), ComputePlatform="Lambda",
                                                 TrafficRoutingConfig=routing), pipeline, tags=False)
    return Ref(config)


def _minutes(deploy) -> int:
    """How long the shift takes, so the action's build outlives it."""
    if deploy.strategy == "linear":
        return math.ceil(100 / deploy.percent) * deploy.minutes
    return deploy.minutes if deploy.strategy == "canary" else 0


def actions(fn: Function, deploy, ctx, pipeline, artifact: str) -> list[DeployAction]:
    app = shared.application(ctx, fn, pipeline, "Lambda")
    alias_arn = Ref(alias_id(fn.name))
    role = shared.service_role(ctx, fn, pipeline, [
        Statement(Effect=Allow, Action=[Action("lambda", "GetAlias"), Action("lambda", "UpdateAlias")],
                  Resource=[alias_arn]),
        # DescribeAlarms has no resource-level permissions: AWS requires "*" for it.
        Statement(Effect=Allow, Action=[Action("cloudwatch", "DescribeAlarms")], Resource=["*"])])
    config = _config(fn, deploy, ctx, pipeline)
    group = ctx.add(codedeploy.DeploymentGroup(
        logical_id(fn.name, "DeployGroup"), ApplicationName=Ref(app), ServiceRoleArn=GetAtt(role, "Arn"),
        DeploymentConfigName=config, DeploymentStyle=codedeploy.DeploymentStyle(
            DeploymentType="BLUE_GREEN", DeploymentOption="WITH_TRAFFIC_CONTROL"),
        **shared.rollback(ctx, fn, deploy)), pipeline)
    statements = [
        Statement(Effect=Allow, Action=[Action("lambda", a) for a in (
            "GetFunction", "GetFunctionConfiguration", "PublishVersion", "UpdateFunctionCode")],
            Resource=[function_arn(fn.name)]),
        Statement(Effect=Allow, Action=[Action("lambda", "GetAlias")], Resource=[alias_arn]),
        *shared.pipeline_statements(app, group.title, config)]
    environment = (("FUNCTION_NAME", Ref(function_id(fn.name))), ("ALIAS", ALIAS),
                   ("APPLICATION", Ref(app)), ("GROUP", Ref(group)))
    return [DeployAction(name=logical_id("deploy", fn.name), provider="commands", commands=SCRIPT,
                         statements=tuple(statements), environment=environment,
                         timeout_minutes=min(2160, _minutes(deploy) + 30))]
