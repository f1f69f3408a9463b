"""A database in a multi-region architecture (``disaster_recovery:``).

Aurora: an Aurora Global Database. The primary region's cluster becomes the source of a global cluster
named ``<architecture>-<name>``; the secondary's cluster joins it by that name, with no master user
(the primary's is replicated), headless for pilot light (no instances: storage only), with one reader
for warm standby and as many readers as the primary for active-active (aurora-mysql forwards the
writes of the secondary's readers to the writer). An RDS instance: a cross-region read replica of the
primary's instance, which is named ``<architecture>-<name>`` so that the replica names its ARN. Backup &
restore: the secondary's stack restores the cluster or instance from the copied snapshot given as a
parameter. The secondary reads the master secret's ARN from the primary's stack (a parameter).
"""
from __future__ import annotations

from troposphere import GetAtt, Output, Parameter, Ref, Sub, rds

from ...core.diagnostics import error
from ...core.naming import logical_id
from ...core.recovery import DataRecovery
from .model import Database, cluster_id, instance_count, instance_id, is_aurora, primary_id, version_of

# Aurora Global Database's oldest versions: aurora-postgresql 10 (10.14 and later minors), aurora-mysql 5.7 2.07.
GLOBAL_MINIMUM = {"aurora-postgresql": (10,), "aurora-mysql": (5, 7, 2, 7)}
SECONDARY_ONLY = ("MasterUsername", "ManageMasterUserPassword", "MasterUserSecret", "DatabaseName", "DBName",
                  "BacktrackWindow", "StorageEncrypted")
REPLICA_ONLY = ("EngineVersion", "MultiAZ")  # a read replica takes its source's
RDS_ALIAS_KEY = "alias/aws/rds"


def global_name(arch_name: str, comp: Database) -> str:
    return f"{arch_name}-{comp.name}"[:63]


def _version_key(engine: str, version: str) -> tuple:
    if engine == "aurora-mysql":
        parts = version.replace("mysql_aurora.", "").split(".")
        return tuple(int(p) for p in parts[:4] if p.isdigit())
    return tuple(int(p) for p in version.split(".")[:1] if p.isdigit())


def data_recovery(comp: Database, strategy: str, backups_every: int) -> DataRecovery:
    arn = GetAtt(cluster_id(comp.name), "DBClusterArn") if is_aurora(comp) else GetAtt(instance_id(comp), "DBInstanceArn")
    if strategy == "backup-restore":
        return DataRecovery("hourly AWS Backup snapshots copied to the secondary", backups_every, arn)
    if is_aurora(comp):
        return DataRecovery("Aurora Global Database (storage replication, typically under a second behind)", 1, arn)
    return DataRecovery("cross-region read replica (asynchronous, seconds to minutes behind)", 5, arn)


def checks(comp: Database, arch):
    """An Aurora version older than Aurora Global Database supports."""
    if not is_aurora(comp) or arch.disaster_recovery.strategy == "backup-restore":
        return
    version = version_of(comp)
    minimum = GLOBAL_MINIMUM[comp.engine]
    if _version_key(comp.engine, version)[:len(minimum)] < minimum:
        yield error("E1685", f"{comp.engine} {version} does not support Aurora Global Database",
                    ("components", comp.name, "version"),
                    "use a current major version (leave version out for the default), or strategy: backup-restore")


def _primary(comp: Database, ctx, plan) -> None:
    name = global_name(ctx.arch.name, comp)
    resource = ctx.entries[primary_id(comp)].resource
    if plan.strategy != "backup-restore":
        if is_aurora(comp):
            ctx.add(rds.GlobalCluster(logical_id(comp.name, "GlobalCluster"), GlobalClusterIdentifier=name,
                                      SourceDBClusterIdentifier=GetAtt(cluster_id(comp.name), "DBClusterArn"),
                                      DeletionProtection=comp.deletion_protection), comp)
        else:
            resource.DBInstanceIdentifier = name
    ctx.add_output(Output(logical_id(comp.name, "SecretArn"), Description=f"{comp.name}: the master secret (the "
                          "secondary region's parameter of the same name)", Value=GetAtt(primary_id(comp),
                                                                                       "MasterUserSecret.SecretArn")))


def _strip(resource, *more) -> None:
    for key in SECONDARY_ONLY + more:
        resource.properties.pop(key, None)


def _replica_key(ctx, resource, key) -> None:
    """An encrypted cross-region replica names its region's key and inherits StorageEncrypted from its source
    (CloudFormation refuses the property with SourceDBInstanceIdentifier). troposphere's check and cfn-lint's
    E3720 want the two together; cfn-lint's own E3020 forbids it here, so E3720 is waived for this resource."""
    resource.KmsKeyId = key
    resource.no_validation()
    meta = dict(getattr(resource, "Metadata", None) or {})
    meta["cfn-lint"] = {"config": {"ignore_checks": ["E3720"]}}
    resource.Metadata = meta
    ctx.suppress(resource, "CKV_AWS_16", "a cross-region read replica inherits encryption from its source and is "
                                         "encrypted with KmsKeyId; CloudFormation refuses StorageEncrypted here")
    ctx.suppress(resource, "CKV_AWS_157", "CloudFormation takes no MultiAZ beside SourceDBInstanceIdentifier; the "
                                          "runbook turns Multi-AZ on when the replica is promoted")


def _secret_from_primary(comp: Database, ctx) -> None:
    param = logical_id(comp.name, "SecretArn")
    ctx.add_parameter(Parameter(param, Type="String", Description=f"{comp.name}: the primary region stack's output "
                                                                  f"{param}, the master secret's ARN"))
    ctx.externals[primary_id(comp)] = {"MasterUserSecret.SecretArn": Ref(param)}


def _secondary(comp: Database, ctx, plan) -> None:
    resource = ctx.entries[primary_id(comp)].resource
    key = resource.properties.get("KmsKeyId") or RDS_ALIAS_KEY
    if plan.strategy == "backup-restore":
        param = logical_id(comp.name, "SnapshotArn")
        ctx.add_parameter(Parameter(param, Type="String", Description=f"{comp.name}: the ARN of the copied snapshot "
                                                                      f"in {plan.secondary} to restore"))
        _strip(resource)
        resource.properties.pop("KmsKeyId", None)  # the copied snapshot's key (the vault's copy) encrypts it
        setattr(resource, "SnapshotIdentifier" if is_aurora(comp) else "DBSnapshotIdentifier", Ref(param))
    elif is_aurora(comp):
        _strip(resource)
        resource.GlobalClusterIdentifier = global_name(ctx.arch.name, comp)
        resource.StorageEncrypted = True
        resource.KmsKeyId = key
        if plan.strategy == "active-active" and comp.engine == "aurora-mysql":
            resource.EnableGlobalWriteForwarding = True
        keep = {"pilot-light": 0, "warm-standby": 1}.get(plan.strategy, instance_count(comp))
        for index in range(keep, instance_count(comp)):
            del ctx.entries[instance_id(comp, index)]
    else:
        if comp.multi_az:
            ctx.note(f"components.{comp.name}: the read replica in {plan.secondary} is single-AZ until promoted; "
                     "turn Multi-AZ on after promotion (the runbook)")
        _strip(resource, *REPLICA_ONLY)
        resource.SourceDBInstanceIdentifier = Sub(
            f"arn:${{AWS::Partition}}:rds:{plan.primary}:${{AWS::AccountId}}:db:{global_name(ctx.arch.name, comp)}")
        _replica_key(ctx, resource, key)
    _secret_from_primary(comp, ctx)


def recover(comp: Database, ctx, plan) -> None:
    if plan.is_storage:
        return
    if plan.is_secondary:
        _secondary(comp, ctx, plan)
    else:
        _primary(comp, ctx, plan)
