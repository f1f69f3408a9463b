"""The ``queue`` model, its trigger, and the logical IDs other types name it by."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from troposphere import GetAtt

from ...core.model import Component, Trigger
from ...core.naming import logical_id

TYPE_NAME = "queue"


@dataclass(frozen=True, kw_only=True)
class DeadLetter:
    max_receive: int


@dataclass(frozen=True, kw_only=True)
class Queue(Component):
    fifo: bool = False
    content_based_deduplication: bool = False
    encryption: str = "sqs"
    visibility_timeout: int = 30
    retention_days: int = 4
    delay_seconds: int = 0
    receive_wait_seconds: int = 20
    dead_letter: Optional[DeadLetter] = None


@dataclass(frozen=True, kw_only=True)
class QueueTrigger(Trigger):
    """``triggers: [{queue: NAME}]``: the function polls the queue in batches."""

    key = "queue"
    queue: str
    batch_size: Optional[int] = None
    max_batching_window: Optional[int] = None
    max_concurrency: Optional[int] = None


def queue_id(name: str) -> str:
    return logical_id(name, "Queue")


def dead_letter_id(name: str) -> str:
    return logical_id(name, "DeadLetterQueue")


def queue_arn(name: str):
    return GetAtt(queue_id(name), "Arn")
