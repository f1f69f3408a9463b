"""Cross-cutting monitoring (``monitoring:``): alarm topic, alarms by friendly metric,
budget, tracing summary; the dashboard and the audit trail live in their own modules.

Every component type declares its alarm metrics (``ComponentType.metrics``,
``ComponentType.metric``); an alarm names a component and one of its metric
names, and becomes one CloudWatch alarm on that metric, sending ALARM and OK
to a topic encrypted with a customer-managed key that CloudWatch may use
(it cannot publish to topics under the AWS-managed SNS key). All resources
land in the monitoring stack.
"""
from __future__ import annotations

import json
import math

from awacs import kms as awacs_kms
from awacs.aws import Allow, ArnLike, Condition, Principal, Statement, StringEquals
from troposphere import GetAtt, Ref, Sub, budgets, cloudwatch, sns

from ...core.context import Context
from ...core.diagnostics import Diagnostic, error
from ...core.model import Architecture
from ...core.naming import logical_id
from . import audit_trail, dashboard
from ..kms import add_key

LAYER = "monitoring"
TOPIC = "MonitoringAlarmTopic"
TOPIC_KEY = "MonitoringAlarmTopicKey"
BUDGET = "MonitoringBudget"
STANDARD_STATISTICS = ("Average", "Maximum", "Minimum", "SampleCount", "Sum")
BUDGET_EMAIL_LIMIT = 10  # AWS Budgets: e-mail subscribers per notification


def alarm_id(component: str, metric: str) -> str:
    return logical_id(component, metric, "Alarm")


def check(arch: Architecture, registry) -> list[Diagnostic]:
    """Monitoring checks beyond the per-alarm reference checks (E377, E379)."""
    out = []
    seen: dict[tuple, int] = {}
    for i, alarm in enumerate(arch.monitoring.alarms):
        key = (alarm.component, alarm.metric)
        if key in seen:
            out.append(error("E377", f"a second alarm on {alarm.component} {alarm.metric} (the first is "
                                     f"alarms[{seen[key]}])", ("monitoring", "alarms", i),
                             "keep one alarm per component and metric"))
        seen.setdefault(key, i)
    budget = arch.monitoring.budget
    if budget is not None and len(arch.monitoring.notify) > BUDGET_EMAIL_LIMIT:
        out.append(error("E379", f"a budget notifies at most {BUDGET_EMAIL_LIMIT} e-mail addresses, and notify "
                                 f"has {len(arch.monitoring.notify)}", ("monitoring", "notify"),
                         "use a mailing-list address for the rest"))
    return out


def generate(ctx: Context) -> None:
    mon = ctx.arch.monitoring
    if mon.notify or mon.alarms:
        _alarm_topic(ctx)
    for i, alarm in enumerate(mon.alarms):
        _alarm(ctx, i, alarm)
    if mon.budget is not None:
        _budget(ctx)
    if mon.dashboard:
        dashboard.generate(ctx)
    if mon.audit_trail:
        audit_trail.generate(ctx)
    if mon.tracing:
        _tracing_note(ctx)


def _alarm_topic(ctx: Context) -> None:
    path = ("monitoring", "notify")
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
    for address in ctx.arch.monitoring.notify:
        ctx.add(sns.SubscriptionResource(
            logical_id("notify", address, "Subscription"), TopicArn=Ref(TOPIC), Protocol="email", Endpoint=address,
        ), None, layer=LAYER, tags=False, path=path)
    if ctx.arch.monitoring.notify:
        ctx.note("monitoring.notify: each address must confirm the e-mail AWS sends before alarms reach it")


def _alarm(ctx: Context, index: int, alarm) -> None:
    comp = ctx.component(alarm.component)
    metric = ctx.kind(alarm.component).metric(comp, alarm.metric)
    logical = alarm_id(alarm.component, alarm.metric)
    periods = max(1, math.ceil(alarm.minutes * 60 / metric.period))
    dimensions = metric.dimensions(comp, ctx)
    resource = cloudwatch.Alarm(
        logical, AlarmName=Sub(f"${{AWS::StackName}}-{logical}"),
        AlarmDescription=(f"{alarm.component} {alarm.metric}: {metric.description or metric.name} "
                          f"{_comparison_text(metric.comparison)} {alarm.threshold:g} for {alarm.minutes} min")[:1024],
        Namespace=metric.namespace, MetricName=metric.name,
        Dimensions=[cloudwatch.MetricDimension(Name=name, Value=value) for name, value in sorted(dimensions.items())],
        Period=metric.period, EvaluationPeriods=periods, DatapointsToAlarm=periods,
        Threshold=_number(alarm.threshold * metric.unit_scale), ComparisonOperator=metric.comparison,
        TreatMissingData=missing_data(metric), AlarmActions=[Ref(TOPIC)], OKActions=[Ref(TOPIC)],
    )
    if is_extended(metric.statistic):
        resource.ExtendedStatistic = metric.statistic
    else:
        resource.Statistic = metric.statistic
    ctx.add(resource, None, layer=LAYER, path=("monitoring", "alarms", index))
    home = dashboard.GLOBAL_NAMESPACES.get(metric.namespace)
    if home and not ctx.arch.region:
        ctx.note(f"monitoring.alarms: {metric.namespace} metrics exist only in {home}; deploy there for "
                 f"the {alarm.component} {alarm.metric} alarm to see data")


def is_extended(statistic: str) -> bool:
    """p95, p99.9, tm90, ... are CloudWatch extended statistics; Average, Sum, ... are not."""
    return statistic not in STANDARD_STATISTICS


def missing_data(metric) -> str:
    """Counts that are absent mean nothing happened; a missing gauge or percentile stays unknown."""
    return "notBreaching" if metric.statistic in ("Sum", "SampleCount") else "missing"


def _comparison_text(comparison: str) -> str:
    return {"GreaterThanOrEqualToThreshold": ">=", "GreaterThanThreshold": ">",
            "LessThanOrEqualToThreshold": "<=", "LessThanThreshold": "<"}.get(comparison, comparison)


def _number(value: float):
    return int(value) if float(value).is_integer() else round(value, 6)


def _budget(ctx: Context) -> None:
    mon = ctx.arch.monitoring
    budget = mon.budget
    ctx.add(budgets.Budget(
        BUDGET,
        Budget=budgets.BudgetData(BudgetType="COST", TimeUnit="MONTHLY",
                                  BudgetLimit=budgets.Spend(Amount=_number(budget.monthly_usd), Unit="USD")),
        NotificationsWithSubscribers=[budgets.NotificationWithSubscribers(
            Notification=budgets.Notification(ComparisonOperator="GREATER_THAN", NotificationType="ACTUAL",
                                              Threshold=budget.alert_at_percent, ThresholdType="PERCENTAGE"),
            Subscribers=[budgets.Subscriber(SubscriptionType="EMAIL", Address=a) for a in mon.notify])],
        ResourceTags=[budgets.ResourceTag(Key=k, Value=v) for k, v in ctx.tag_dict().items()],
    ), None, layer=LAYER, tags=False, path=("monitoring", "budget"))


def _tracing_note(ctx: Context) -> None:
    traced = sorted({entry.component for entry in ctx.entries.values()
                     if entry.component and _traces(entry.resource)})
    if traced:
        ctx.note(f"monitoring.tracing: AWS X-Ray tracing on {', '.join(traced)}")
    else:
        ctx.note("monitoring.tracing: no component here supports AWS X-Ray tracing")


def _traces(resource) -> bool:
    try:
        props = resource.to_dict().get("Properties", {})
    except (ValueError, TypeError, KeyError, AttributeError):
        return False
    config = props.get("TracingConfig")
    if isinstance(config, dict) and (config.get("Mode") == "Active" or config.get("Enabled") is True):
        return True
    return props.get("TracingEnabled") is True or "xray" in json.dumps(props, default=str).lower()

