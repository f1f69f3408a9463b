"""The ``instance-group`` model, its images and its logical IDs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ...core.model import Capacity, Component, HealthCheck
from ...core.naming import logical_id

TYPE_NAME = "instance-group"
# AMI aliases -> AWS's public SSM parameters, and the root device each image boots from.
IMAGES = {
    "al2023": ("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64", "/dev/xvda"),
    "al2023-arm64": ("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64", "/dev/xvda"),
    "al2": ("/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2", "/dev/xvda"),
    "ubuntu-22.04": ("/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id", "/dev/sda1"),
    "ubuntu-24.04": ("/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id", "/dev/sda1"),
}
DEFAULT_ROOT_DEVICE = "/dev/xvda"


@dataclass(frozen=True, kw_only=True)
class Step:
    """One step of a step-scaling policy: from ``beyond`` past the threshold, change by ``change`` instances."""

    beyond: float = 0
    change: int


@dataclass(frozen=True, kw_only=True)
class ScalingPolicy:
    """``scaling.policies[]``: an alarm on a metric of the group and what it does (simple or step scaling)."""

    metric: str
    above: Optional[float] = None
    below: Optional[float] = None
    minutes: int = 1
    add: Optional[int] = None
    remove: Optional[int] = None
    steps: tuple[Step, ...] = ()
    cooldown: int = 300


@dataclass(frozen=True, kw_only=True)
class ScheduledAction:
    """``scaling.schedule[]``: resize the group on a recurring schedule."""

    name: str
    cron: str
    min: Optional[int] = None
    max: Optional[int] = None
    desired: Optional[int] = None
    timezone: Optional[str] = None


@dataclass(frozen=True, kw_only=True)
class Scaling:
    cpu_target: Optional[float] = None
    request_count_target: Optional[int] = None
    network_in_target: Optional[float] = None
    network_out_target: Optional[float] = None
    warmup: int = 300
    policies: tuple[ScalingPolicy, ...] = ()
    schedule: tuple[ScheduledAction, ...] = ()

    @property
    def targets(self) -> bool:
        return any(v is not None for v in (self.cpu_target, self.request_count_target, self.network_in_target,
                                           self.network_out_target))


@dataclass(frozen=True, kw_only=True)
class RootVolume:
    size: int = 20
    type: str = "gp3"


@dataclass(frozen=True, kw_only=True)
class InstanceGroup(Component):
    image: str = "al2023"
    instance_type: str = "t3.micro"
    port: Optional[int] = None
    ports: tuple[int, ...] = ()
    capacity: Capacity = field(default_factory=lambda: Capacity(min=1, max=2))
    scaling: Optional[Scaling] = None
    health_check: HealthCheck = field(default_factory=HealthCheck)
    user_data: Optional[str] = None
    root_volume: RootVolume = field(default_factory=RootVolume)


def group_id(name: str) -> str:
    return logical_id(name, "AutoScalingGroup")
