"""Access logs of application load balancers: on by default, into a private, encrypted bucket.

Elastic Load Balancing writes the logs as the Elastic Load Balancing account of the Region in
Regions available before August 2022, and as the service principal
``logdelivery.elasticloadbalancing.amazonaws.com`` in the later ones. The bucket policy admits
both: the service principal always, and the Region's account from the vendored table
``log_delivery.json`` (a template Mapping over every Region the compiler knows, ``none`` where the
service principal is the way), so one template deploys in any Region. ALB access logs take
SSE-S3 encryption only, which the bucket uses.
"""
from __future__ import annotations

import json
from importlib import resources as package_files

from awacs import s3 as awacs_s3
from awacs.aws import Allow, Condition, Principal, Statement, StringEquals
from troposphere import FindInMap, If, Ref, Sub, s3

from ...core.context import Context
from ...core.naming import logical_id
from ...core.regions import regions
from ...platform.buckets import private_bucket
from .model import LoadBalancer

MAPPING = "ElbLogDeliveryAccounts"
CONDITION = "ElbLogDeliveryByAccount"
SERVICE = "logdelivery.elasticloadbalancing.amazonaws.com"


def accounts() -> dict:
    """Region -> the Elastic Load Balancing account that writes its access logs (older Regions only)."""
    text = package_files.files(__package__).joinpath("log_delivery.json").read_text(encoding="utf-8")
    return json.loads(text)["accounts"]


def writes_access_logs(comp: LoadBalancer) -> bool:
    """Application load balancers log unless ``access_logs: false``; network ones do not."""
    return comp.kind == "application" and comp.access_logs is not False


def _tables(ctx: Context) -> None:
    known = accounts()
    ctx.add_mapping(MAPPING, {region: {"AccountId": known.get(region, "none")} for region in sorted(regions())})
    ctx.add_condition(CONDITION, {"Fn::Not": [{"Fn::Equals": [
        {"Fn::FindInMap": [MAPPING, {"Ref": "AWS::Region"}, "AccountId"]}, "none"]}]})


def add_bucket(ctx: Context, comp: LoadBalancer) -> str:
    _tables(ctx)
    logical = logical_id(comp.name, "AccessLogsBucket")
    objects = Sub(f"${{{logical}.Arn}}/AWSLogs/${{AWS::AccountId}}/*")
    service = Statement(
        Sid="ElbLogDelivery", Effect=Allow, Principal=Principal("Service", SERVICE), Action=[awacs_s3.PutObject],
        Resource=[objects], Condition=Condition(StringEquals("aws:SourceAccount", Sub("${AWS::AccountId}"))))
    region_account = If(CONDITION, Sub("arn:${AWS::Partition}:iam::${Account}:root",
                                       Account=FindInMap(MAPPING, Ref("AWS::Region"), "AccountId")),
                        Sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root"))
    account = Statement(Sid="ElbLogDeliveryAccount", Effect=Allow, Principal=Principal("AWS", region_account),
                        Action=[awacs_s3.PutObject], Resource=[objects])
    rules = [s3.LifecycleRule(Id="expire-logs", Status="Enabled", ExpirationInDays=365,
                              NoncurrentVersionExpiration=s3.NoncurrentVersionExpiration(NoncurrentDays=30))]
    private_bucket(ctx, comp, logical, rules=rules, extra_statements=[service, account])
    return logical


def suppress(ctx: Context, comp: LoadBalancer, lb) -> None:
    """The reasons when there are no access logs or no deletion protection: default, or set in the file."""
    if comp.kind == "network":
        ctx.suppress(lb, "CKV_AWS_91", "default for network load balancers: the compiler writes access logs of "
                                       "application load balancers only")
    elif comp.access_logs is False:
        ctx.suppress(lb, "CKV_AWS_91", "access logs turned off in the architecture (access_logs: false)")
        ctx.note(f"components.{comp.name}.access_logs: false — no access logs are written")
    if comp.deletion_protection is False:
        ctx.suppress(lb, "CKV_AWS_150", "deletion protection turned off in the architecture (deletion_protection: false)")
    elif not comp.deletion_protection:
        ctx.suppress(lb, "CKV_AWS_150", "default: deletion protection off, so that deleting the stack deletes the "
                                        "load balancer (deletion_protection: true turns it on)")
