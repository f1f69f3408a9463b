"""The ``function`` model, its logical IDs, and the schedule trigger it owns."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from troposphere import AWSHelperFn, GetAtt, Ref

from ...core.model import Component, Trigger, empty
from ...core.naming import logical_id

TYPE_NAME = "function"


@dataclass(frozen=True, kw_only=True)
class ScheduleTrigger(Trigger):
    """``triggers: [{schedule: rate(5 minutes)}]``: an EventBridge schedule."""

    schedule: str


@dataclass(frozen=True, kw_only=True)
class Function(Component):
    runtime: str
    handler: str
    code: Optional[str] = None
    inline: Optional[str] = None
    memory: int = 128
    timeout: int = 3
    architecture: str = "x86_64"
    environment: Mapping[str, str] = empty()
    reserved_concurrency: Optional[int] = None
    log_retention_days: int = 365
    vpc: bool = False
    dead_letter: Optional[str] = None
    triggers: tuple[Any, ...] = ()  # Trigger subclasses: ScheduleTrigger and each event source's own


class LocalPath(AWSHelperFn):
    """A local path in ``Code``, for ``aws cloudformation package`` to upload and replace."""

    def __init__(self, path: str):
        self.data = path


def function_id(name: str) -> str:
    return logical_id(name, "Function")


def function_arn(name: str):
    return GetAtt(function_id(name), "Arn")


ALIAS = "live"  # the alias a pipeline shifts traffic on; its callers call it, never $LATEST


def alias_id(name: str) -> str:
    return logical_id(name, "Alias")


def version_id(name: str) -> str:
    return logical_id(name, "Version")


def deployed(name: str, arch) -> bool:
    """A pipeline deploys the function through its alias (CodeDeploy traffic shifting)."""
    return bool(arch.edges_to(name, "deploy"))


def invoke_arn(name: str, arch):
    """What callers invoke: the alias when a pipeline shifts traffic on it, else the function."""
    return Ref(alias_id(name)) if deployed(name, arch) else function_arn(name)


def log_group_id(name: str) -> str:
    return logical_id(name, "LogGroup")
