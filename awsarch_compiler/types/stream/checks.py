"""Semantic checks of a ``stream`` and of the function triggers that read it."""
from __future__ import annotations

from ...core.diagnostics import error
from ...core.references import reference_errors
from .model import Stream, StreamTrigger


def check(comp: Stream, arch):
    path = ("components", comp.name)
    if comp.mode == "provisioned" and comp.shards is None:
        yield error("E2601", "a provisioned stream needs shards", path + ("mode",),
                    "add shards: 1 (or more), or use mode: on-demand")
    if comp.mode == "on-demand" and comp.shards is not None:
        yield error("E2602", "shards apply only to mode: provisioned", path + ("shards",),
                    "remove shards (on-demand streams scale by themselves), or set mode: provisioned")
    seen = set()
    for edge in arch.edges_from(comp.name, "trigger"):
        if edge.target in seen:
            yield error("E2603", f"'{edge.target}' is triggered by '{comp.name}' twice", edge.path,
                        "keep one stream trigger per stream and function")
        seen.add(edge.target)


def trigger_checks(comp: Stream, fn, trigger: StreamTrigger, arch, path: tuple):
    destination = trigger.failure_destination
    if destination is None:
        return
    where = path + ("failure_destination",)
    senders = tuple(name for name, kind in arch.kinds.items() if kind.send_access)
    found = reference_errors(arch, destination, where, senders, "failure_destination")
    yield from found
    if not found and getattr(arch.components[destination], "fifo", False):
        yield error("E2604", f"Lambda sends failed stream batches only to a standard queue or topic, and "
                             f"'{destination}' is FIFO", where, "name a standard queue or topic")
