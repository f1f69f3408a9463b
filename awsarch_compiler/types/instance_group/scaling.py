"""How an instance group scales: target tracking (CPU, requests per target, network in and out),
simple and step scaling on CloudWatch alarms, and scheduled actions."""
from __future__ import annotations

import math

from troposphere import GetAtt, Join, Ref, autoscaling, cloudwatch

from ...core.context import Context
from ...core.naming import logical_id
from .model import InstanceGroup, ScalingPolicy, group_id
from .metrics import METRICS

PREDEFINED = (("cpu_target", "Cpu", "ASGAverageCPUUtilization", 1.0),
              ("network_in_target", "NetworkIn", "ASGAverageNetworkIn", 1024.0 ** 2),
              ("network_out_target", "NetworkOut", "ASGAverageNetworkOut", 1024.0 ** 2))


def _tracking(ctx: Context, comp: InstanceGroup, role: str, metric_type: str, target: float, **extra) -> None:
    spec = autoscaling.PredefinedMetricSpecification(PredefinedMetricType=metric_type, **extra.pop("label", {}))
    ctx.add(autoscaling.ScalingPolicy(
        logical_id(comp.name, role, "ScalingPolicy"), AutoScalingGroupName=Ref(group_id(comp.name)),
        PolicyType="TargetTrackingScaling", EstimatedInstanceWarmup=comp.scaling.warmup,
        TargetTrackingConfiguration=autoscaling.TargetTrackingConfiguration(
            PredefinedMetricSpecification=spec, TargetValue=float(target)), **extra), comp)


def _targets(ctx: Context, comp: InstanceGroup, routes) -> None:
    scaling = comp.scaling
    for field, role, metric_type, scale in PREDEFINED:
        value = getattr(scaling, field)
        if value is not None:
            _tracking(ctx, comp, role, metric_type, _num(value * scale))
    if scaling.request_count_target is not None:
        forward = next(f for f in routes if f.application)
        label = Join("/", [GetAtt(forward.load_balancer, "LoadBalancerFullName"),
                           GetAtt(forward.target_group, "TargetGroupFullName")])
        _tracking(ctx, comp, "RequestCount", "ALBRequestCountPerTarget", scaling.request_count_target,
                  label={"ResourceLabel": label}, DependsOn=list(forward.routing))


def _num(value: float):
    """A whole number as an int (no 60.0, no -0.0 in the template)."""
    value = float(value) + 0.0
    return int(value) if value.is_integer() else round(value, 6)


def _adjustments(policy: ScalingPolicy, scale: float) -> list:
    """Step adjustments relative to the alarm threshold: above grows outwards from 0, below downwards."""
    steps = sorted(policy.steps, key=lambda s: s.beyond)
    out = []
    for i, step in enumerate(steps):
        low = _num(step.beyond * scale)
        high = _num(steps[i + 1].beyond * scale) if i + 1 < len(steps) else None
        if policy.above is not None:
            adjustment = autoscaling.StepAdjustments(MetricIntervalLowerBound=low, ScalingAdjustment=step.change)
            if high is not None:
                adjustment.MetricIntervalUpperBound = high
        else:
            adjustment = autoscaling.StepAdjustments(MetricIntervalUpperBound=_num(-low), ScalingAdjustment=-step.change)
            if high is not None:
                adjustment.MetricIntervalLowerBound = _num(-high)
        out.append(adjustment)
    return out


def policy_role(policy: ScalingPolicy) -> str:
    """A stable name from what the policy watches: ``CpuAbove60``, ``CpuBelow40``."""
    side, threshold = ("Above", policy.above) if policy.above is not None else ("Below", policy.below)
    return logical_id(policy.metric, side, f"{threshold:g}".replace(".", "p").replace("-", "minus"))


def _policy(ctx: Context, comp: InstanceGroup, index: int, policy: ScalingPolicy) -> None:
    metric = METRICS[policy.metric]
    role = policy_role(policy)
    path = ("components", comp.name, "scaling", "policies", index)
    group = Ref(group_id(comp.name))
    if policy.steps:
        action = autoscaling.ScalingPolicy(
            logical_id(comp.name, role, "ScalingPolicy"), AutoScalingGroupName=group, PolicyType="StepScaling",
            AdjustmentType="ChangeInCapacity", EstimatedInstanceWarmup=comp.scaling.warmup,
            MetricAggregationType="Average", StepAdjustments=_adjustments(policy, metric.unit_scale))
    else:
        change = policy.add if policy.add is not None else -policy.remove
        action = autoscaling.ScalingPolicy(
            logical_id(comp.name, role, "ScalingPolicy"), AutoScalingGroupName=group, PolicyType="SimpleScaling",
            AdjustmentType="ChangeInCapacity", ScalingAdjustment=change, Cooldown=str(policy.cooldown))
    ctx.add(action, comp, path=path)
    threshold = policy.above if policy.above is not None else policy.below
    periods = max(1, math.ceil(policy.minutes * 60 / metric.period))
    alarm = cloudwatch.Alarm(
        logical_id(comp.name, role, "Alarm"),
        AlarmDescription=f"{comp.name} {policy.metric} {'above' if policy.above is not None else 'below'} "
                         f"{threshold:g} for {policy.minutes} min: scale {'out' if policy.above is not None else 'in'}",
        Namespace=metric.namespace, MetricName=metric.name, Period=metric.period,
        Dimensions=[cloudwatch.MetricDimension(Name=k, Value=v) for k, v in sorted(metric.dimensions(comp, ctx).items())],
        EvaluationPeriods=periods, DatapointsToAlarm=periods, Threshold=_num(threshold * metric.unit_scale),
        ComparisonOperator="GreaterThanThreshold" if policy.above is not None else "LessThanThreshold",
        TreatMissingData="missing", AlarmActions=[Ref(action)])
    alarm.Statistic = metric.statistic
    ctx.add(alarm, comp, path=path)


def _schedule(ctx: Context, comp: InstanceGroup) -> None:
    for i, action in enumerate(comp.scaling.schedule):
        resource = autoscaling.ScheduledAction(
            logical_id(comp.name, action.name, "ScheduledAction"), AutoScalingGroupName=Ref(group_id(comp.name)),
            Recurrence=action.cron)
        for field, prop in (("min", "MinSize"), ("max", "MaxSize"), ("desired", "DesiredCapacity")):
            if getattr(action, field) is not None:
                setattr(resource, prop, getattr(action, field))
        if action.timezone:
            resource.TimeZone = action.timezone
        ctx.add(resource, comp, path=("components", comp.name, "scaling", "schedule", i))


def generate(ctx: Context, comp: InstanceGroup, routes) -> None:
    if comp.scaling is None:
        return
    _targets(ctx, comp, routes)
    for i, policy in enumerate(comp.scaling.policies):
        _policy(ctx, comp, i, policy)
    _schedule(ctx, comp)
