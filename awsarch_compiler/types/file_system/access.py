"""What ``uses: {fs: mount | read}`` grants: NFS, and IAM mounts through exactly its access point."""
from __future__ import annotations

from awacs import elasticfilesystem as awacs_efs
from awacs.aws import Allow, Condition, Statement, StringEquals
from troposphere import GetAtt, Ref

from ...core.context import Grant
from ...core.naming import env_prefix
from ...platform import kms
from ..base import AccessMode
from .model import NFS_PORT, FileSystem, access_point_id, file_system_id

MODES = {
    "mount": AccessMode("NFS (TCP 2049) from the user's group; elasticfilesystem:ClientMount and ClientWrite "
                        "on the file system through its access point (+ kms:Decrypt)",
                        ("FILE_SYSTEM_ID", "MOUNT_PATH")),
    "read": AccessMode("NFS (TCP 2049) from the user's group; elasticfilesystem:ClientMount (read-only) on the "
                       "file system through its access point (+ kms:Decrypt)", ("FILE_SYSTEM_ID", "MOUNT_PATH")),
}


def grant_for(mode, source, target: FileSystem) -> Grant:
    fs, ap = file_system_id(target.name), access_point_id(target.name)
    actions = [awacs_efs.ClientMount] + ([awacs_efs.ClientWrite] if mode == "mount" else [])
    statements = [Statement(
        Effect=Allow, Action=actions, Resource=[GetAtt(fs, "Arn")],
        Condition=Condition(StringEquals("elasticfilesystem:AccessPointArn", GetAtt(ap, "Arn"))))]
    if target.encryption == "kms":
        statements.append(kms.use_statement(target.name, kms.DECRYPT))
    prefix = env_prefix(target.name)
    return Grant(source.name, target.name, mode, port=NFS_PORT, statements=tuple(statements),
                 env=((f"{prefix}_FILE_SYSTEM_ID", Ref(fs)), (f"{prefix}_MOUNT_PATH", target.mount_point)),
                 mounts=((fs, ap, target.mount_point),))
