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

from dataclasses import dataclass, field
from typing import Optional

from awacs import elasticfilesystem as awacs_efs
from awacs.aws import Allow, Bool, Condition, Deny, PolicyDocument, Principal, Statement, StringEquals
from troposphere import GetAtt, Ref, Sub, efs, encode_to_dict

from ..core.context import Context, Grant
from ..core.diagnostics import error
from ..core.model import Component
from ..core.naming import env_prefix, logical_id
from ..platform import kms
from . import register
from .base import AccessMode, ComponentType, Metric

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


def file_system_policy() -> PolicyDocument:
    """TLS only; mounts only by IAM principals of this account through a mount target (no anonymous NFS)."""
    return PolicyDocument(Version="2012-10-17", Statement=[
        Statement(Sid="DenyInsecureTransport", Effect=Deny, Principal=Principal("AWS", "*"),
                  Action=[awacs_efs.Action("*")], Condition=Condition(Bool("aws:SecureTransport", "false"))),
        Statement(Sid="AccountIamPrincipalsMountThroughMountTargets", Effect=Allow,
                  Principal=Principal("AWS", Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")),
                  Action=[awacs_efs.ClientMount, awacs_efs.ClientWrite],
                  Condition=Condition(Bool("elasticfilesystem:AccessedViaMountTarget", "true"))),
    ])


def _fs_metric(name: str, description: str, statistic="Average", comparison="GreaterThanOrEqualToThreshold"):
    return Metric("AWS/EFS", name, lambda comp, ctx: {"FileSystemId": Ref(file_system_id(comp.name))},
                  statistic=statistic, comparison=comparison, description=description)


@register
class FileSystemType(ComponentType):
    type_name = "file-system"
    spec = FileSystem
    layer = "data"
    in_vpc = True
    egress = "none"
    access = {
        "mount": AccessMode("NFS (TCP 2049) from the user's group; elasticfilesystem:ClientMount and ClientWrite "
                            "on the file system through its access point (+ kms:Decrypt)",
                            ("FILE_SYSTEM_ID", "MOUNT_PATH")),
        "read": AccessMode("NFS (TCP 2049) from the user's group; elasticfilesystem:ClientMount (read-only) on the "
                           "file system through its access point (+ kms:Decrypt)", ("FILE_SYSTEM_ID", "MOUNT_PATH")),
    }
    metrics = {
        "io_limit": _fs_metric("PercentIOLimit", "percent of the general-purpose I/O limit in use"),
        "connections": _fs_metric("ClientConnections", "NFS client connections", statistic="Sum"),
        "burst_credits": _fs_metric("BurstCreditBalance", "burst credits left, bytes (bursting throughput)",
                                    statistic="Minimum", comparison="LessThanOrEqualToThreshold"),
    }

    def default_tiers(self, component):
        return ("isolated", "private")

    def port(self, comp) -> int:
        return NFS_PORT

    def check(self, comp: FileSystem, arch):
        path = ("components", comp.name)
        if comp.throughput_mode == "provisioned" and comp.provisioned_mibps is None:
            yield error("E392", "throughput_mode: provisioned needs provisioned_mibps", path + ("throughput_mode",),
                        "add provisioned_mibps: 64, or use throughput_mode: elastic")
        if comp.provisioned_mibps is not None and comp.throughput_mode != "provisioned":
            yield error("E392", "provisioned_mibps only applies to throughput_mode: provisioned",
                        path + ("provisioned_mibps",), "remove it, or set throughput_mode: provisioned")
        if comp.performance_mode == "max-io" and comp.throughput_mode == "elastic":
            yield error("E392", "max-io performance needs bursting or provisioned throughput",
                        path + ("performance_mode",), "use performance_mode: general-purpose with elastic throughput")
        if comp.transition_to_primary_on_access and comp.transition_to_ia_days is None:
            yield error("E392", "transition_to_primary_on_access needs transition_to_ia_days",
                        path + ("transition_to_primary_on_access",), "add transition_to_ia_days: 30")

    def grant(self, mode, source, target: FileSystem, ctx) -> Grant:
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

    def generate(self, comp: FileSystem, ctx: Context) -> None:
        fs = efs.FileSystem(
            file_system_id(comp.name),
            Encrypted=True,
            PerformanceMode=PERFORMANCE_MODES[comp.performance_mode],
            ThroughputMode=THROUGHPUT_MODES[comp.throughput_mode],
            BackupPolicy=efs.BackupPolicy(Status="ENABLED" if comp.backup else "DISABLED"),
            FileSystemPolicy=encode_to_dict(file_system_policy()),  # the property takes a plain mapping
            FileSystemTags=ctx.tags(comp.name),
        )
        if comp.throughput_mode == "provisioned":
            fs.ProvisionedThroughputInMibps = comp.provisioned_mibps
        policies = []
        if comp.transition_to_ia_days is not None:
            days = comp.transition_to_ia_days
            policies.append(efs.LifecyclePolicy(TransitionToIA=f"AFTER_{days}_DAY" + ("S" if days > 1 else "")))
        if comp.transition_to_primary_on_access:
            policies.append(efs.LifecyclePolicy(TransitionToPrimaryStorageClass="AFTER_1_ACCESS"))
        if policies:
            fs.LifecyclePolicies = policies
        if comp.encryption == "kms":
            fs.KmsKeyId = GetAtt(kms.customer_key(ctx, comp), "Arn")
        fs.DeletionPolicy = "Retain"
        fs.UpdateReplacePolicy = "Retain"
        ctx.add(fs, comp, tags=False)
        if not comp.backup:
            ctx.note(f"components.{comp.name}.backup: false — no automatic daily backups")

        user = comp.posix_user
        ctx.add(efs.AccessPoint(
            access_point_id(comp.name),
            FileSystemId=Ref(fs),
            PosixUser=efs.PosixUser(Uid=str(user.uid), Gid=str(user.gid)),
            RootDirectory=efs.RootDirectory(Path=comp.path, CreationInfo=efs.CreationInfo(
                OwnerUid=str(user.uid), OwnerGid=str(user.gid), Permissions=user.permissions.rjust(4, "0"))),
            AccessPointTags=ctx.tags(comp.name),
        ), comp, tags=False)

        tier = ctx.tier_of(comp)
        for i, subnet in enumerate(ctx.subnet_refs(tier)):
            ctx.add(efs.MountTarget(
                mount_target_id(comp.name, i), FileSystemId=Ref(fs), SubnetId=subnet,
                SecurityGroups=[ctx.security_group(comp.name)],
            ), comp, tags=False)
