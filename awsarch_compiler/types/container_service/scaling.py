"""Service auto scaling of a ``container-service``: target tracking between capacity.min and max.

- ``cpu_target`` / ``memory_target``: the service's average CPU / memory utilisation.
- ``request_count_target``: ALB requests per task per minute, on the target
  group of every load balancer routing to the service.
- ``queue`` + ``messages_per_task``: the queue's visible messages per running
  task (metric math over SQS ``ApproximateNumberOfMessagesVisible`` and
  Container Insights ``RunningTaskCount``; with no task running, the whole
  backlog counts, so the service scales out from zero).
"""
from __future__ import annotations

from troposphere import GetAtt, Ref, Sub
from troposphere import applicationautoscaling as aas

from ...core.context import Context
from ...core.naming import logical_id
from ..queue.model import queue_id
from .model import cluster_id, service_id


def _policy(comp, target: str, role: str, config: aas.TargetTrackingScalingPolicyConfiguration) -> aas.ScalingPolicy:
    scaling = comp.scaling
    config.ScaleInCooldown = scaling.scale_in_cooldown
    config.ScaleOutCooldown = scaling.scale_out_cooldown
    return aas.ScalingPolicy(
        logical_id(comp.name, role, "ScalingPolicy"), PolicyName=f"{comp.name}-{role.lower()}",
        PolicyType="TargetTrackingScaling", ScalingTargetId=Ref(target),
        TargetTrackingScalingPolicyConfiguration=config)


def _predefined(kind: str, value, label=None) -> aas.TargetTrackingScalingPolicyConfiguration:
    spec = aas.PredefinedMetricSpecification(PredefinedMetricType=kind)
    if label is not None:
        spec.ResourceLabel = label
    return aas.TargetTrackingScalingPolicyConfiguration(PredefinedMetricSpecification=spec, TargetValue=float(value))


def _stat(query_id: str, namespace: str, metric: str, dimensions: dict) -> aas.TargetTrackingMetricDataQuery:
    return aas.TargetTrackingMetricDataQuery(
        Id=query_id, ReturnData=False, MetricStat=aas.TargetTrackingMetricStat(Stat="Average", Metric=aas.TargetTrackingMetric(
            Namespace=namespace, MetricName=metric,
            Dimensions=[aas.TargetTrackingMetricDimension(Name=k, Value=v) for k, v in dimensions.items()])))


def _backlog(comp) -> aas.TargetTrackingScalingPolicyConfiguration:
    scaling = comp.scaling
    metrics = [
        _stat("messages", "AWS/SQS", "ApproximateNumberOfMessagesVisible",
              {"QueueName": GetAtt(queue_id(scaling.queue), "QueueName")}),
        _stat("tasks", "ECS/ContainerInsights", "RunningTaskCount",
              {"ClusterName": Ref(cluster_id(comp.name)), "ServiceName": GetAtt(service_id(comp.name), "Name")}),
        aas.TargetTrackingMetricDataQuery(
            Id="backlog", Label="Visible messages per running task", ReturnData=True,
            Expression="messages / IF(FILL(tasks, 0) > 0, FILL(tasks, 0), 1)"),
    ]
    return aas.TargetTrackingScalingPolicyConfiguration(
        CustomizedMetricSpecification=aas.CustomizedMetricSpecification(Metrics=metrics),
        TargetValue=float(scaling.messages_per_task))


def generate(comp, ctx: Context) -> None:
    scaling = comp.scaling
    if scaling is None:
        return
    target = ctx.add(aas.ScalableTarget(
        logical_id(comp.name, "ScalableTarget"), ServiceNamespace="ecs", ScalableDimension="ecs:service:DesiredCount",
        ResourceId=Sub(f"service/${{{cluster_id(comp.name)}}}/${{{service_id(comp.name)}.Name}}"),
        MinCapacity=comp.capacity.min, MaxCapacity=comp.capacity.max), comp, tags=False)
    policies = []
    if scaling.cpu_target is not None:
        policies.append(_policy(comp, target.title, "Cpu", _predefined("ECSServiceAverageCPUUtilization", scaling.cpu_target)))
    if scaling.memory_target is not None:
        policies.append(_policy(comp, target.title, "Memory",
                                _predefined("ECSServiceAverageMemoryUtilization", scaling.memory_target)))
    if scaling.request_count_target is not None:
        for n, edge in enumerate(ctx.arch.edges_to(comp.name, "forward")):
            label = Sub(f"${{{edge.detail.load_balancer}.LoadBalancerFullName}}/"
                        f"${{{edge.detail.target_group}.TargetGroupFullName}}")
            role = "Requests" if n == 0 else logical_id(edge.source, "Requests")
            policies.append(_policy(comp, target.title, role,
                                    _predefined("ALBRequestCountPerTarget", scaling.request_count_target, label)))
    if scaling.queue and scaling.messages_per_task:
        policies.append(_policy(comp, target.title, "Backlog", _backlog(comp)))
    for policy in policies:
        ctx.add(policy, comp, tags=False)
