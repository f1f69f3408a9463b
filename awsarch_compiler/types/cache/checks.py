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
    known = known_versions(comp.engine)
    if known and comp.engine_version not in known:
        yield error("E1505", f"ElastiCache has no {comp.engine} version {comp.engine_version}",
                    path + ("version",),
                    f"{comp.engine} versions: {', '.join(known)}")
