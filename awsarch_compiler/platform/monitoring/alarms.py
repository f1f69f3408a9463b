"""Alarms by friendly metric (``monitoring.alarms``) and the encrypted topic they notify.

Every component type declares its alarm metrics (``ComponentType.metrics``,
``ComponentType.metric``); an alarm names a component and one of its metric
names, and becomes one CloudWatch alarm on that metric, sending ALARM and OK
to a topic encrypted with a customer-managed key that CloudWatch may use
(it cannot publish to topics under the AWS-managed SNS key).
"""
from __future__ import annotations

import math

from awacs import kms as awacs_kms
from awacs.aws import Allow, ArnLike, Condition, Principal, Statement, StringEquals
from troposphere import GetAtt, Ref, Sub, cloudwatch, sns

from ...core.context import Context
from ...core.naming import logical_id
from ..encryption import aws_managed_only
from ..kms import add_key
from .ids import LAYER, TOPIC, TOPIC_KEY, alarm_id

STANDARD_STATISTICS = ("Average", "Maximum", "Minimum", "SampleCount", "Sum")
COMPARISONS = {"above": "GreaterThanThreshold", "below": "LessThanThreshold"}  # monitoring.alarms[].comparison
GLOBAL_NAMESPACES = {"AWS/CloudFront": "us-east-1"}  # published in one region only


def alarm_topic(ctx: Context) -> None:
    path = ("monitoring", "notify")
    if aws_managed_only(ctx.arch):
        topic = ctx.add(sns.Topic(TOPIC, DisplayName=f"{ctx.arch.name} alarms"[:100]), None, layer=LAYER, path=path)
        ctx.suppress(topic, "CKV_AWS_26", "AWS-managed keys only (encryption: aws-managed), and CloudWatch cannot "
                                          "publish to a topic under the AWS-managed SNS key")
        ctx.note("encryption: aws-managed — the alarm topic is not encrypted at rest (CloudWatch cannot publish to a "
                 "topic under the AWS-managed SNS key); its messages are alarm states only")
        _subscriptions(ctx, path)
        return
    account = Sub("${AWS::AccountId}")
    add_key(ctx, TOPIC_KEY, f"{ctx.arch.name}: encrypts the alarm topic; this account's CloudWatch alarms may use it",
            f"alias/{ctx.arch.name}/alarm-topic", [
                Statement(Sid="CloudWatchAlarmsPublish", Effect=Allow,
                          Principal=Principal("Service", "cloudwatch.amazonaws.com"),
                          Action=[awacs_kms.Decrypt, awacs_kms.Action("GenerateDataKey*")], Resource=["*"],
                          Condition=Condition([
                              StringEquals("aws:SourceAccount", account),
                              ArnLike("aws:SourceArn", Sub("arn:${AWS::Partition}:cloudwatch:${AWS::Region}:"
                                                           "${AWS::AccountId}:alarm:*"))])),
            ], layer=LAYER, path=path)
    ctx.add(sns.Topic(TOPIC, DisplayName=f"{ctx.arch.name} alarms"[:100], KmsMasterKeyId=GetAtt(TOPIC_KEY, "Arn")),
            None, layer=LAYER, path=path)
    _subscriptions(ctx, path)


def _subscriptions(ctx: Context, path: tuple) -> None:
    for address in ctx.arch.monitoring.notify:
        ctx.add(sns.SubscriptionResource(
            logical_id("notify", address, "Subscription"), TopicArn=Ref(TOPIC), Protocol="email", Endpoint=address,
        ), None, layer=LAYER, tags=False, path=path)
    if ctx.arch.monitoring.notify:
        ctx.note("monitoring.notify: each address must confirm the e-mail AWS sends before alarms reach it")


def alarm(ctx: Context, index: int, spec) -> None:
    """The CloudWatch alarm of ``monitoring.alarms[index]``."""
    comp = ctx.component(spec.component)
    metric = ctx.kind(spec.component).metric(comp, spec.metric)
    logical = alarm_id(spec.component, spec.metric)
    periods = max(1, math.ceil(spec.minutes * 60 / metric.period))
    dimensions = metric.dimensions(comp, ctx)
    comparison = COMPARISONS.get(spec.comparison, metric.comparison)
    resource = cloudwatch.Alarm(
        logical, AlarmName=Sub(f"${{AWS::StackName}}-{logical}"),
        AlarmDescription=(f"{spec.component} {spec.metric}: {metric.description or metric.name} "
                          f"{_comparison_text(comparison)} {spec.threshold:g} for {spec.minutes} min")[:1024],
        Namespace=metric.namespace, MetricName=metric.name,
        Dimensions=[cloudwatch.MetricDimension(Name=name, Value=value) for name, value in sorted(dimensions.items())],
        Period=metric.period, EvaluationPeriods=periods, DatapointsToAlarm=periods,
        Threshold=number(spec.threshold * metric.unit_scale), ComparisonOperator=comparison,
        TreatMissingData=missing_data(metric), AlarmActions=[Ref(TOPIC)], OKActions=[Ref(TOPIC)],
    )
    if is_extended(metric.statistic):
        resource.ExtendedStatistic = metric.statistic
    else:
        resource.Statistic = metric.statistic
    ctx.add(resource, None, layer=LAYER, path=("monitoring", "alarms", index))
    home = GLOBAL_NAMESPACES.get(metric.namespace)
    if home and not ctx.arch.region:
        ctx.note(f"monitoring.alarms: {metric.namespace} metrics exist only in {home}; deploy there for "
                 f"the {spec.component} {spec.metric} alarm to see data")


def is_extended(statistic: str) -> bool:
    """p95, p99.9, tm90, ... are CloudWatch extended statistics; Average, Sum, ... are not."""
    return statistic not in STANDARD_STATISTICS


def missing_data(metric) -> str:
    """Counts that are absent mean nothing happened; a missing gauge or percentile stays unknown."""
    return "notBreaching" if metric.statistic in ("Sum", "SampleCount") else "missing"


def _comparison_text(comparison: str) -> str:
    return {"GreaterThanOrEqualToThreshold": ">=", "GreaterThanThreshold": ">",
            "LessThanOrEqualToThreshold": "<=", "LessThanThreshold": "<"}.get(comparison, comparison)


def number(value: float):
    return int(value) if float(value).is_integer() else round(value, 6)
