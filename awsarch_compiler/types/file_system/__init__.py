"""``file-system``: an encrypted EFS file system, mounted through one access point over TLS with IAM.

A mount target sits in every AZ of the file system's tier behind its own
security group (NFS, no egress). The access point pins the root directory
and the POSIX identity; the file system policy denies any access without
TLS and allows only IAM-authorised mounts through a mount target, so
anonymous NFS clients are refused. ``uses: mount`` (or ``read``) grants the
NFS rule from the user's group, ``elasticfilesystem:ClientMount`` (and
``ClientWrite`` for ``mount``) on exactly this file system through exactly
this access point, and a ``Grant.mounts`` entry the compute generators turn
into a volume or a mount in user data.
"""
from __future__ import annotations

from troposphere import GetAtt

from ...core.backup import BackupScope
from ..base import ComponentType
from . import checks, resources
from .access import MODES, grant_for
from .codes import BLOCK, CODES
from .metrics import METRICS
from .model import NFS_PORT, TYPE_NAME, FileSystem, file_system_id


class FileSystemType(ComponentType):
    type_name = TYPE_NAME
    code_block = BLOCK
    codes = CODES
    spec = FileSystem
    summary = "EFS with mount targets per AZ and an access point, encrypted"
    layer = "data"
    in_vpc = True
    stateful = True
    egress = "none"
    access = MODES
    metrics = METRICS
    backup_service = "EFS"

    def backup_scope(self, component: FileSystem) -> BackupScope:
        return BackupScope("EFS", (GetAtt(file_system_id(component.name), "Arn"),))

    def default_tiers(self, component):
        return ("isolated", "private")

    def port(self, comp) -> int:
        return NFS_PORT

    def check(self, comp: FileSystem, arch):
        return checks.check(comp, arch)

    def grant(self, mode, source, target: FileSystem, ctx):
        return grant_for(mode, source, target)

    def recovery_problem(self, comp, arch):
        return "EFS replication to another region is not generated, so its files would not be there"

    def generate(self, comp: FileSystem, ctx) -> None:
        resources.generate(comp, ctx)


TYPE = FileSystemType()
