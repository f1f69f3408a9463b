"""Aurora clusters for ``database`` components with an ``aurora-*`` engine.

The cluster owns the storage, the encryption, the backups, the managed
master secret and the TLS parameter group; its instances (a writer and
readers, or db.serverless with ``serverless``) are spread over the
availability zones of the network in order.
"""
from __future__ import annotations

from typing import Optional

from troposphere import GetAtt, GetAZs, Ref, Select, rds

from ...core.context import Context
from .model import (
    CA_CERTIFICATE,
    Database,
    cluster_id,
    instance_class_of,
    instance_count,
    instance_id,
    log_exports_of,
    port_of,
    version_of,
)
from .settings import instance_parameter_group
from .shared import (
    monitoring_role,
    monitoring_settings,
    protect,
    subnet_group,
    suppress_opt_outs,
    tls_parameter_group,
)


def generate_cluster(comp: Database, ctx: Context, key: Optional[str]) -> None:
    cluster = rds.DBCluster(
        cluster_id(comp.name),
        Engine=comp.engine, EngineVersion=version_of(comp), Port=str(port_of(comp)),
        MasterUsername=comp.username, ManageMasterUserPassword=True,
        StorageEncrypted=True, BackupRetentionPeriod=comp.backup_retention_days,
        DeletionProtection=comp.deletion_protection, CopyTagsToSnapshot=True,
        EnableIAMDatabaseAuthentication=comp.iam_authentication,
        EnableCloudwatchLogsExports=list(log_exports_of(comp)),
        DBSubnetGroupName=Ref(subnet_group(ctx, comp)),
        DBClusterParameterGroupName=Ref(tls_parameter_group(ctx, comp)),
        VpcSecurityGroupIds=[ctx.security_group(comp.name)],
    )
    if key:
        cluster.KmsKeyId = GetAtt(key, "Arn")
        cluster.MasterUserSecret = rds.MasterUserSecret(KmsKeyId=GetAtt(key, "Arn"))
    if comp.database_name:
        cluster.DatabaseName = comp.database_name
    if comp.serverless:
        cluster.ServerlessV2ScalingConfiguration = rds.ServerlessV2ScalingConfiguration(
            MinCapacity=comp.serverless.min_acu, MaxCapacity=comp.serverless.max_acu)
    if comp.backtrack_hours:
        cluster.BacktrackWindow = comp.backtrack_hours * 3600
    protect(cluster, ctx, comp)
    ctx.add(cluster, comp)
    where = f"components.{comp.name}"
    if not comp.iam_authentication:
        ctx.suppress(cluster, "CKV_AWS_162", f"IAM database authentication turned off in the architecture ({where}.iam_authentication: false)")
    if instance_count(comp) == 1:
        ctx.note(f"{where}: a single Aurora instance — no reader to fail over to")

    role = monitoring_role(ctx, comp)
    parameters = instance_parameter_group(ctx, comp)
    azs = ctx.arch.network.availability_zones
    for index in range(instance_count(comp)):
        member = rds.DBInstance(
            instance_id(comp, index),
            Engine=comp.engine, DBClusterIdentifier=Ref(cluster), DBInstanceClass=instance_class_of(comp),
            AvailabilityZone=Select(index % azs, GetAZs("")), PromotionTier=min(index, 15),
            AutoMinorVersionUpgrade=comp.auto_minor_upgrade, PubliclyAccessible=False,
            CACertificateIdentifier=CA_CERTIFICATE,
            **monitoring_settings(comp, role, key),
        )
        if parameters:
            member.DBParameterGroupName = Ref(parameters)
        ctx.add(member, comp)
        suppress_opt_outs(ctx, member, comp)


def member_ids(comp: Database) -> list[str]:
    """Logical IDs of the cluster's instances (the proxy's target group waits for them)."""
    return [instance_id(comp, i) for i in range(instance_count(comp))]
