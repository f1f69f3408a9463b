"""Private, encrypted, TLS-only S3 buckets: the one way every part of the compiler makes a bucket.

Buckets of ``bucket`` components, a static site's content and logs, load
balancer access logs and the audit trail all come from :func:`private_bucket`:
public access blocked, object ownership enforced, encryption (S3-managed or
a customer key), a policy that denies any request without TLS, retention on
delete and replacement.
"""
from __future__ import annotations

from awacs import s3 as awacs_s3
from awacs.aws import Bool, Condition, Deny, PolicyDocument, Principal, Statement
from troposphere import GetAtt, Ref, Sub, s3

from ..core.context import Context
from ..core.model import Component


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
