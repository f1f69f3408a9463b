"""Failed executions: an EventBridge rule that matches them and an alarm on it to the monitoring topic."""
from __future__ import annotations

from troposphere import Ref, Sub, cloudwatch, events

from ...core.context import Context
from ...core.naming import logical_id
from ...platform.monitoring.ids import TOPIC
from .model import Pipeline
from .sources import pipeline_arn


def failure_alarm(comp: Pipeline, ctx: Context) -> None:
    mon = ctx.arch.monitoring
    if not (mon.notify or mon.alarms):
        ctx.note(f"components.{comp.name}: no monitoring.notify, so nobody is told when an execution fails")
        return
    rule = ctx.add(events.Rule(
        logical_id(comp.name, "FailedRule"), Description=f"{ctx.arch.name} {comp.name}: a failed execution",
        State="ENABLED", EventPattern={
            "source": ["aws.codepipeline"], "detail-type": ["CodePipeline Pipeline Execution State Change"],
            "resources": [pipeline_arn(comp)], "detail": {"state": ["FAILED"]}}), comp)
    ctx.add(cloudwatch.Alarm(
        logical_id(comp.name, "FailedAlarm"), AlarmName=Sub(f"${{AWS::StackName}}-{logical_id(comp.name, 'Failed')}"),
        AlarmDescription=f"{comp.name}: a pipeline execution failed",
        Namespace="AWS/Events", MetricName="TriggeredRules",
        Dimensions=[cloudwatch.MetricDimension(Name="RuleName", Value=Ref(rule))],
        Statistic="Sum", Period=300, EvaluationPeriods=1, Threshold=1,
        ComparisonOperator="GreaterThanOrEqualToThreshold", TreatMissingData="notBreaching",
        AlarmActions=[Ref(TOPIC)]), comp)
