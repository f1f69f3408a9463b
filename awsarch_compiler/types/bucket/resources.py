"""The S3 bucket of a ``bucket`` component: lifecycle rules, Intelligent-Tiering, EventBridge events."""
from __future__ import annotations

from troposphere import s3

from ...core.context import Context
from ...platform import kms
from ...platform.buckets import private_bucket
from . import notifications, protection
from .model import Bucket, LifecycleRule, bucket_id


def _rule(i: int, rule: LifecycleRule) -> s3.LifecycleRule:
    out = s3.LifecycleRule(Id=f"rule-{i + 1}", Status="Enabled")
    if rule.prefix:
        out.Prefix = rule.prefix
    if rule.transition_after_days is not None:
        out.Transitions = [s3.LifecycleRuleTransition(StorageClass=rule.storage_class or "STANDARD_IA",
                                                      TransitionInDays=rule.transition_after_days)]
    if rule.expire_after_days:
        out.ExpirationInDays = rule.expire_after_days
    if rule.expire_noncurrent_after_days:
        out.NoncurrentVersionExpiration = s3.NoncurrentVersionExpiration(NoncurrentDays=rule.expire_noncurrent_after_days)
    if rule.abort_incomplete_uploads_after_days:
        out.AbortIncompleteMultipartUpload = s3.AbortIncompleteMultipartUpload(
            DaysAfterInitiation=rule.abort_incomplete_uploads_after_days)
    return out


def generate(comp: Bucket, ctx: Context) -> None:
    key = kms.customer_key(ctx, comp) if comp.encryption == "kms" else None
    rules = [_rule(i, r) for i, r in enumerate(comp.lifecycle)]
    if comp.intelligent_tiering:
        rules.append(s3.LifecycleRule(Id="intelligent-tiering", Status="Enabled", Transitions=[
            s3.LifecycleRuleTransition(StorageClass="INTELLIGENT_TIERING", TransitionInDays=0)]))
    bucket = private_bucket(ctx, comp, bucket_id(comp.name), versioned=comp.versioned, kms_key=key, rules=rules,
                            extra_statements=protection.inventory_statements(ctx, comp))
    archive = protection.tiering(comp)
    if archive:
        bucket.IntelligentTieringConfigurations = archive
    protection.object_lock(comp, bucket, ctx)
    protection.replication(comp, bucket, ctx)
    protection.inventory(comp, bucket)
    if notifications.routes(ctx.arch, comp.name):  # object events go out through EventBridge
        bucket.NotificationConfiguration = s3.NotificationConfiguration(
            EventBridgeConfiguration=s3.EventBridgeConfiguration(EventBridgeEnabled=True))
        notifications.generate_rules(ctx, comp.name)
    if not comp.versioned:
        ctx.note(f"components.{comp.name}.versioned: false — object versions are not kept")
