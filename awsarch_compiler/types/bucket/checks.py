"""Semantic checks of a ``bucket``: lifecycle rules and its notifications."""
from __future__ import annotations

from ...core.diagnostics import error
from . import notifications
from .model import Bucket


def check(comp: Bucket, arch):
    for i, rule in enumerate(comp.lifecycle):
        path = ("components", comp.name, "lifecycle", i)
        if rule.storage_class and rule.transition_after_days is None:
            yield error("E1001", "storage_class needs transition_after_days", path + ("storage_class",))
        if rule.expire_noncurrent_after_days and not comp.versioned:
            yield error("E1002", "expire_noncurrent_after_days needs a versioned bucket", path,
                        "remove it, or set versioned: true")
    yield from notifications.check(arch, comp.name)
