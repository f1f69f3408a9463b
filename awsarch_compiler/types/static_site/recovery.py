"""A static site in a multi-region architecture (``disaster_recovery:``): CloudFront origin failover.

The distribution is global and stays in the primary's stacks. Its content bucket is replicated to a
replica in the secondary (created first by the secondary's storage stack, ``platform.replication``), and
the distribution reads through an origin group: the primary bucket, and the replica when the primary
answers 500, 502, 503 or 504. The replica admits CloudFront's reads for this account's distributions
(the distribution does not exist yet when the replica is created, so its ID cannot be named).
"""
from __future__ import annotations

from awacs import s3 as awacs_s3
from awacs.aws import Allow, ArnLike, Condition, Principal, Statement
from troposphere import GetAtt, Sub, cloudfront

from ...core.recovery import DataRecovery
from ...platform import replication
from ...platform.buckets import private_bucket
from .model import StaticSite, bucket_id, distribution_id

REPLICA_ORIGIN = "site-replica"
FAILOVER_GROUP = "site-failover"
FAILOVER_ON = (500, 502, 503, 504)


def data_recovery(comp: StaticSite, rtc: bool) -> DataRecovery:
    minutes = replication.RTC_MINUTES if rtc else 60
    return DataRecovery("S3 cross-region replication of the site's files; CloudFront fails over to the replica",
                        minutes)  # replicated under every strategy: no backups needed


def _replica(comp: StaticSite, ctx, plan) -> None:
    logical = bucket_id(comp.name)
    name = replication.bucket_name(plan.name, comp.name).to_dict()["Fn::Sub"]
    read = Statement(
        Sid="AllowCloudFrontServiceRead", Effect=Allow, Principal=Principal("Service", "cloudfront.amazonaws.com"),
        Action=[awacs_s3.GetObject], Resource=[Sub(f"arn:${{AWS::Partition}}:s3:::{name}/*")],
        Condition=Condition(ArnLike("AWS:SourceArn", Sub(
            "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/*"))))
    replication.replica(private_bucket(ctx, comp, logical, extra_statements=[read]), plan.name, comp)


def _failover(comp: StaticSite, ctx, plan, origin_id: str, oac: str) -> None:
    replication.replicate(ctx, comp, bucket_id(comp.name), plan, plan.dr.replication_time_control)
    config = ctx.entries[distribution_id(comp.name)].resource.DistributionConfig
    name = replication.bucket_name(plan.name, comp.name, plan.secondary).to_dict()["Fn::Sub"]
    config.Origins.append(cloudfront.Origin(
        Id=REPLICA_ORIGIN, DomainName=Sub(f"{name}.s3.{plan.secondary}.${{AWS::URLSuffix}}"),
        OriginAccessControlId=GetAtt(oac, "Id"), S3OriginConfig=cloudfront.S3OriginConfig(OriginAccessIdentity="")))
    config.OriginGroups = cloudfront.OriginGroups(Quantity=1, Items=[cloudfront.OriginGroup(
        Id=FAILOVER_GROUP, FailoverCriteria=cloudfront.OriginGroupFailoverCriteria(
            StatusCodes=cloudfront.StatusCodes(Quantity=len(FAILOVER_ON), Items=list(FAILOVER_ON))),
        Members=cloudfront.OriginGroupMembers(Quantity=2, Items=[
            cloudfront.OriginGroupMember(OriginId=origin_id), cloudfront.OriginGroupMember(OriginId=REPLICA_ORIGIN)]))])
    config.DefaultCacheBehavior.TargetOriginId = FAILOVER_GROUP
    ctx.note(f"components.{comp.name}: CloudFront fails over to the replica in {plan.secondary} on 5xx")


def recover(comp: StaticSite, ctx, plan, origin_id: str, oac: str) -> None:
    if plan.is_storage:
        _replica(comp, ctx, plan)
    elif not plan.is_secondary:
        _failover(comp, ctx, plan, origin_id, oac)
