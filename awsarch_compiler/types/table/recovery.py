"""A table in a multi-region architecture (``disaster_recovery:``): a DynamoDB global table.

The primary region's stack creates the table as a global table named ``<architecture>-<name>`` with a
replica in each region (DynamoDB creates the secondary's replica itself and replicates every write,
typically within a second, both ways). The secondary's stack creates no table: its references name the
replica by that name and its ARN in the secondary region. Backup & restore backs the table up hourly
with AWS Backup; at recovery the table is restored in the secondary under the name the secondary's stack
takes as a parameter.
"""
from __future__ import annotations

from troposphere import GetAtt, Parameter, Ref, Sub, dynamodb

from ...core.naming import logical_id
from ...core.recovery import DataRecovery
from .model import Table, table_id

GLOBAL_STREAM = "NEW_AND_OLD_IMAGES"  # what a global table's replication needs
COPIED = ("AttributeDefinitions", "KeySchema", "BillingMode", "TimeToLiveSpecification")


def table_name(arch_name: str, comp: Table) -> str:
    return f"{arch_name}-{comp.name}"[:255]


def data_recovery(comp: Table, strategy: str, backups_every: int) -> DataRecovery:
    arn = GetAtt(table_id(comp.name), "Arn")
    if strategy == "backup-restore":
        return DataRecovery("hourly AWS Backup backups copied to the secondary", backups_every, arn)
    return DataRecovery("DynamoDB global table (replicated both ways, typically within a second)", 1, arn)


def problem(comp: Table):
    if comp.encryption == "kms":
        return ("a global table's replicas each need a key in their own region, and this table uses one "
                "customer key (encryption: kms)")
    if comp.billing == "provisioned":
        return "a global table with provisioned capacity needs write auto scaling in every region; use on-demand"
    return None


def _replica(comp: Table, region: str, table) -> dynamodb.ReplicaSpecification:
    return dynamodb.ReplicaSpecification(
        Region=region, DeletionProtectionEnabled=comp.deletion_protection,
        PointInTimeRecoverySpecification=dynamodb.PointInTimeRecoverySpecification(
            PointInTimeRecoveryEnabled=comp.point_in_time_recovery),
        TableClass=table.properties["TableClass"], Tags=table.properties.get("Tags"))


def _global(comp: Table, ctx, plan) -> None:
    logical = table_id(comp.name)
    entry = ctx.entries[logical]
    table = entry.resource
    props = {k: table.properties[k] for k in COPIED if k in table.properties}
    if "GlobalSecondaryIndexes" in table.properties:
        props["GlobalSecondaryIndexes"] = [dynamodb.GlobalTableGlobalSecondaryIndex(
            IndexName=i.IndexName, KeySchema=i.KeySchema, Projection=i.Projection)
            for i in table.properties["GlobalSecondaryIndexes"]]
    replacement = dynamodb.GlobalTable(
        logical, TableName=table_name(ctx.arch.name, comp), StreamSpecification=dynamodb.StreamSpecification(
            StreamViewType=GLOBAL_STREAM),
        Replicas=[_replica(comp, region, table) for region in (plan.primary, plan.secondary)], **props)
    replacement.DeletionPolicy = "Retain"
    replacement.UpdateReplacePolicy = "Retain"
    if getattr(table, "Metadata", None):
        replacement.Metadata = table.Metadata
    entry.resource = replacement
    if comp.stream and comp.stream != "new-and-old-images":
        ctx.note(f"components.{comp.name}.stream: a global table streams new and old images")


def _elsewhere(comp: Table, ctx, plan) -> None:
    """The secondary's references name the replica (or, for backup & restore, the restored table)."""
    logical = table_id(comp.name)
    del ctx.entries[logical]
    if plan.strategy == "backup-restore":
        param = logical_id(comp.name, "RestoredTableName")
        ctx.add_parameter(Parameter(param, Type="String", Description=f"{comp.name}: the table restored in "
                                                                      f"{plan.secondary} from its copied backup"))
        name = Ref(param)
        arn = Sub(f"arn:${{AWS::Partition}}:dynamodb:${{AWS::Region}}:${{AWS::AccountId}}:table/${{{param}}}")
    else:
        name = table_name(ctx.arch.name, comp)
        arn = Sub(f"arn:${{AWS::Partition}}:dynamodb:${{AWS::Region}}:${{AWS::AccountId}}:table/{name}")
    ctx.externals[logical] = {None: name, "Arn": arn}


def recover(comp: Table, ctx, plan) -> None:
    if plan.is_storage:
        return
    if plan.is_secondary:
        _elsewhere(comp, ctx, plan)
    elif plan.strategy != "backup-restore":
        _global(comp, ctx, plan)
