"""``monitoring.audit_trail: true``: a multi-region CloudTrail trail.

Management events of every region, with log file validation, encrypted with
a customer-managed key (the CloudTrail key policy, scoped to this trail by
``aws:SourceArn``), delivered to a private, TLS-only bucket whose policy
admits CloudTrail for this trail only, and to a KMS-encrypted CloudWatch
Logs group through a role that may write only there. The trail's name is
fixed per stack so that every policy can name its ARN without a cycle.
"""
from __future__ import annotations

from awacs import kms as awacs_kms
from awacs import logs as awacs_logs
from awacs import s3 as awacs_s3
from awacs.aws import (
    Allow,
    ArnEquals,
    Condition,
    PolicyDocument,
    Principal,
    Statement,
    StringEquals,
    StringLike,
)
from awacs.sts import AssumeRole
from troposphere import GetAtt, Ref, Sub, cloudtrail, iam, logs

from ...core.context import Context
from ..buckets import private_bucket
from ..encryption import aws_managed_only
from ..kms import add_key
from .ids import LAYER

PATH = ("monitoring", "audit_trail")
TRAIL = "AuditTrail"
BUCKET = "AuditTrailBucket"
KEY = "AuditTrailKey"
LOG_GROUP = "AuditTrailLogGroup"
ROLE = "AuditTrailLogsRole"
RETENTION_DAYS = 365

TRAIL_NAME = "${AWS::StackName}-audit"
TRAIL_ARN = "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/" + TRAIL_NAME
LOG_GROUP_NAME = "/aws/cloudtrail/${AWS::StackName}"
LOG_GROUP_ARN = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:" + LOG_GROUP_NAME


def _from_this_trail() -> StringEquals:
    return StringEquals("aws:SourceArn", Sub(TRAIL_ARN))


def _key(ctx: Context) -> None:
    cloudtrail_service = Principal("Service", "cloudtrail.amazonaws.com")
    add_key(ctx, KEY, f"{ctx.arch.name}: encrypts the audit trail's log files and log group",
            f"alias/{ctx.arch.name}/audit-trail", [
                Statement(Sid="CloudTrailEncryptsLogs", Effect=Allow, Principal=cloudtrail_service,
                          Action=[awacs_kms.Action("GenerateDataKey*")], Resource=["*"],
                          Condition=Condition([_from_this_trail(), StringLike(
                              "kms:EncryptionContext:aws:cloudtrail:arn",
                              Sub("arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*"))])),
                Statement(Sid="CloudTrailDescribesKey", Effect=Allow, Principal=cloudtrail_service,
                          Action=[awacs_kms.DescribeKey], Resource=["*"], Condition=Condition(_from_this_trail())),
                Statement(Sid="CloudWatchLogsEncryptsLogGroup", Effect=Allow,
                          Principal=Principal("Service", Sub("logs.${AWS::Region}.amazonaws.com")),
                          Action=[awacs_kms.Action("Encrypt*"), awacs_kms.Action("Decrypt*"),
                                  awacs_kms.Action("ReEncrypt*"), awacs_kms.Action("GenerateDataKey*"),
                                  awacs_kms.Action("Describe*")],
                          Resource=["*"], Condition=Condition(
                              ArnEquals("kms:EncryptionContext:aws:logs:arn", Sub(LOG_GROUP_ARN)))),
            ], layer=LAYER, path=PATH)


def _bucket(ctx: Context) -> None:
    trail_service = Principal("Service", "cloudtrail.amazonaws.com")
    statements = [
        Statement(Sid="CloudTrailChecksAcl", Effect=Allow, Principal=trail_service, Action=[awacs_s3.GetBucketAcl],
                  Resource=[GetAtt(BUCKET, "Arn")], Condition=Condition(_from_this_trail())),
        Statement(Sid="CloudTrailWritesLogs", Effect=Allow, Principal=trail_service, Action=[awacs_s3.PutObject],
                  Resource=[Sub(f"${{{BUCKET}.Arn}}/AWSLogs/${{AWS::AccountId}}/*")],
                  Condition=Condition(StringEquals({"aws:SourceArn": Sub(TRAIL_ARN),
                                                    "s3:x-amz-acl": "bucket-owner-full-control"}))),
    ]
    before = set(ctx.entries)
    private_bucket(ctx, None, BUCKET, layer=LAYER, extra_statements=statements)
    for logical in set(ctx.entries) - before:
        ctx.entries[logical].dsl_path = PATH


def _log_delivery(ctx: Context) -> None:
    group = ctx.add(logs.LogGroup(LOG_GROUP, LogGroupName=Sub(LOG_GROUP_NAME), RetentionInDays=RETENTION_DAYS),
                    None, layer=LAYER, path=PATH)
    if aws_managed_only(ctx.arch):
        ctx.suppress(group, "CKV_AWS_158", "AWS-managed keys only (encryption: aws-managed): CloudWatch Logs encrypts "
                                           "the log group with its own key")
    else:
        group.KmsKeyId = GetAtt(KEY, "Arn")
    group.DeletionPolicy = "Retain"
    group.UpdateReplacePolicy = "Retain"
    ctx.add(iam.Role(
        ROLE, Description=f"{ctx.arch.name}: CloudTrail delivers the audit trail to its log group",
        AssumeRolePolicyDocument=PolicyDocument(Version="2012-10-17", Statement=[Statement(
            Effect=Allow, Principal=Principal("Service", "cloudtrail.amazonaws.com"), Action=[AssumeRole],
            Condition=Condition(StringEquals("aws:SourceAccount", Sub("${AWS::AccountId}"))))]),
        Policies=[iam.Policy(PolicyName="deliver-to-log-group", PolicyDocument=PolicyDocument(
            Version="2012-10-17", Statement=[Statement(
                Effect=Allow, Action=[awacs_logs.CreateLogStream, awacs_logs.PutLogEvents],
                Resource=[GetAtt(LOG_GROUP, "Arn")])]))],
    ), None, layer=LAYER, path=PATH)


def generate(ctx: Context) -> None:
    customer_key = not aws_managed_only(ctx.arch)
    if customer_key:
        _key(ctx)
    _bucket(ctx)
    _log_delivery(ctx)
    trail = ctx.add(cloudtrail.Trail(
        TRAIL, TrailName=Sub(TRAIL_NAME), IsLogging=True, IsMultiRegionTrail=True, IncludeGlobalServiceEvents=True,
        EnableLogFileValidation=True, S3BucketName=Ref(BUCKET),
        CloudWatchLogsLogGroupArn=GetAtt(LOG_GROUP, "Arn"), CloudWatchLogsRoleArn=GetAtt(ROLE, "Arn"),
        DependsOn=[BUCKET + "Policy"],
    ), None, layer=LAYER, path=PATH)
    if customer_key:
        trail.KMSKeyId = GetAtt(KEY, "Arn")
    else:
        ctx.suppress(trail, "CKV_AWS_35", "AWS-managed keys only (encryption: aws-managed): the log files are "
                                          "encrypted by the bucket's S3-managed key")
        ctx.note("encryption: aws-managed — the audit trail's log files use the bucket's S3-managed encryption")
    ctx.note("monitoring.audit_trail: a multi-region CloudTrail trail — one per account is free; "
             "more trails of management events are charged")

