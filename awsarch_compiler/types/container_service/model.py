"""The ``container-service`` model and its logical IDs."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping, Optional

from ...core.model import Capacity, Component, HealthCheck, empty
from ...core.naming import logical_id

TYPE_NAME = "container-service"
PRIVATE_ECR = re.compile(r"^(?P<account>[0-9]{12})\.dkr\.ecr\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(\.cn)?/"
                         r"(?P<repo>[a-z0-9._/-]+?)(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})?$")
NAMESPACE_ID = "ServiceDiscoveryNamespace"


@dataclass(frozen=True, kw_only=True)
class Scaling:
    cpu_target: Optional[float] = None
    memory_target: Optional[float] = None
    request_count_target: Optional[int] = None
    queue: Optional[str] = None
    messages_per_task: Optional[int] = None
    scale_in_cooldown: int = 300
    scale_out_cooldown: int = 60


@dataclass(frozen=True, kw_only=True)
class ContainerHealthCheck:
    command: str
    interval: int = 30
    timeout: int = 5
    retries: int = 3
    start_period: int = 0


@dataclass(frozen=True, kw_only=True)
class ContainerService(Component):
    launch: str = "fargate"
    instance_type: Optional[str] = None
    architecture: str = "x86_64"
    image: Optional[str] = None
    repository: Optional[str] = None
    command: tuple[str, ...] = ()
    port: Optional[int] = None
    cpu: int = 256
    memory: int = 512
    fargate_spot: int = 0
    platform_version: str = "LATEST"
    capacity: Capacity = field(default_factory=lambda: Capacity(min=1, max=2))
    scaling: Optional[Scaling] = None
    health_check: HealthCheck = field(default_factory=HealthCheck)
    container_health_check: Optional[ContainerHealthCheck] = None
    environment: Mapping[str, str] = empty()
    user: Optional[str] = None
    writable_root: bool = False
    log_retention_days: int = 365


def cluster_id(name: str) -> str:
    return logical_id(name, "Cluster")


def service_id(name: str) -> str:
    return logical_id(name, "Service")


def service_host(comp: Component, arch) -> str:
    """The Cloud Map DNS name of the service's tasks: ``api.shop.internal``."""
    return f"{comp.name}.{namespace_name(arch)}"


def namespace_name(arch) -> str:
    return f"{arch.name}.internal"


def from_ecr(comp) -> bool:
    """The image comes from a private ECR repository (reachable through the ecr.api/ecr.dkr endpoints)."""
    return bool(comp.repository) or bool(PRIVATE_ECR.match(comp.image or ""))
