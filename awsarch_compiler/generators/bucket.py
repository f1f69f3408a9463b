"""``bucket``: a private, encrypted, TLS-only S3 bucket; its object events go out through EventBridge (events.py)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from awacs import s3 as awacs_s3
from awacs.aws import Allow, Bool, Condition, Deny, PolicyDocument, Principal, Statement
from troposphere import GetAtt, Ref, Sub, s3

from ..core.context import Context, Grant
from ..core.model import Component
from ..core.naming import env_prefix, logical_id
from ..platform import kms
from . import events, register
from .base import AccessMode, ComponentType

READ = (awacs_s3.GetObject, awacs_s3.GetObjectVersion)
WRITE = (awacs_s3.PutObject, awacs_s3.DeleteObject, awacs_s3.AbortMultipartUpload)


@dataclass(frozen=True, kw_only=True)
class LifecycleRule:
    prefix: Optional[str] = None
    transition_after_days: Optional[int] = None
    storage_class: Optional[str] = None
    expire_after_days: Optional[int] = None
    expire_noncurrent_after_days: Optional[int] = None
    abort_incomplete_uploads_after_days: Optional[int] = None


@dataclass(frozen=True, kw_only=True)
class Bucket(Component):
    versioned: bool = True
    encryption: str = "s3"
    intelligent_tiering: bool = False
    lifecycle: tuple[LifecycleRule, ...] = ()
    notifications: tuple[events.Notification, ...] = ()


def bucket_id(name: str) -> str:
    return logical_id(name, "Bucket")


def tls_only_statement(bucket_logical: str) -> Statement:
    return Statement(
        Sid="DenyInsecureTransport", Effect=Deny, Principal=Principal("*"), Action=[awacs_s3.Action("*")],
        Resource=[GetAtt(bucket_logical, "Arn"), Sub(f"${{{bucket_logical}.Arn}}/*")],
        Condition=Condition(Bool("aws:SecureTransport", "false")))


def private_bucket(ctx: Context, comp: Component, logical: str, *, versioned=True, kms_key: str | None = None,
                   rules=(), layer: str | None = None, extra_statements=()) -> s3.Bucket:
    """A bucket with public access blocked, ownership enforced, encryption and a TLS-only policy."""
    if kms_key:
        default = s3.ServerSideEncryptionByDefault(SSEAlgorithm="aws:kms", KMSMasterKeyID=GetAtt(kms_key, "Arn"))
    else:
        default = s3.ServerSideEncryptionByDefault(SSEAlgorithm="AES256")
    bucket = s3.Bucket(
        logical,
        BucketEncryption=s3.BucketEncryption(ServerSideEncryptionConfiguration=[s3.ServerSideEncryptionRule(
            ServerSideEncryptionByDefault=default, BucketKeyEnabled=bool(kms_key))]),
        PublicAccessBlockConfiguration=s3.PublicAccessBlockConfiguration(
            BlockPublicAcls=True, BlockPublicPolicy=True, IgnorePublicAcls=True, RestrictPublicBuckets=True),
        OwnershipControls=s3.OwnershipControls(Rules=[s3.OwnershipControlsRule(ObjectOwnership="BucketOwnerEnforced")]),
    )
    if versioned:
        bucket.VersioningConfiguration = s3.VersioningConfiguration(Status="Enabled")
    if rules:
        bucket.LifecycleConfiguration = s3.LifecycleConfiguration(Rules=list(rules))
    bucket.DeletionPolicy = "Retain"
    bucket.UpdateReplacePolicy = "Retain"
    ctx.add(bucket, comp, layer=layer)
    ctx.add(s3.BucketPolicy(
        logical + "Policy", Bucket=Ref(logical),
        PolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[tls_only_statement(logical), *extra_statements]),
    ), comp, layer=layer, tags=False)
    ctx.suppress(bucket, "CKV_AWS_18", "server access logs are not enabled: the bucket is private to the account's roles, "
                 "and its object-level API calls can be audited with CloudTrail data events")
    if not versioned:
        ctx.suppress(bucket, "CKV_AWS_21", "versioning turned off in the architecture (versioned: false)")
    return bucket


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


@register
class BucketType(ComponentType):
    type_name = "bucket"
    spec = Bucket
    layer = "data"
    access = {
        "read": AccessMode("s3:GetObject, s3:GetObjectVersion on its objects; s3:ListBucket on it (+ kms:Decrypt)", ("BUCKET",)),
        "write": AccessMode("s3:PutObject, s3:DeleteObject, s3:AbortMultipartUpload on its objects (+ kms:GenerateDataKey, kms:Encrypt)", ("BUCKET",)),
        "read-write": AccessMode("read and write together", ("BUCKET",)),
    }

    def check(self, comp: Bucket, arch):
        from ..core.diagnostics import error
        for i, rule in enumerate(comp.lifecycle):
            path = ("components", comp.name, "lifecycle", i)
            if rule.storage_class and rule.transition_after_days is None:
                yield error("E330", "storage_class needs transition_after_days", path + ("storage_class",))
            if rule.expire_noncurrent_after_days and not comp.versioned:
                yield error("E331", "expire_noncurrent_after_days needs a versioned bucket", path,
                            "remove it, or set versioned: true")
        yield from events.check(arch, owner=comp.name)

    def grant(self, mode, source, target: Bucket, ctx) -> Grant:
        logical = bucket_id(target.name)
        objects = Sub(f"${{{logical}.Arn}}/*")
        statements = []
        if mode in ("read", "read-write"):
            statements.append(Statement(Effect=Allow, Action=list(READ), Resource=[objects]))
            statements.append(Statement(Effect=Allow, Action=[awacs_s3.ListBucket], Resource=[GetAtt(logical, "Arn")]))
        if mode in ("write", "read-write"):
            statements.append(Statement(Effect=Allow, Action=list(WRITE), Resource=[objects]))
        if target.encryption == "kms":
            actions = kms.ENCRYPT if mode != "read" else kms.DECRYPT
            statements.append(kms.use_statement(target.name, actions))
        return Grant(source.name, target.name, mode, statements=tuple(statements),
                     env=((f"{env_prefix(target.name)}_BUCKET", Ref(logical)),))

    def generate(self, comp: Bucket, ctx: Context) -> None:
        key = kms.customer_key(ctx, comp) if comp.encryption == "kms" else None
        rules = [_rule(i, r) for i, r in enumerate(comp.lifecycle)]
        if comp.intelligent_tiering:
            rules.append(s3.LifecycleRule(Id="intelligent-tiering", Status="Enabled", Transitions=[
                s3.LifecycleRuleTransition(StorageClass="INTELLIGENT_TIERING", TransitionInDays=0)]))
        bucket = private_bucket(ctx, comp, bucket_id(comp.name), versioned=comp.versioned, kms_key=key, rules=rules)
        if events.has_routes(ctx.arch, comp.name):  # object events go out through EventBridge (see events.py)
            bucket.NotificationConfiguration = s3.NotificationConfiguration(
                EventBridgeConfiguration=s3.EventBridgeConfiguration(EventBridgeEnabled=True))
            events.generate_rules(ctx, comp.name)
        if not comp.versioned:
            ctx.note(f"components.{comp.name}.versioned: false — object versions are not kept")
