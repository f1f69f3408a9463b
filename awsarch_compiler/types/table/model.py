"""The ``table`` model and its logical ID."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional

from ...core.model import Component, Trigger, empty
from ...core.naming import logical_id

TYPE_NAME = "table"


@dataclass(frozen=True, kw_only=True)
class Key:
    name: str
    type: str = "S"


@dataclass(frozen=True, kw_only=True)
class ProvisionedCapacity:
    read: int
    write: int


@dataclass(frozen=True, kw_only=True)
class Index:
    partition_key: Key
    sort_key: Optional[Key] = None
    projection: str = "all"
    attributes: tuple[str, ...] = ()
    capacity: Optional[ProvisionedCapacity] = None


@dataclass(frozen=True, kw_only=True)
class Table(Component):
    partition_key: Key
    sort_key: Optional[Key] = None
    billing: str = "on-demand"
    capacity: Optional[ProvisionedCapacity] = None
    indexes: Mapping[str, Index] = empty()
    point_in_time_recovery: bool = True
    stream: Optional[str] = None
    ttl_attribute: Optional[str] = None
    table_class: str = "standard"
    encryption: str = "aws"
    deletion_protection: bool = True
    contributor_insights: bool = False


@dataclass(frozen=True, kw_only=True)
class TableTrigger(Trigger):
    """``triggers: [{table: NAME}]``: the function reads the table's DynamoDB stream in batches."""

    key = "table"
    table: str
    batch_size: int = 100
    max_batching_window: Optional[int] = None
    starting_position: str = "latest"
    retry_attempts: int = 3
    split_failed_batches: bool = True
    failure_destination: Optional[str] = None


def table_id(name: str) -> str:
    return logical_id(name, "Table")


def key_attributes(comp: Table) -> list[tuple[Key, tuple]]:
    """Every key attribute with its DSL path, table keys first."""
    path = ("components", comp.name)
    out = [(comp.partition_key, path + ("partition_key",))]
    if comp.sort_key:
        out.append((comp.sort_key, path + ("sort_key",)))
    for name, index in comp.indexes.items():
        out.append((index.partition_key, path + ("indexes", name, "partition_key")))
        if index.sort_key:
            out.append((index.sort_key, path + ("indexes", name, "sort_key")))
    return out
