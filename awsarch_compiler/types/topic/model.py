"""The ``topic`` model, its trigger, and the logical IDs other types name it by."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ...core.model import Component, Trigger
from ...core.naming import logical_id

TYPE_NAME = "topic"


@dataclass(frozen=True, kw_only=True)
class Subscription:
    email: Optional[str] = None
    https: Optional[str] = None
    queue: Optional[str] = None
    function: Optional[str] = None
    raw: bool = False

    @property
    def component(self) -> Optional[str]:
        """The subscribed component (a queue or a function), if any."""
        return self.queue or self.function


@dataclass(frozen=True, kw_only=True)
class Topic(Component):
    fifo: bool = False
    content_based_deduplication: bool = False
    encryption: str = "aws"
    subscriptions: tuple[Subscription, ...] = ()


@dataclass(frozen=True, kw_only=True)
class TopicTrigger(Trigger):
    """``triggers: [{topic: NAME}]``: the function subscribes to the topic."""

    key = "topic"
    topic: str


def topic_id(name: str) -> str:
    return logical_id(name, "Topic")
