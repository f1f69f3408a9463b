"""The model of the top-level ``backup:`` section: AWS Backup plans, their vault and what they select.

Its schema is ``platform/backup/schema.json``; the checks and resources are in
``platform.backup``. A plan selects components by name (``components``) or by
the tags they carry (``tags``: the file's and the component's own); each
selected component's type says what AWS Backup protects (``ComponentType.backup_scope``).
"""
from __future__ import annotations

import types
from dataclasses import dataclass, field
from typing import Mapping, Optional

EMPTY: Mapping = types.MappingProxyType({})
# Schedule shorthands: AWS Backup's own cron (six fields, UTC).
SCHEDULES = {"hourly": "cron(0 * ? * * *)", "daily": "cron(0 5 ? * * *)",
             "weekly": "cron(0 5 ? * SUN *)", "monthly": "cron(0 5 1 * ? *)"}


@dataclass(frozen=True, kw_only=True)
class VaultLock:
    """``backup.vault.lock``: AWS Backup Vault Lock (WORM): recovery points cannot be deleted early."""

    min_retention_days: int = 7
    max_retention_days: Optional[int] = None
    changeable_for_days: Optional[int] = None  # None: governance mode; N: compliance mode after N days


@dataclass(frozen=True, kw_only=True)
class Vault:
    encryption: Optional[str] = None  # kms: a customer key; aws: the AWS-managed aws/backup key; None: by the switch
    lock: Optional[VaultLock] = None


@dataclass(frozen=True, kw_only=True)
class BackupPlan:
    schedule: str = "daily"
    retention_days: int = 35
    cold_storage_after_days: Optional[int] = None
    continuous: bool = False
    start_window_minutes: int = 60
    completion_window_minutes: int = 480
    components: tuple[str, ...] = ()
    tags: Mapping[str, str] = field(default_factory=lambda: EMPTY)

    @property
    def expression(self) -> str:
        return SCHEDULES.get(self.schedule, self.schedule)


@dataclass(frozen=True, kw_only=True)
class Backup:
    vault: Vault = field(default_factory=Vault)
    plans: Mapping[str, BackupPlan] = field(default_factory=lambda: EMPTY)


@dataclass(frozen=True)
class BackupScope:
    """What AWS Backup protects of one component: resource ARNs (``Ref``/``GetAtt``/``Sub``), or every
    resource of ``resource_type`` carrying the component's tags (an instance group's EBS volumes)."""

    service: str  # the AWS Backup resource type, such as RDS, Aurora, DynamoDB, EFS, EBS, S3
    resources: tuple = ()
    tagged: Optional[str] = None  # an ARN pattern selected by the component's awsarch: tags instead
