"""Semantic checks of a ``queue`` and of the function triggers it feeds."""
from __future__ import annotations

from ...core.diagnostics import error
from .model import Queue, QueueTrigger

RECOMMENDED_FACTOR = 6  # AWS: visibility timeout >= 6 x the function timeout, room for throttled retries


def check(comp: Queue, arch):
    path = ("components", comp.name)
    if not comp.dead_letter:
        for i, alarm in enumerate(arch.monitoring.alarms):
            if alarm.component == comp.name and alarm.metric == "dlq_depth":
                yield error("E1101", f"queue '{comp.name}' has no dead-letter queue to alarm on",
                            ("monitoring", "alarms", i, "metric"),
                            f"add dead_letter: {{max_receive: 3}} to '{comp.name}', or alarm on depth")
    if comp.content_based_deduplication and not comp.fifo:
        yield error("E1102", "content_based_deduplication applies only to FIFO queues",
                    path + ("content_based_deduplication",), "add fifo: true, or remove it")
    seen = set()
    for edge in arch.edges_from(comp.name, "trigger"):
        if edge.target in seen:
            yield error("E1103", f"'{edge.target}' is triggered by '{comp.name}' twice", edge.path,
                        "keep one queue trigger per queue")
        seen.add(edge.target)


def trigger_checks(comp: Queue, fn, trigger: QueueTrigger, arch, path: tuple):
    if comp.visibility_timeout < fn.timeout:
        yield error(
            "E1104", f"visibility_timeout {comp.visibility_timeout}s is shorter than the {fn.timeout}s "
                    f"timeout of '{fn.name}', which it triggers; Lambda refuses such a queue trigger, and "
                    f"messages would be delivered again while still being processed",
            ("components", comp.name, "visibility_timeout"),
            f"set visibility_timeout: {RECOMMENDED_FACTOR * fn.timeout} on '{comp.name}' "
            f"({RECOMMENDED_FACTOR} x the function's timeout, as AWS recommends), or lower timeout on '{fn.name}'")
    if comp.fifo:
        if trigger.batch_size and trigger.batch_size > 10:
            yield error("E1105", f"a FIFO queue delivers at most 10 messages per batch, not {trigger.batch_size}",
                        path + ("batch_size",), "set batch_size: 10 or less")
        if trigger.max_batching_window:
            yield error("E1106", "Lambda supports no batching window on a FIFO queue",
                        path + ("max_batching_window",), "remove max_batching_window")
    elif (trigger.batch_size or 10) > 10 and not trigger.max_batching_window:
        yield error("E1107", f"a batch_size of {trigger.batch_size} needs a batching window",
                    path + ("batch_size",), "add max_batching_window: 1 (seconds) or more, "
                                            "or use batch_size: 10 or less")


def delivery_problem(comp: Queue, service: str):
    if service == "events.amazonaws.com" and comp.fifo and not comp.content_based_deduplication:
        return ("E1108", f"EventBridge delivers to the FIFO queue '{comp.name}' only with content-based "
                         "deduplication", f"set content_based_deduplication: true on '{comp.name}'")
    return None
