"""The ``bucket`` model, its trigger and notifications, and its logical IDs."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

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
class Bucket(Component):
    versioned: bool = True
    encryption: str = "s3"
    intelligent_tiering: bool = False
    lifecycle: tuple[LifecycleRule, ...] = ()
    notifications: tuple[Notification, ...] = ()


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
