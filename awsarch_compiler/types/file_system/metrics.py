"""Alarm metrics of a ``file-system`` (AWS/EFS, by file system ID)."""
from __future__ import annotations

from troposphere import Ref

from ..base import Metric
from .model import file_system_id


def _fs_metric(name: str, description: str, statistic="Average", comparison="GreaterThanOrEqualToThreshold"):
    return Metric("AWS/EFS", name, lambda comp, ctx: {"FileSystemId": Ref(file_system_id(comp.name))},
                  statistic=statistic, comparison=comparison, description=description)


METRICS = {
    "io_limit": _fs_metric("PercentIOLimit", "percent of the general-purpose I/O limit in use"),
    "connections": _fs_metric("ClientConnections", "NFS client connections", statistic="Sum"),
    "burst_credits": _fs_metric("BurstCreditBalance", "burst credits left, bytes (bursting throughput)",
                                statistic="Minimum", comparison="LessThanOrEqualToThreshold"),
}
