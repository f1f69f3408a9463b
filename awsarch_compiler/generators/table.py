"""``table``: a DynamoDB table — on-demand, point-in-time recovery, deletion protection, encrypted.

Access modes follow the AWS SAM DynamoDB connector profiles: ``read`` may
get, query and scan the table and its indexes; ``write`` may put, update and
delete items in the table; ``read-write`` both. A customer-managed key adds
exactly the key actions the mode needs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional

from awacs import dynamodb as ddb
from awacs.aws import Allow, Statement
from troposphere import GetAtt, Ref, Sub, dynamodb

from ..core.context import Context, Grant
from ..core.diagnostics import error
from ..core.model import Component, empty
from ..core.naming import env_prefix, logical_id
from ..platform import kms
from . import register
from .base import AccessMode, ComponentType, Metric

READ = (ddb.GetItem, ddb.BatchGetItem, ddb.Query, ddb.Scan, ddb.ConditionCheckItem, ddb.DescribeTable,
        ddb.PartiQLSelect)
WRITE = (ddb.PutItem, ddb.UpdateItem, ddb.DeleteItem, ddb.BatchWriteItem, ddb.ConditionCheckItem,
         ddb.PartiQLInsert, ddb.PartiQLUpdate, ddb.PartiQLDelete)
STREAM_VIEWS = {"keys-only": "KEYS_ONLY", "new-image": "NEW_IMAGE", "old-image": "OLD_IMAGE",
                "new-and-old-images": "NEW_AND_OLD_IMAGES"}
PROJECTIONS = {"all": "ALL", "keys-only": "KEYS_ONLY", "include": "INCLUDE"}
TABLE_CLASSES = {"standard": "STANDARD", "standard-infrequent-access": "STANDARD_INFREQUENT_ACCESS"}


@dataclass(frozen=True, kw_only=True)
class Key:
    name: str
    type: str = "S"


@dataclass(frozen=True, kw_only=True)
class Capacity:
    read: int
    write: int


@dataclass(frozen=True, kw_only=True)
class Index:
    partition_key: Key
    sort_key: Optional[Key] = None
    projection: str = "all"
    attributes: tuple[str, ...] = ()
    capacity: Optional[Capacity] = None


@dataclass(frozen=True, kw_only=True)
class Table(Component):
    partition_key: Key
    sort_key: Optional[Key] = None
    billing: str = "on-demand"
    capacity: Optional[Capacity] = None
    indexes: Mapping[str, Index] = empty()
    point_in_time_recovery: bool = True
    stream: Optional[str] = None
    ttl_attribute: Optional[str] = None
    table_class: str = "standard"
    encryption: str = "aws"
    deletion_protection: bool = True


def table_id(name: str) -> str:
    return logical_id(name, "Table")


def _keys(partition: Key, sort: Optional[Key]) -> list:
    out = [dynamodb.KeySchema(AttributeName=partition.name, KeyType="HASH")]
    if sort:
        out.append(dynamodb.KeySchema(AttributeName=sort.name, KeyType="RANGE"))
    return out


def _key_attributes(comp: Table) -> list[tuple[Key, tuple]]:
    """Every key attribute with its DSL path, table keys first."""
    path = ("components", comp.name)
    out = [(comp.partition_key, path + ("partition_key",))]
    if comp.sort_key:
        out.append((comp.sort_key, path + ("sort_key",)))
    for name, index in comp.indexes.items():
        out.append((index.partition_key, path + ("indexes", name, "partition_key")))
        if index.sort_key:
            out.append((index.sort_key, path + ("indexes", name, "sort_key")))
    return out


def _throughput(capacity: Capacity) -> dynamodb.ProvisionedThroughput:
    return dynamodb.ProvisionedThroughput(ReadCapacityUnits=capacity.read, WriteCapacityUnits=capacity.write)


def _table_metric(name: str, description: str, statistic: str = "Sum", comparison="GreaterThanOrEqualToThreshold"):
    return Metric("AWS/DynamoDB", name, lambda comp, ctx: {"TableName": Ref(table_id(comp.name))},
                  statistic=statistic, comparison=comparison, description=description)


@register
class TableType(ComponentType):
    type_name = "table"
    spec = Table
    layer = "data"
    access = {
        "read": AccessMode("dynamodb:GetItem, BatchGetItem, Query, Scan, ConditionCheckItem, DescribeTable, "
                           "PartiQLSelect on the table and its indexes (+ kms:Decrypt)", ("TABLE", "TABLE_ARN")),
        "write": AccessMode("dynamodb:PutItem, UpdateItem, DeleteItem, BatchWriteItem, ConditionCheckItem, "
                            "PartiQLInsert/Update/Delete on the table (+ kms:Encrypt, GenerateDataKey, Decrypt)",
                            ("TABLE", "TABLE_ARN")),
        "read-write": AccessMode("read and write together", ("TABLE", "TABLE_ARN")),
    }
    metrics = {
        "read_throttles": _table_metric("ReadThrottleEvents", "throttled read requests per minute"),
        "write_throttles": _table_metric("WriteThrottleEvents", "throttled write requests per minute"),
        "consumed_read": _table_metric("ConsumedReadCapacityUnits", "read capacity units consumed per minute"),
        "consumed_write": _table_metric("ConsumedWriteCapacityUnits", "write capacity units consumed per minute"),
    }

    def check(self, comp: Table, arch):
        path = ("components", comp.name)
        provisioned = comp.billing == "provisioned"
        if provisioned and comp.capacity is None:
            yield error("E391", "billing: provisioned needs capacity", path + ("billing",),
                        "add capacity: {read: 5, write: 5}, or use billing: on-demand")
        if not provisioned and comp.capacity is not None:
            yield error("E391", "capacity only applies to billing: provisioned", path + ("capacity",),
                        "remove capacity, or set billing: provisioned")
        seen: dict[str, tuple[str, tuple]] = {}
        for key, key_path in _key_attributes(comp):
            first = seen.setdefault(key.name, (key.type, key_path))
            if first[0] != key.type:
                yield error("E391", f"attribute '{key.name}' is type {key.type} here but {first[0]} at "
                                    f"{'.'.join(map(str, first[1][2:]))}", key_path + ("type",),
                            "an attribute has one type in every key that uses it")
        for name, index in comp.indexes.items():
            index_path = path + ("indexes", name)
            if index.projection == "include" and not index.attributes:
                yield error("E391", "projection: include needs attributes", index_path + ("projection",),
                            "list the non-key attributes to copy, such as attributes: [title, status]")
            if index.projection != "include" and index.attributes:
                yield error("E391", f"attributes only apply to projection: include, not {index.projection}",
                            index_path + ("attributes",), "set projection: include, or remove attributes")
            if index.capacity is not None and not provisioned:
                yield error("E391", "index capacity only applies to billing: provisioned",
                            index_path + ("capacity",), "remove it, or set billing: provisioned")

    def grant(self, mode, source, target: Table, ctx) -> Grant:
        logical = table_id(target.name)
        table_arn = GetAtt(logical, "Arn")
        statements = []
        if mode in ("read", "read-write"):
            statements.append(Statement(Effect=Allow, Action=list(READ),
                                        Resource=[table_arn, Sub(f"${{{logical}.Arn}}/index/*")]))
        if mode in ("write", "read-write"):
            statements.append(Statement(Effect=Allow, Action=list(WRITE), Resource=[table_arn]))
        if target.encryption == "kms":
            statements.append(kms.use_statement(target.name, kms.DECRYPT if mode == "read" else kms.ENCRYPT))
        prefix = env_prefix(target.name)
        return Grant(source.name, target.name, mode, statements=tuple(statements),
                     env=((f"{prefix}_TABLE", Ref(logical)), (f"{prefix}_TABLE_ARN", table_arn)))

    def generate(self, comp: Table, ctx: Context) -> None:
        provisioned = comp.billing == "provisioned"
        attributes = {}
        for key, _ in _key_attributes(comp):
            attributes.setdefault(key.name, key.type)
        table = dynamodb.Table(
            table_id(comp.name),
            AttributeDefinitions=[dynamodb.AttributeDefinition(AttributeName=n, AttributeType=t)
                                  for n, t in sorted(attributes.items())],
            KeySchema=_keys(comp.partition_key, comp.sort_key),
            BillingMode="PROVISIONED" if provisioned else "PAY_PER_REQUEST",
            PointInTimeRecoverySpecification=dynamodb.PointInTimeRecoverySpecification(
                PointInTimeRecoveryEnabled=comp.point_in_time_recovery),
            DeletionProtectionEnabled=comp.deletion_protection,
            TableClass=TABLE_CLASSES[comp.table_class],
        )
        if provisioned:
            table.ProvisionedThroughput = _throughput(comp.capacity)
        if comp.indexes:
            table.GlobalSecondaryIndexes = [self._index(name, index, comp) for name, index in comp.indexes.items()]
        if comp.stream:
            table.StreamSpecification = dynamodb.StreamSpecification(StreamViewType=STREAM_VIEWS[comp.stream])
        if comp.ttl_attribute:
            table.TimeToLiveSpecification = dynamodb.TimeToLiveSpecification(
                AttributeName=comp.ttl_attribute, Enabled=True)
        if comp.encryption == "kms":
            key = kms.customer_key(ctx, comp)
            table.SSESpecification = dynamodb.SSESpecification(
                SSEEnabled=True, SSEType="KMS", KMSMasterKeyId=GetAtt(key, "Arn"))
        else:
            ctx.suppress(table, "CKV_AWS_119", "encrypted at rest with the DynamoDB owned key; "
                                               "a customer managed key is opt-in with encryption: kms")
        if not comp.point_in_time_recovery:
            ctx.suppress(table, "CKV_AWS_28", "point-in-time recovery turned off in the architecture "
                                              "(point_in_time_recovery: false)")
            ctx.note(f"components.{comp.name}.point_in_time_recovery: false — no continuous backups")
        if not comp.deletion_protection:
            ctx.note(f"components.{comp.name}.deletion_protection: false — the table can be deleted by an API call")
        table.DeletionPolicy = "Retain"
        table.UpdateReplacePolicy = "Retain"
        ctx.add(table, comp)

    @staticmethod
    def _index(name: str, index: Index, comp: Table) -> dynamodb.GlobalSecondaryIndex:
        projection = dynamodb.Projection(ProjectionType=PROJECTIONS[index.projection])
        if index.attributes:
            projection.NonKeyAttributes = list(index.attributes)
        out = dynamodb.GlobalSecondaryIndex(IndexName=name, KeySchema=_keys(index.partition_key, index.sort_key),
                                            Projection=projection)
        if comp.billing == "provisioned" and comp.capacity is not None:
            out.ProvisionedThroughput = _throughput(index.capacity or comp.capacity)
        return out
