"""Semantic checks of a ``topic``: FIFO rules, subscriptions, and the function triggers it feeds."""
from __future__ import annotations

from ...core.diagnostics import error
from ...core.references import reference_errors
from ..function.model import TYPE_NAME as FUNCTION
from ..queue.model import TYPE_NAME as QUEUE
from .model import Topic


def check(comp: Topic, arch):
    path = ("components", comp.name)
    if comp.content_based_deduplication and not comp.fifo:
        yield error("E1201", "content_based_deduplication applies only to FIFO topics",
                    path + ("content_based_deduplication",), "add fifo: true, or remove it")
    for i, sub in enumerate(comp.subscriptions):
        where = path + ("subscriptions", i)
        if sub.queue:
            found = reference_errors(arch, sub.queue, where + ("queue",), (QUEUE,), "subscribed queue")
            yield from found
            if not found and arch.components[sub.queue].fifo and not comp.fifo:
                yield error("E1202", f"a standard topic cannot deliver to the FIFO queue '{sub.queue}'",
                            where + ("queue",), f"add fifo: true to '{comp.name}', or use a standard queue")
        elif sub.function:
            yield from reference_errors(arch, sub.function, where + ("function",), (FUNCTION,), "subscribed function")
        if comp.fifo and not sub.queue:
            kind = "e-mail" if sub.email else "HTTPS" if sub.https else "function"
            yield _queues_only(comp, f"{kind} subscriptions", where,
                               "subscribe a queue, or make the topic standard (fifo: false)")


def _queues_only(comp: Topic, what: str, where: tuple, hint: str):
    return error("E1203", f"the FIFO topic '{comp.name}' delivers only to queues, not to {what}", where, hint)


def trigger_checks(comp: Topic, fn, trigger, arch, path: tuple):
    if comp.fifo:
        yield _queues_only(comp, "function triggers", path + ("topic",),
                           "subscribe a FIFO queue and trigger the function from it")


def delivery_problem(comp: Topic, service: str):
    if service == "events.amazonaws.com" and comp.encryption != "kms":
        return ("E1204", f"topic '{comp.name}' uses the AWS-managed key alias/aws/sns, which EventBridge cannot "
                         "use to deliver bucket events", f"set encryption: kms on '{comp.name}'")
    return None
