"""Private, encrypted, TLS-only S3 buckets: the one way every part of the compiler makes a bucket.

Buckets of ``bucket`` components, a static site's content and logs, load
balancer access logs and the audit trail all come from :func:`private_bucket`:
public access blocked, object ownership enforced, encryption (S3-managed or
a customer key), a policy that denies any request without TLS, retention on
delete and replacement.

Object-level auditing: with ``monitoring.audit_trail`` every bucket that holds the architecture's
data (not a log bucket) is listed in the trail's S3 data-event selectors (buckets of the pipeline
stack, which deploys after the trail's, excepted); otherwise, and for those, the bucket writes S3
server access logs into the architecture's one access-log bucket (``S3AccessLogsBucket``, in the data
stack), which as a log bucket does not log itself.
"""
from __future__ import annotations

from awacs import s3 as awacs_s3
from awacs.aws import Allow, Bool, Condition, Deny, PolicyDocument, Principal, Statement, StringEquals
from troposphere import GetAtt, Ref, Sub, s3

from ..core.context import Context
from ..core.model import Component
from ..core.naming import LAYERS

ACCESS_LOGS = "S3AccessLogsBucket"
ACCESS_LOGS_LAYER = "data"
TRAILED_LAYERS = LAYERS[:LAYERS.index("monitoring")]  # stacks the audit trail's stack may reference
LOG_BUCKET = ("a log bucket: the service writes log files into it, and it is not logged itself (its own "
              "log deliveries would be logged in turn)")


def tls_only_statement(bucket_logical: str) -> Statement:
    return Statement(
        Sid="DenyInsecureTransport", Effect=Deny, Principal=Principal("*"), Action=[awacs_s3.Action("*")],
        Resource=[GetAtt(bucket_logical, "Arn"), Sub(f"${{{bucket_logical}.Arn}}/*")],
        Condition=Condition(Bool("aws:SecureTransport", "false")))


def private_bucket(ctx: Context, comp: Component, logical: str, *, versioned=True, kms_key: str | None = None,
                   rules=(), layer: str | None = None, extra_statements=(), log_bucket: bool = False) -> s3.Bucket:
    """A bucket with public access blocked, ownership enforced, encryption and a TLS-only policy;
    ``log_bucket``: it receives a service's logs (not audited itself)."""
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
    if log_bucket:
        ctx.suppress(bucket, "CKV_AWS_18", LOG_BUCKET)
    else:
        _audit(ctx, bucket, layer or (ctx.layer_of(comp) if comp is not None else ACCESS_LOGS_LAYER))
    if not versioned:
        ctx.suppress(bucket, "CKV_AWS_21", "versioning turned off in the architecture (versioned: false)")
    return bucket


def _audit(ctx: Context, bucket: s3.Bucket, layer: str) -> None:
    """The audit trail's data events record the bucket's object calls, or its server access logs do."""
    if ctx.arch.monitoring.audit_trail and layer in TRAILED_LAYERS:
        ctx.audited_buckets.append(bucket.title)
        ctx.suppress(bucket, "CKV_AWS_18", "its object-level API calls are recorded by the audit trail's S3 data "
                                           "events (monitoring.audit_trail), instead of server access logs")
        return
    if ACCESS_LOGS not in ctx.entries:
        _access_log_bucket(ctx)
    bucket.LoggingConfiguration = s3.LoggingConfiguration(DestinationBucketName=Ref(ACCESS_LOGS),
                                                          LogFilePrefix=f"{bucket.title}/")


def _access_log_bucket(ctx: Context) -> None:
    delivery = Statement(
        Sid="S3ServerAccessLogs", Effect=Allow, Principal=Principal("Service", "logging.s3.amazonaws.com"),
        Action=[awacs_s3.PutObject], Resource=[Sub(f"${{{ACCESS_LOGS}.Arn}}/*")],
        Condition=Condition(StringEquals("aws:SourceAccount", Sub("${AWS::AccountId}"))))
    rules = [s3.LifecycleRule(Id="expire-access-logs", Status="Enabled", ExpirationInDays=365,
                              NoncurrentVersionExpiration=s3.NoncurrentVersionExpiration(NoncurrentDays=30))]
    before = set(ctx.entries)
    private_bucket(ctx, None, ACCESS_LOGS, rules=rules, layer=ACCESS_LOGS_LAYER, extra_statements=[delivery],
                   log_bucket=True)
    for logical in set(ctx.entries) - before:
        ctx.entries[logical].dsl_path = ("components",)
    ctx.note("S3 server access logs of the architecture's buckets go to S3AccessLogsBucket (kept 365 days); "
             "monitoring.audit_trail: true records their object calls as CloudTrail data events instead")
