"""``queue``: an encrypted SQS queue, optional FIFO and dead-letter queue, and the function
triggers it feeds (an event source mapping with partial batch responses)."""
from __future__ import annotations

from troposphere import events as cfn_events

from ..base import ComponentType
from . import checks, resources
from .access import MODES, grant_for
from .codes import BLOCK, CODES
from .metrics import METRICS
from .model import TYPE_NAME, Queue, QueueTrigger, queue_arn


class QueueType(ComponentType):
    type_name = TYPE_NAME
    code_block = BLOCK
    codes = CODES
    spec = Queue
    summary = "SQS, encrypted, FIFO option, dead-letter queue"
    layer = "data"
    access = MODES
    metrics = METRICS
    api_endpoint = "sqs"
    trigger_spec = QueueTrigger
    trigger_access = "consume"
    send_access = "send"
    event_target = True
    sns_protocol = "sqs"

    def metric_names(self, comp: Queue) -> tuple[str, ...]:
        return tuple(m for m in self.metrics if comp.dead_letter or m != "dlq_depth")

    def check(self, comp: Queue, arch):
        return checks.check(comp, arch)

    def trigger_checks(self, source: Queue, function, trigger, arch, path):
        return checks.trigger_checks(source, function, trigger, arch, path)

    def trigger_resources(self, source: Queue, function, trigger, ctx, function_id, path) -> None:
        resources.trigger_resources(source, function, trigger, ctx, function_id, path)

    def delivery_arn(self, comp: Queue, arch=None):
        return queue_arn(comp.name)

    def delivery_problem(self, comp: Queue, service: str):
        return checks.delivery_problem(comp, service)

    def event_target_options(self, comp: Queue, source: str) -> dict:
        return {"SqsParameters": cfn_events.SqsParameters(MessageGroupId=source)} if comp.fifo else {}

    def grant(self, mode, source, target: Queue, ctx):
        return grant_for(mode, source, target)

    def generate(self, comp: Queue, ctx) -> None:
        resources.generate(comp, ctx)


TYPE = QueueType()
