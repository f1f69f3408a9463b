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
class Scaling:
    cpu_target: Optional[float] = None
    request_count_target: Optional[int] = None
    warmup: int = 300


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
