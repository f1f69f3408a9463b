"""The ``file-system`` model and its logical IDs."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ...core.model import Component
from ...core.naming import logical_id

TYPE_NAME = "file-system"
NFS_PORT = 2049
THROUGHPUT_MODES = {"elastic": "elastic", "bursting": "bursting", "provisioned": "provisioned"}
PERFORMANCE_MODES = {"general-purpose": "generalPurpose", "max-io": "maxIO"}


@dataclass(frozen=True, kw_only=True)
class PosixUser:
    uid: int = 1000
    gid: int = 1000
    permissions: str = "750"


@dataclass(frozen=True, kw_only=True)
class FileSystem(Component):
    path: str = "/data"
    mount_path: Optional[str] = None
    posix_user: PosixUser = field(default_factory=PosixUser)
    throughput_mode: str = "elastic"
    provisioned_mibps: Optional[float] = None
    performance_mode: str = "general-purpose"
    transition_to_ia_days: Optional[int] = None
    transition_to_primary_on_access: bool = False
    backup: bool = True
    encryption: str = "aws"

    @property
    def mount_point(self) -> str:
        return self.mount_path or f"/mnt/{self.name}"


def file_system_id(name: str) -> str:
    return logical_id(name, "FileSystem")


def access_point_id(name: str) -> str:
    return logical_id(name, "AccessPoint")


def mount_target_id(name: str, az_index: int) -> str:
    """The mount target in the AZ numbered ``az_index`` (0-based), like the subnets: ``FilesMountTarget1``."""
    return logical_id(name, "MountTarget", str(az_index + 1))
