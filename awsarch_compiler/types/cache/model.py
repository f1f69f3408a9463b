"""The ``cache`` model and its logical IDs."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ...core.model import Component
from ...core.naming import logical_id

TYPE_NAME = "cache"
DEFAULT_VERSIONS = {"valkey": "8.0", "redis": "7.1", "memcached": "1.6.22"}
DEFAULT_PORTS = {"valkey": 6379, "redis": 6379, "memcached": 11211}


@dataclass(frozen=True, kw_only=True)
class Cache(Component):
    engine: str = "valkey"
    version: Optional[str] = None
    node_type: str = "cache.t4g.micro"
    nodes: int = 2
    port: Optional[int] = None
    auth: Optional[str] = None
    encryption: str = "aws"
    snapshot_retention_days: int = 7
    snapshot_window: Optional[str] = None
    multi_az: Optional[bool] = None
    shards: Optional[int] = None
    replicas_per_shard: int = 1
    data_tiering: bool = False

    @property
    def cluster_mode(self) -> bool:
        """Valkey/Redis OSS with shards: cluster mode enabled (keys partitioned over node groups)."""
        return self.shards is not None

    @property
    def failover(self) -> bool:
        """Multi-AZ with automatic failover: multi_az, else on whenever there is a replica."""
        replicas = self.replicas_per_shard if self.cluster_mode else self.nodes - 1
        return replicas >= 1 if self.multi_az is None else self.multi_az

    @property
    def replicated(self) -> bool:
        """Valkey and Redis OSS run as a replication group; Memcached as a cluster."""
        return self.engine != "memcached"

    @property
    def engine_version(self) -> str:
        return self.version or DEFAULT_VERSIONS[self.engine]

    @property
    def uses_token(self) -> bool:
        return (self.auth or ("token" if self.replicated else "none")) == "token"


def group_id(name: str) -> str:
    return logical_id(name, "ReplicationGroup")


def cluster_id(name: str) -> str:
    return logical_id(name, "Cluster")


def token_id(name: str) -> str:
    return logical_id(name, "AuthToken")


def port_of(comp: Cache) -> int:
    return comp.port or DEFAULT_PORTS[comp.engine]
