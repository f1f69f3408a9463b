"""The ``stream`` model, its trigger, and its logical ID."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from troposphere import GetAtt

from ...core.model import Component, Trigger
from ...core.naming import logical_id

TYPE_NAME = "stream"
STARTING_POSITIONS = {"latest": "LATEST", "trim-horizon": "TRIM_HORIZON"}


@dataclass(frozen=True, kw_only=True)
class Stream(Component):
    mode: str = "on-demand"
    shards: Optional[int] = None
    retention_hours: int = 24
    encryption: str = "aws"


@dataclass(frozen=True, kw_only=True)
class StreamTrigger(Trigger):
    """``triggers: [{stream: NAME}]``: the function reads the stream's shards in batches."""

    key = "stream"
    stream: str
    batch_size: int = 100
    max_batching_window: Optional[int] = None
    starting_position: str = "latest"
    retry_attempts: int = 3
    split_failed_batches: bool = True
    failure_destination: Optional[str] = None


def stream_id(name: str) -> str:
    return logical_id(name, "Stream")


def stream_arn(name: str):
    return GetAtt(stream_id(name), "Arn")
