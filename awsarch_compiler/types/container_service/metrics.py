"""Alarm metrics of a ``container-service`` (AWS/ECS and Container Insights, by cluster and service)."""
from __future__ import annotations

from troposphere import GetAtt, Ref

from ..base import Metric
from .model import cluster_id, service_id


def _dimensions(comp, ctx):
    return {"ClusterName": Ref(cluster_id(comp.name)), "ServiceName": GetAtt(service_id(comp.name), "Name")}


METRICS = {
    "cpu": Metric("AWS/ECS", "CPUUtilization", _dimensions, description="Average service CPU utilisation, percent"),
    "memory": Metric("AWS/ECS", "MemoryUtilization", _dimensions,
                     description="Average service memory utilisation, percent"),
    "running_tasks": Metric("ECS/ContainerInsights", "RunningTaskCount", _dimensions,
                            comparison="LessThanThreshold", description="Running tasks (alarm below the threshold)"),
}
