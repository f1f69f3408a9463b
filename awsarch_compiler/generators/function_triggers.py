"""What invokes a function: queue polling, schedules (and, in events.py and
topic.py, bucket events and topic subscriptions), with their checks.

A queue trigger is an event source mapping with partial batch responses
(``ReportBatchItemFailures``); the function's role gets exactly the queue's
``consume`` statements. A schedule is an EventBridge rule whose Lambda
permission names that rule's ARN only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from troposphere import GetAtt, Ref, awslambda
from troposphere import events as cfn_events
from troposphere.validators import integer

from ..core.context import Context
from ..core.diagnostics import error
from ..core.naming import logical_id, pascal
from .topic import later_layer

RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
CRON_FIELD = re.compile(r"^[0-9A-Za-z*?,/#L\-W]+$")
CRON_HELP = ("cron(MIN HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR), six fields in UTC with '?' in either "
             "day-of-month or day-of-week, such as cron(0 12 * * ? *)")


class QueueScalingConfig(awslambda.ScalingConfig):
    """EventSourceMapping ScalingConfig (troposphere's own class of that name is another resource's)."""

    props = {"MaximumConcurrency": (integer, False)}


@dataclass(frozen=True, kw_only=True)
class Trigger:
    """One ``triggers`` entry; exactly one of queue, bucket, topic, schedule is set."""

    queue: Optional[str] = None
    batch_size: Optional[int] = None
    max_batching_window: Optional[int] = None
    max_concurrency: Optional[int] = None
    bucket: Optional[str] = None
    events: tuple[str, ...] = ("created",)
    prefix: Optional[str] = None
    suffix: Optional[str] = None
    topic: Optional[str] = None
    schedule: Optional[str] = None


def schedule_problem(expression: str) -> str | None:
    """Why an EventBridge schedule expression is invalid, or None."""
    if expression.startswith("rate("):
        match = RATE.match(expression)
        if not match:
            return "a rate is rate(N UNIT) with a whole number and minute(s), hour(s) or day(s)"
        value, unit = int(match.group(1)), match.group(2)
        if value < 1:
            return "a rate must be at least 1"
        if value == 1 and unit.endswith("s"):
            return f"EventBridge wants the singular for 1: rate(1 {unit[:-1]})"
        if value > 1 and not unit.endswith("s"):
            return f"EventBridge wants the plural above 1: rate({value} {unit}s)"
        return None
    if expression.startswith("cron(") and expression.endswith(")"):
        fields = expression[5:-1].split()
        if len(fields) != 6:
            return f"a cron expression has six fields, this one has {len(fields)}: {CRON_HELP}"
        if not all(CRON_FIELD.match(f) for f in fields):
            return f"a cron field has characters EventBridge does not accept: {CRON_HELP}"
        day_of_month, day_of_week = fields[2], fields[4]
        if (day_of_month == "?") == (day_of_week == "?"):
            return f"exactly one of day-of-month and day-of-week must be '?': {CRON_HELP}"
        return None
    return f"use rate(5 minutes) or {CRON_HELP}"


def check_triggers(fn, arch) -> list:
    from ..check import reference_errors

    out = []
    seen_queues = set()
    for i, trigger in enumerate(fn.triggers):
        path = ("components", fn.name, "triggers", i)
        if trigger.queue:
            found = reference_errors(arch, trigger.queue, path + ("queue",), ("queue",), "trigger queue")
            out += found
            if trigger.queue in seen_queues:
                out.append(error("E395", f"'{fn.name}' is triggered by '{trigger.queue}' twice", path,
                                 "keep one queue trigger per queue"))
            seen_queues.add(trigger.queue)
            fifo = not found and getattr(arch.components[trigger.queue], "fifo", False)  # FIFO limits: queue.py
            if (trigger.batch_size or 10) > 10 and not trigger.max_batching_window and not fifo:
                out.append(error("E395", f"a batch_size of {trigger.batch_size} needs a batching window",
                                 path + ("batch_size",), "add max_batching_window: 1 (seconds) or more, "
                                                         "or use batch_size: 10 or less"))
        elif trigger.topic:
            found = reference_errors(arch, trigger.topic, path + ("topic",), ("topic",), "trigger topic")
            out += found
            if not found and arch.components[trigger.topic].fifo:
                out.append(error("E336", f"the FIFO topic '{trigger.topic}' delivers only to queues",
                                 path + ("topic",), "subscribe a FIFO queue and trigger the function from it"))
        elif trigger.schedule:
            problem = schedule_problem(trigger.schedule)
            if problem:
                out.append(error("E396", f"'{trigger.schedule}' is not a valid schedule: {problem}",
                                 path + ("schedule",), "for example rate(5 minutes), rate(1 day) or cron(0 12 * * ? *)"))
    return out


def queue_triggers(fn) -> list:
    return [t for t in fn.triggers if t.queue]


def generate_triggers(ctx: Context, fn, function_id: str) -> None:
    layer = ctx.layer_of(fn)
    for i, trigger in enumerate(fn.triggers):
        path = ("components", fn.name, "triggers", i)
        if trigger.queue:
            queue = ctx.component(trigger.queue)
            mapping = awslambda.EventSourceMapping(
                logical_id(fn.name, "From", trigger.queue, "EventSource"),
                EventSourceArn=GetAtt(logical_id(trigger.queue, "Queue"), "Arn"), FunctionName=Ref(function_id),
                BatchSize=trigger.batch_size or 10, FunctionResponseTypes=["ReportBatchItemFailures"], Enabled=True)
            if trigger.max_batching_window:
                mapping.MaximumBatchingWindowInSeconds = trigger.max_batching_window
            if trigger.max_concurrency:
                mapping.ScalingConfig = QueueScalingConfig(MaximumConcurrency=trigger.max_concurrency)
            ctx.add(mapping, fn, layer=later_layer(ctx, fn, queue), path=path)
        elif trigger.schedule:
            rule = logical_id(fn.name, pascal(trigger.schedule), "Schedule")
            ctx.add(cfn_events.Rule(
                rule, Description=f"{ctx.arch.name}: run {fn.name} on {trigger.schedule}",
                ScheduleExpression=trigger.schedule, State="ENABLED",
                Targets=[cfn_events.Target(Id=f"function-{fn.name}"[:64], Arn=GetAtt(function_id, "Arn"))],
            ), fn, layer=layer, path=path)
            ctx.add(awslambda.Permission(
                rule + "Permission", Action="lambda:InvokeFunction", FunctionName=GetAtt(function_id, "Arn"),
                Principal="events.amazonaws.com", SourceArn=GetAtt(rule, "Arn")), fn, layer=layer, path=path)
