"""Semantic checks of a ``cache``: what Memcached lacks, and versions ElastiCache offers."""
from __future__ import annotations

from ...core.diagnostics import error
from .model import Cache
from .versions import known_versions

MEMCACHED_TLS_FROM = (1, 6, 12)  # the first Memcached version with in-transit encryption


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def check(comp: Cache, arch):
    path = ("components", comp.name)
    if comp.engine == "memcached":
        if comp.auth == "token":
            yield error("E1501", "Memcached has no AUTH token", path + ("auth",),
                        "use engine: valkey (or redis) for authenticated access, or remove auth")
        if comp.engine_version.count(".") == 2 and _version_tuple(comp.engine_version) < MEMCACHED_TLS_FROM:
            yield error("E1502", f"Memcached {comp.engine_version} cannot encrypt in transit", path + ("version",),
                        "use Memcached 1.6.12 or later, such as \"1.6.22\"")
        if comp.encryption == "kms":
            yield error("E1503", "Memcached has no encryption at rest, so a KMS key does not apply",
                        path + ("encryption",), "remove encryption, or use engine: valkey")
        for alarm in arch.monitoring.alarms:
            if alarm.component == comp.name and alarm.metric == "memory":
                yield error("E1504", "Memcached does not report DatabaseMemoryUsagePercentage",
                            ("monitoring", "alarms", arch.monitoring.alarms.index(alarm), "metric"),
                            "alarm on evictions instead")
    yield from _shape(comp, path)
    known = known_versions(comp.engine)
    if known and comp.engine_version not in known:
        yield error("E1505", f"ElastiCache has no {comp.engine} version {comp.engine_version}",
                    path + ("version",),
                    f"{comp.engine} versions: {', '.join(known)}")


def _shape(comp: Cache, path: tuple):
    """Cluster mode, Multi-AZ and data tiering: what the engine and the node type allow."""
    if not comp.replicated:
        given = {"shards": comp.shards is not None, "multi_az": comp.multi_az is not None,
                 "snapshot_window": comp.snapshot_window is not None, "data_tiering": comp.data_tiering}
        for key in (k for k, on in given.items() if on):
            yield error("E1570", f"Memcached has no '{key}'", path + (key,), "use engine: valkey, or remove it")
        return
    replicas = comp.replicas_per_shard if comp.cluster_mode else comp.nodes - 1
    if comp.multi_az and replicas < 1:
        where = "replicas_per_shard" if comp.cluster_mode else "nodes"
        yield error("E1571", "multi_az needs a replica to fail over to", path + ("multi_az",),
                    f"set {where}: {1 if comp.cluster_mode else 2} or more, or remove multi_az")
    if comp.data_tiering and not comp.node_type.startswith("cache.r6gd."):
        yield error("E1572", f"data tiering needs r6gd nodes, not {comp.node_type}", path + ("data_tiering",),
                    "use a node_type such as cache.r6gd.xlarge, or remove data_tiering")
    if comp.cluster_mode and comp.nodes != 2:
        yield error("E1573", "nodes does not apply in cluster mode: each shard has a primary and replicas_per_shard",
                    path + ("nodes",), "remove nodes and set replicas_per_shard")
