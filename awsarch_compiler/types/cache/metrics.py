"""Alarm metrics of a ``cache`` (AWS/ElastiCache, on the primary node)."""
from __future__ import annotations

from troposphere import Ref, Sub

from ..base import Metric
from .model import cluster_id, group_id


def _primary_node(comp, ctx):
    """Node 001 of the replication group (the first primary), or the Memcached cluster."""
    if comp.cluster_mode:  # the first shard's first node
        return {"CacheClusterId": Sub(f"${{{group_id(comp.name)}}}-0001-001")}
    if comp.replicated:
        return {"CacheClusterId": Sub(f"${{{group_id(comp.name)}}}-001")}
    return {"CacheClusterId": Ref(cluster_id(comp.name))}


METRICS = {
    "cpu": Metric("AWS/ElastiCache", "CPUUtilization", _primary_node,
                  description="host CPU of the primary node, percent"),
    "memory": Metric("AWS/ElastiCache", "DatabaseMemoryUsagePercentage", _primary_node,
                     description="share of the primary node's maxmemory in use, percent (valkey/redis)"),
    "evictions": Metric("AWS/ElastiCache", "Evictions", _primary_node, statistic="Sum",
                        description="keys evicted for lack of memory, per minute"),
    "connections": Metric("AWS/ElastiCache", "CurrConnections", _primary_node, statistic="Maximum",
                          description="client connections to the primary node"),
}
