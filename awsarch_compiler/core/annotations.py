"""What the model-level tools read from every component and from the top level.

``review:`` (the Well-Architected review's profile, declared RTO and
suppressions, read by :mod:`awsarch_compiler.review`) and ``usage:`` (the
monthly assumptions of the cost estimate, :mod:`awsarch_compiler.cost`).
Their schema lives beside those packages (``review/schema.json``,
``cost/usage.json``); the schema build adds both to every component type.
"""
from __future__ import annotations

import types
from dataclasses import dataclass, field
from typing import Mapping, Optional

EMPTY: Mapping = types.MappingProxyType({})


@dataclass(frozen=True, kw_only=True)
class Review:
    """``review:`` of a component: Well-Architected rule ID -> why it does not apply (None: no reason given)."""

    suppress: Mapping[str, Optional[str]] = field(default_factory=lambda: EMPTY)


@dataclass(frozen=True, kw_only=True)
class ArchitectureReview(Review):
    """The top-level ``review:``: the review profile, a declared RTO and architecture-wide suppressions."""

    profile: str = "production"
    rto_minutes: Optional[int] = None


@dataclass(frozen=True, kw_only=True)
class Usage:
    """``usage:`` of a component: the cost estimate's monthly assumptions (None: the type's default)."""

    hours_per_month: Optional[float] = None
    average_count: Optional[float] = None
    requests_per_month: Optional[float] = None
    reads_per_month: Optional[float] = None
    writes_per_month: Optional[float] = None
    duration_ms: Optional[float] = None
    storage_gb: Optional[float] = None
    transfer_gb: Optional[float] = None
    log_gb: Optional[float] = None
