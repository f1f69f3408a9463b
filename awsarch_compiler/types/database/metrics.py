"""Alarm metrics of a ``database`` (AWS/RDS, by cluster or instance)."""
from __future__ import annotations

from troposphere import Ref

from ..base import Metric
from .model import Database, cluster_id, instance_id, is_aurora

GIB = 1024 ** 3


def _dimensions(comp: Database, ctx) -> dict:
    if is_aurora(comp):
        return {"DBClusterIdentifier": Ref(cluster_id(comp.name))}
    return {"DBInstanceIdentifier": Ref(instance_id(comp))}


LOW = "LessThanOrEqualToThreshold"
METRICS = {
    "cpu": Metric("AWS/RDS", "CPUUtilization", _dimensions, description="CPU utilisation, percent"),
    "free_storage": Metric("AWS/RDS", "FreeStorageSpace", _dimensions, "Minimum", LOW, GIB,
                           description="free storage space, GiB (Aurora: free local storage for temporary data)"),
    "connections": Metric("AWS/RDS", "DatabaseConnections", _dimensions, "Maximum",
                          description="client connections, count"),
    "freeable_memory": Metric("AWS/RDS", "FreeableMemory", _dimensions, "Minimum", LOW, GIB,
                              description="freeable memory, GiB"),
    "read_latency": Metric("AWS/RDS", "ReadLatency", _dimensions, unit_scale=0.001,
                           description="average read I/O latency, milliseconds"),
    "write_latency": Metric("AWS/RDS", "WriteLatency", _dimensions, unit_scale=0.001,
                            description="average write I/O latency, milliseconds"),
    "replica_lag": Metric("AWS/RDS", "AuroraReplicaLagMaximum", _dimensions, "Maximum",
                          description="largest Aurora reader lag behind the writer, milliseconds (Aurora with readers)"),
    "acu_utilization": Metric("AWS/RDS", "ACUUtilization", _dimensions, "Maximum",
                              description="capacity used of max_acu, percent (Aurora Serverless v2)"),
}
AURORA_FREE_STORAGE = Metric("AWS/RDS", "FreeLocalStorage", _dimensions, "Minimum", LOW, GIB,
                             description="free local (temporary) storage of the Aurora instances, GiB")


