"""A bucket in a multi-region architecture (``disaster_recovery:``): S3 cross-region replication.

Pilot light, warm standby and active-active replicate every object to a replica in the secondary
(``platform.replication``): the secondary's storage stack creates the replica first, the primary's bucket
replicates to it (with Replication Time Control when ``replication_time_control: true``), and the
secondary's other stacks name the replica. Backup & restore backs the bucket up hourly with AWS Backup
and copies each recovery point to the secondary's vault.
"""
from __future__ import annotations

from troposphere import GetAtt

from ...core.recovery import DataRecovery
from ...platform import replication
from ...platform.buckets import private_bucket
from .model import Bucket, bucket_id

UNBOUNDED_MINUTES = 60  # without Replication Time Control S3 gives no bound; most objects arrive within minutes


def data_recovery(comp: Bucket, strategy: str, rtc: bool, backups_every: int) -> DataRecovery:
    arn = GetAtt(bucket_id(comp.name), "Arn")
    if strategy == "backup-restore":
        return DataRecovery("hourly AWS Backup copies to the secondary's vault", backups_every, arn)
    if rtc:
        return DataRecovery("S3 cross-region replication with Replication Time Control (15 minutes)",
                            replication.RTC_MINUTES, arn)
    return DataRecovery("S3 cross-region replication (no time bound; most objects within minutes)",
                        UNBOUNDED_MINUTES, arn)


def problem(comp: Bucket, arch) -> str | None:
    if not comp.versioned:
        return "S3 replication and AWS Backup need versioning, and the bucket has versioned: false"
    if comp.encryption == "kms" and arch.disaster_recovery.strategy != "backup-restore":
        return "a replica needs a key in its own region, and the bucket uses one customer key (encryption: kms)"
    return replication.name_problem(arch.name, comp.name)


def recover(comp: Bucket, ctx, plan) -> None:
    if plan.strategy == "backup-restore":
        return
    logical = bucket_id(comp.name)
    if plan.is_storage:
        replication.replica(private_bucket(ctx, comp, logical, versioned=True), plan.name, comp)
    elif plan.is_secondary:
        replication.elsewhere(ctx, logical, plan.name, comp.name)
    else:
        replication.replicate(ctx, comp, logical, plan, plan.dr.replication_time_control)
