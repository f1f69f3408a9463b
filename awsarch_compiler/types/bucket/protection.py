"""A bucket's data-protection options: Intelligent-Tiering archive tiers, Object Lock, replication to
another bucket (with its role) and S3 Inventory (with the destination's policy statement)."""
from __future__ import annotations

from awacs import s3 as awacs_s3
from awacs.aws import Allow, ArnLike, Condition, PolicyDocument, Principal, Statement, StringEquals
from awacs.sts import AssumeRole
from troposphere import GetAtt, Ref, Sub, iam, s3

from ...core.context import Context
from ...core.naming import logical_id
from ...platform import kms
from .model import Bucket, IntelligentTiering, bucket_id, replication_role_id

S3_SERVICE = "s3.amazonaws.com"
READ_FOR_REPLICATION = ("GetObjectVersionForReplication", "GetObjectVersionAcl", "GetObjectVersionTagging")
REPLICATE = ("ReplicateObject", "ReplicateDelete", "ReplicateTags")


def tiering(comp: Bucket) -> list:
    """The IntelligentTieringConfigurations of ``intelligent_tiering: {archive_after_days: ...}``."""
    spec = comp.intelligent_tiering
    if not isinstance(spec, IntelligentTiering):
        return []
    tiers = [s3.Tiering(AccessTier=tier, Days=days) for tier, days in
             (("ARCHIVE_ACCESS", spec.archive_after_days), ("DEEP_ARCHIVE_ACCESS", spec.deep_archive_after_days))
             if days is not None]
    config = s3.IntelligentTieringConfiguration(Id="archive-tiers", Status="Enabled", Tierings=tiers)
    if spec.prefix:
        config.Prefix = spec.prefix
    return [config]


def object_lock(comp: Bucket, bucket: s3.Bucket, ctx: Context) -> None:
    lock = comp.object_lock
    if lock is None:
        return
    bucket.ObjectLockEnabled = True
    bucket.ObjectLockConfiguration = s3.ObjectLockConfiguration(
        ObjectLockEnabled="Enabled", Rule=s3.ObjectLockRule(DefaultRetention=s3.DefaultRetention(
            Mode=lock.mode.upper(), Days=lock.days)))
    ctx.note(f"components.{comp.name}.object_lock: {lock.mode} mode, {lock.days} days — locked versions cannot be "
             "deleted early" + (" by anyone, the account root included" if lock.mode == "compliance" else ""))


def _destination_arn(rule):
    if rule.destination:
        return GetAtt(bucket_id(rule.destination), "Arn")
    return Sub(f"arn:${{AWS::Partition}}:s3:::{rule.destination_bucket}")


def _replication_rule(ctx: Context, comp: Bucket, index: int, rule) -> s3.ReplicationConfigurationRules:
    destination = s3.ReplicationConfigurationRulesDestination(Bucket=_destination_arn(rule))
    if rule.storage_class:
        destination.StorageClass = rule.storage_class
    if rule.time_control:
        destination.ReplicationTime = s3.ReplicationTime(Status="Enabled", Time=s3.ReplicationTimeValue(Minutes=15))
        destination.Metrics = s3.Metrics(Status="Enabled", EventThreshold=s3.ReplicationTimeValue(Minutes=15))
    target = ctx.component(rule.destination) if rule.destination else None
    if target is not None and target.encryption == "kms":
        destination.EncryptionConfiguration = s3.EncryptionConfiguration(ReplicaKmsKeyID=kms.key_arn(target.name))
    out = s3.ReplicationConfigurationRules(
        Id=f"to-{rule.destination or rule.destination_bucket}"[:255], Status="Enabled", Priority=index + 1,
        Filter=s3.ReplicationRuleFilter(Prefix=rule.prefix or ""), Destination=destination,
        DeleteMarkerReplication=s3.DeleteMarkerReplication(Status="Enabled" if rule.delete_markers else "Disabled"))
    if comp.encryption == "kms":
        out.SourceSelectionCriteria = s3.SourceSelectionCriteria(
            SseKmsEncryptedObjects=s3.SseKmsEncryptedObjects(Status="Enabled"))
    return out


def _replication_statements(ctx: Context, comp: Bucket) -> list:
    source = bucket_id(comp.name)
    statements = [
        Statement(Effect=Allow, Action=[awacs_s3.GetReplicationConfiguration, awacs_s3.ListBucket],
                  Resource=[GetAtt(source, "Arn")]),
        Statement(Effect=Allow, Action=[awacs_s3.Action(a) for a in READ_FOR_REPLICATION],
                  Resource=[Sub(f"${{{source}.Arn}}/*")]),
        Statement(Effect=Allow, Action=[awacs_s3.Action(a) for a in REPLICATE],
                  Resource=[Sub("${Arn}/*", Arn=_destination_arn(r)) for r in comp.replication])]
    if comp.encryption == "kms":
        statements.append(kms.use_statement(comp.name, kms.DECRYPT))
    for rule in comp.replication:
        if rule.destination and ctx.component(rule.destination).encryption == "kms":
            statements.append(kms.use_statement(rule.destination, (kms.ENCRYPT[0], kms.ENCRYPT[1])))
    return statements


def replication(comp: Bucket, bucket: s3.Bucket, ctx: Context) -> None:
    """The bucket's ReplicationConfiguration, its role, and the role's policy (a separate resource, so
    that the role exists before the bucket and the policy can name both buckets)."""
    if not comp.replication:
        return
    role = replication_role_id(comp.name)
    ctx.add(iam.Role(role, Description=f"{ctx.arch.name} {comp.name}: S3 replicates its objects",
                     AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
                         Effect=Allow, Principal=Principal("Service", S3_SERVICE), Action=[AssumeRole])])), comp)
    ctx.add(iam.PolicyType(logical_id(comp.name, "ReplicationPolicy"), PolicyName="replication", Roles=[Ref(role)],
                           PolicyDocument=PolicyDocument(Version="2012-10-17",
                                                         Statement=_replication_statements(ctx, comp))), comp)
    bucket.ReplicationConfiguration = s3.ReplicationConfiguration(
        Role=GetAtt(role, "Arn"), Rules=[_replication_rule(ctx, comp, i, r) for i, r in enumerate(comp.replication)])


def inventory(comp: Bucket, bucket: s3.Bucket) -> None:
    spec = comp.inventory
    if spec is None:
        return
    destination = bucket_id(spec.destination)
    bucket.InventoryConfigurations = [s3.InventoryConfiguration(
        Id="inventory", Enabled=True, ScheduleFrequency=spec.frequency.capitalize(),
        IncludedObjectVersions="Current" if spec.current_versions_only else "All", OptionalFields=list(spec.fields),
        Destination=s3.Destination(BucketArn=GetAtt(destination, "Arn"), Format=spec.format, Prefix=spec.prefix))]


def inventory_statements(ctx: Context, comp: Bucket) -> list:
    """The destination's bucket-policy statements: S3 may write the inventories of exactly its sources."""
    sources = [c for c in ctx.arch.components.values() if getattr(c, "inventory", None) is not None
               and c.type == comp.type and c.inventory.destination == comp.name]
    return [Statement(
        Sid=f"InventoryFrom{logical_id(source.name)}", Effect=Allow, Principal=Principal("Service", S3_SERVICE),
        Action=[awacs_s3.PutObject], Resource=[Sub(f"${{{bucket_id(comp.name)}.Arn}}/{source.inventory.prefix}/*")],
        Condition=Condition([StringEquals("aws:SourceAccount", Sub("${AWS::AccountId}")),
                             ArnLike("aws:SourceArn", GetAtt(bucket_id(source.name), "Arn"))]))
        for source in sources]
