"""The DynamoDB table of a ``table`` component."""
from __future__ import annotations

from typing import Optional

from troposphere import GetAtt, dynamodb

from ...core.context import Context
from ...platform import kms
from .model import Index, Key, ProvisionedCapacity, Table, key_attributes, table_id

STREAM_VIEWS = {"keys-only": "KEYS_ONLY", "new-image": "NEW_IMAGE", "old-image": "OLD_IMAGE",
                "new-and-old-images": "NEW_AND_OLD_IMAGES"}
PROJECTIONS = {"all": "ALL", "keys-only": "KEYS_ONLY", "include": "INCLUDE"}
TABLE_CLASSES = {"standard": "STANDARD", "standard-infrequent-access": "STANDARD_INFREQUENT_ACCESS"}


def _keys(partition: Key, sort: Optional[Key]) -> list:
    out = [dynamodb.KeySchema(AttributeName=partition.name, KeyType="HASH")]
    if sort:
        out.append(dynamodb.KeySchema(AttributeName=sort.name, KeyType="RANGE"))
    return out


def _throughput(capacity: ProvisionedCapacity) -> dynamodb.ProvisionedThroughput:
    return dynamodb.ProvisionedThroughput(ReadCapacityUnits=capacity.read, WriteCapacityUnits=capacity.write)


def generate(comp: Table, ctx: Context) -> None:
    provisioned = comp.billing == "provisioned"
    attributes = {}
    for key, _ in key_attributes(comp):
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
        table.GlobalSecondaryIndexes = [_index(name, index, comp) for name, index in comp.indexes.items()]
    if comp.contributor_insights:
        table.ContributorInsightsSpecification = dynamodb.ContributorInsightsSpecification(Enabled=True)
        for index in table.properties.get("GlobalSecondaryIndexes", []):
            index.ContributorInsightsSpecification = dynamodb.ContributorInsightsSpecification(Enabled=True)
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


def _index(name: str, index: Index, comp: Table) -> dynamodb.GlobalSecondaryIndex:
    projection = dynamodb.Projection(ProjectionType=PROJECTIONS[index.projection])
    if index.attributes:
        projection.NonKeyAttributes = list(index.attributes)
    out = dynamodb.GlobalSecondaryIndex(IndexName=name, KeySchema=_keys(index.partition_key, index.sort_key),
                                        Projection=projection)
    if comp.billing == "provisioned" and comp.capacity is not None:
        out.ProvisionedThroughput = _throughput(index.capacity or comp.capacity)
    return out
