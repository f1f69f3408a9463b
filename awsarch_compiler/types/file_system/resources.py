"""The EFS file system of a ``file-system``: its policy, access point and mount targets."""
from __future__ import annotations

from awacs import elasticfilesystem as awacs_efs
from awacs.aws import Allow, Bool, Condition, Deny, PolicyDocument, Principal, Statement
from troposphere import GetAtt, Ref, Sub, efs, encode_to_dict

from ...core.context import Context
from ...platform import kms
from .model import (
    PERFORMANCE_MODES,
    THROUGHPUT_MODES,
    FileSystem,
    access_point_id,
    file_system_id,
    mount_target_id,
)


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


def generate(comp: FileSystem, ctx: Context) -> None:
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
