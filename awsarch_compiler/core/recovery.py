"""The ``disaster_recovery:`` section's model: the strategy, the secondary region and the objectives.

``strategy`` is one of the four of the AWS disaster-recovery whitepaper, from the cheapest and
slowest to recover to the dearest and fastest: ``backup-restore`` (backups copied to the
secondary, restored there when the primary is lost: RTO hours), ``pilot-light`` (data replicated
continuously, compute at zero: RTO tens of minutes), ``warm-standby`` (data replicated, compute at
reduced size: RTO minutes) and ``active-active`` (both regions serve, latency routing: RTO near
zero). ``components`` holds the per-component choices: one that stays in the primary region, or
the secondary's capacity of a fleet or service.
"""
from __future__ import annotations

import types
from dataclasses import dataclass, field
from typing import Mapping, Optional


EMPTY: Mapping = types.MappingProxyType({})
STRATEGIES = ("backup-restore", "pilot-light", "warm-standby", "active-active")
BACKUP_EVERY_MINUTES = 60  # backup & restore: hourly backups, each copied to the secondary's vault


@dataclass(frozen=True, kw_only=True)
class SecondaryCapacity:
    """The secondary region's capacity of a fleet or service (``$defs/capacity``)."""

    min: int
    max: int
    desired: Optional[int] = None


@dataclass(frozen=True, kw_only=True)
class ComponentRecovery:
    """``disaster_recovery.components.NAME``: how one component follows into the secondary region."""

    single_region: bool = False  # stays in the primary region only
    reason: Optional[str] = None  # why it stays (printed in the summary)
    capacity: Optional[SecondaryCapacity] = None  # the secondary's capacity of a fleet or service
    certificate: Optional[str] = None  # the secondary region's ACM certificate ARN for its regional certificates


@dataclass(frozen=True, kw_only=True)
class DisasterRecovery:
    strategy: str
    secondary: str
    rpo_minutes: Optional[int] = None
    rto_minutes: Optional[int] = None
    replication_time_control: bool = False  # S3 Replication Time Control (99.99 % of objects in 15 minutes)
    components: Mapping[str, ComponentRecovery] = field(default_factory=lambda: EMPTY)

    def choice(self, name: str) -> ComponentRecovery:
        return self.components.get(name) or ComponentRecovery()

    def follows(self, name: str) -> bool:
        """Whether component ``name`` has a copy in the secondary region."""
        return not self.choice(name).single_region


@dataclass(frozen=True)
class RegionPlan:
    """What one region's compile is: the primary or the secondary of ``dr``."""

    dr: DisasterRecovery
    role: str  # primary | secondary | storage (the secondary's stack deployed first: replica buckets, vault)
    primary: str
    secondary: str
    name: str  # the architecture's name (the storage stack's own name has -storage appended)

    @property
    def region(self) -> str:
        return self.primary if self.role == "primary" else self.secondary

    @property
    def is_secondary(self) -> bool:
        return self.role == "secondary"

    @property
    def is_storage(self) -> bool:
        return self.role == "storage"

    @property
    def strategy(self) -> str:
        return self.dr.strategy


@dataclass(frozen=True)
class DataRecovery:
    """How a data store's contents reach the secondary under a strategy, and the data a failover may lose."""

    mechanism: str  # "Aurora Global Database", "cross-region read replica", ...
    rpo_minutes: float  # the most data (in minutes of writes) a regional failover may lose
    backup_resource: object = None  # its ARN for an AWS Backup selection (backup & restore)


def secondary_capacity(name: str, settings: dict, plan: RegionPlan, default: dict) -> dict:
    """A fleet's or service's DSL settings with its capacity in the secondary region: the file's choice
    (``disaster_recovery.components.NAME.capacity``), else zero for pilot light (scaled up at failover),
    one for warm standby and the primary's for active-active (and backup & restore, deployed at recovery)."""
    out = dict(settings)
    chosen = plan.dr.choice(name).capacity
    if chosen is not None:
        out["capacity"] = {k: v for k, v in (("min", chosen.min), ("max", chosen.max), ("desired", chosen.desired))
                           if v is not None}
        return out
    primary = dict(settings.get("capacity") or default)
    if plan.strategy == "pilot-light":
        out["capacity"] = {"min": 0, "max": primary["max"], "desired": 0}
    elif plan.strategy == "warm-standby":
        out["capacity"] = {"min": 1, "max": primary["max"], "desired": 1}
    return out
