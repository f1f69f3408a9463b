"""The ``bucket`` model, its trigger and notifications, and its logical IDs."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

from ...core.model import Component, Trigger
from ...core.naming import logical_id

TYPE_NAME = "bucket"


@dataclass(frozen=True, kw_only=True)
class LifecycleRule:
    prefix: Optional[str] = None
    transition_after_days: Optional[int] = None
    storage_class: Optional[str] = None
    expire_after_days: Optional[int] = None
    expire_noncurrent_after_days: Optional[int] = None
    abort_incomplete_uploads_after_days: Optional[int] = None


@dataclass(frozen=True, kw_only=True)
class Notification:
    """One ``notifications`` entry of a bucket: object events to a target."""

    target: str
    events: tuple[str, ...] = ("created",)
    prefix: Optional[str] = None
    suffix: Optional[str] = None


@dataclass(frozen=True, kw_only=True)
class IntelligentTiering:
    """``intelligent_tiering: {...}``: S3 Intelligent-Tiering with its opt-in archive tiers."""

    archive_after_days: Optional[int] = None
    deep_archive_after_days: Optional[int] = None
    prefix: Optional[str] = None


@dataclass(frozen=True, kw_only=True)
class ObjectLock:
    """``object_lock``: S3 Object Lock with a default retention (write once, read many)."""

    mode: str = "governance"
    days: int


@dataclass(frozen=True, kw_only=True)
class Replication:
    """One ``replication`` entry: new object versions copied to another bucket."""

    destination: Optional[str] = None  # a bucket component
    destination_bucket: Optional[str] = None  # or an existing bucket's name (another account or region)
    prefix: Optional[str] = None
    storage_class: Optional[str] = None
    delete_markers: bool = False
    time_control: bool = False


@dataclass(frozen=True, kw_only=True)
class Inventory:
    """``inventory``: a daily or weekly list of the bucket's objects, written to a bucket."""

    destination: str  # a bucket component (not the bucket itself)
    frequency: str = "weekly"
    format: str = "CSV"
    prefix: str = "inventory"
    current_versions_only: bool = False
    fields: tuple[str, ...] = ("Size", "LastModifiedDate", "StorageClass", "ETag", "EncryptionStatus")


@dataclass(frozen=True, kw_only=True)
class Bucket(Component):
    versioned: bool = True
    encryption: str = "s3"
    intelligent_tiering: Union[bool, IntelligentTiering] = False
    lifecycle: tuple[LifecycleRule, ...] = ()
    notifications: tuple[Notification, ...] = ()
    object_lock: Optional[ObjectLock] = None
    replication: tuple[Replication, ...] = ()
    inventory: Optional[Inventory] = None


@dataclass(frozen=True, kw_only=True)
class BucketTrigger(Trigger):
    """``triggers: [{bucket: NAME}]``: the bucket's object events invoke the function."""

    key = "bucket"
    bucket: str
    events: tuple[str, ...] = ("created",)
    prefix: Optional[str] = None
    suffix: Optional[str] = None


def bucket_id(name: str) -> str:
    return logical_id(name, "Bucket")


def rule_id(bucket: str, target: str) -> str:
    """The EventBridge rule that delivers ``bucket``'s object events to ``target``."""
    return logical_id(bucket, "To", target, "Rule")


def replication_role_id(name: str) -> str:
    return logical_id(name, "ReplicationRole")
