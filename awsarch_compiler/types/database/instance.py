"""RDS DB instances for ``database`` components with a postgres, mysql or mariadb engine.

One instance with a synchronous Multi-AZ standby by default, gp3 storage
with optional autoscaling (``max_size``) and provisioned IOPS, and the
scanner checks that the architecture explicitly turned off recorded with
the DSL setting as the reason.
"""
from __future__ import annotations

from typing import Optional

from troposphere import GetAtt, Ref, rds

from ...core.context import Context
from .model import (
    CA_CERTIFICATE,
    Database,
    Storage,
    instance_class_of,
    instance_id,
    log_exports_of,
    port_of,
    version_of,
)
from .settings import option_group, read_replicas
from .shared import (
    monitoring_role,
    monitoring_settings,
    protect,
    subnet_group,
    suppress_opt_outs,
    tls_parameter_group,
)


def generate_instance(comp: Database, ctx: Context, key: Optional[str]) -> None:
    storage = comp.storage or Storage()
    role = monitoring_role(ctx, comp)
    secret = rds.MasterUserSecret(KmsKeyId=GetAtt(key, "Arn")) if key else None
    db = rds.DBInstance(
        instance_id(comp),
        Engine=comp.engine, EngineVersion=version_of(comp), DBInstanceClass=instance_class_of(comp),
        AllocatedStorage=str(storage.size), StorageType=storage.type,
        MultiAZ=comp.multi_az, Port=str(port_of(comp)),
        MasterUsername=comp.username, ManageMasterUserPassword=True,
        StorageEncrypted=True, BackupRetentionPeriod=comp.backup_retention_days,
        DeletionProtection=comp.deletion_protection, CopyTagsToSnapshot=True,
        EnableIAMDatabaseAuthentication=comp.iam_authentication,
        EnableCloudwatchLogsExports=list(log_exports_of(comp)), AutoMinorVersionUpgrade=comp.auto_minor_upgrade,
        PubliclyAccessible=False, CACertificateIdentifier=CA_CERTIFICATE,
        DBSubnetGroupName=Ref(subnet_group(ctx, comp)), DBParameterGroupName=Ref(tls_parameter_group(ctx, comp)),
        VPCSecurityGroups=[ctx.security_group(comp.name)],
        **monitoring_settings(comp, role, key),
    )
    if secret:
        db.MasterUserSecret = secret
    if key:
        db.KmsKeyId = GetAtt(key, "Arn")
    if storage.max_size:
        db.MaxAllocatedStorage = storage.max_size
    if storage.iops:
        db.Iops = storage.iops
    if comp.database_name:
        db.DBName = comp.database_name
    options = option_group(ctx, comp)
    if options:
        db.OptionGroupName = Ref(options)
    protect(db, ctx, comp)
    ctx.add(db, comp)
    suppress_opt_outs(ctx, db, comp)
    read_replicas(ctx, comp, db, monitoring_settings(comp, role, key))
