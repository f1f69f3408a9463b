"""S3 cross-region replication for a multi-region architecture (buckets, static sites' content).

The primary's bucket and its replica in the secondary are named ``<architecture>-<name>-<account>-<region>``,
so each side names the other without a parameter. The replica is created first, in the secondary's
storage stack (S3 refuses a replication rule to a bucket that does not exist yet); the secondary's own
stacks then refer to it by name. The primary's bucket replicates every object, its deletions and
tags through a role that may read exactly this bucket's versions and write exactly the replica's, with
Replication Time Control and its metrics when asked (99.99 % of objects within 15 minutes).
"""
from __future__ import annotations

from awacs import s3 as awacs_s3
from awacs.aws import Allow, PolicyDocument, Principal, Statement
from awacs.sts import AssumeRole
from troposphere import GetAtt, Sub, iam, s3

from ..core.context import Context
from ..core.model import Component
from ..core.naming import logical_id

ACCOUNT_AND_REGION = len("-123456789012-") + len("ap-southeast-1")  # the longest suffix a name gets
RTC_MINUTES = 15


def bucket_name(arch_name: str, comp: str, region: str | None = None) -> Sub:
    """The bucket's name in ``region`` (None: the region the stack is deployed in)."""
    return Sub(f"{arch_name}-{comp}-${{AWS::AccountId}}-" + (region or "${AWS::Region}"))


def name_problem(arch_name: str, comp: str) -> str | None:
    if len(arch_name) + 1 + len(comp) + ACCOUNT_AND_REGION > 63:
        return (f"its replicated bucket's name {arch_name}-{comp}-ACCOUNT-REGION would be longer than S3's 63 "
                "characters; shorten the architecture's or the component's name")
    return None


def _arn(name: Sub, suffix: str = "") -> Sub:
    text = name.to_dict()["Fn::Sub"]
    return Sub(f"arn:${{AWS::Partition}}:s3:::{text}{suffix}")


def _role(ctx: Context, comp: Component, source: Sub, target: Sub) -> str:
    """The replication role; it names both buckets by their names (the bucket names the role: no cycle)."""
    role = logical_id(comp.name, "ReplicationRole")
    ctx.add(iam.Role(role, AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
        Effect=Allow, Principal=Principal("Service", "s3.amazonaws.com"), Action=[AssumeRole])]),
        Policies=[iam.Policy(PolicyName="replicate", PolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[
            Statement(Effect=Allow, Action=[awacs_s3.GetReplicationConfiguration, awacs_s3.ListBucket],
                      Resource=[_arn(source)]),
            Statement(Effect=Allow, Action=[awacs_s3.GetObjectVersionForReplication, awacs_s3.GetObjectVersionAcl,
                                            awacs_s3.GetObjectVersionTagging],
                      Resource=[_arn(source, "/*")]),
            Statement(Effect=Allow, Action=[awacs_s3.ReplicateObject, awacs_s3.ReplicateDelete,
                                            awacs_s3.ReplicateTags],
                      Resource=[_arn(target, "/*")])]))]), comp)
    return role


def replicate(ctx: Context, comp: Component, logical: str, plan, rtc: bool) -> None:
    """The primary's bucket: its name, and the rule that replicates it to the secondary's replica."""
    bucket = ctx.entries[logical].resource
    source = bucket.BucketName = bucket_name(ctx.arch.name, comp.name, plan.primary)
    target = bucket_name(ctx.arch.name, comp.name, plan.secondary)
    destination = s3.ReplicationConfigurationRulesDestination(Bucket=_arn(target))
    if rtc:
        destination.ReplicationTime = s3.ReplicationTime(Status="Enabled", Time=s3.ReplicationTimeValue(
            Minutes=RTC_MINUTES))
        destination.Metrics = s3.Metrics(Status="Enabled", EventThreshold=s3.ReplicationTimeValue(
            Minutes=RTC_MINUTES))
    bucket.ReplicationConfiguration = s3.ReplicationConfiguration(
        Role=GetAtt(_role(ctx, comp, source, target), "Arn"), Rules=[s3.ReplicationConfigurationRules(
            Id="to-secondary", Status="Enabled", Priority=1, Filter=s3.ReplicationRuleFilter(Prefix=""),
            DeleteMarkerReplication=s3.DeleteMarkerReplication(Status="Enabled"), Destination=destination)])


def replica(bucket: s3.Bucket, arch_name: str, comp: Component) -> None:
    """The secondary's storage stack: name the replica the type made there."""
    bucket.BucketName = bucket_name(arch_name, comp.name)


def elsewhere(ctx: Context, logical: str, arch_name: str, comp: str) -> None:
    """The secondary's own stacks name the replica instead of creating a bucket."""
    for gone in (logical, logical + "Policy"):
        ctx.entries.pop(gone, None)
    name = bucket_name(arch_name, comp)
    text = name.to_dict()["Fn::Sub"]
    ctx.externals[logical] = {None: name, "Arn": _arn(name),
                              "RegionalDomainName": Sub(f"{text}.s3.${{AWS::Region}}.${{AWS::URLSuffix}}"),
                              "DomainName": Sub(f"{text}.s3.${{AWS::URLSuffix}}")}
    ctx.note(f"disaster_recovery: {comp}'s replica is created by the storage stack; this stack names it")
