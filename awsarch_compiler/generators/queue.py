"""``queue``: an encrypted SQS queue, optional FIFO and dead-letter queue.

Every queue gets one queue policy (one per queue: a second
``AWS::SQS::QueuePolicy`` on the same queue would replace the first). It
denies requests without TLS and admits exactly the AWS services that feed
the queue, each pinned with ``aws:SourceArn``: the topics that subscribe it
(the topic ARN) and the bucket events routed to it (the EventBridge rule
ARN). Everything in the account reaches the queue only through the IAM
statements that ``uses`` grants.

Queues are named ``<architecture>-<component>-<stack id>`` (``.fifo`` for
FIFO): FIFO queues must be named, and a known name lets the dead-letter
queue's redrive allow policy name its one source queue without a
dependency cycle between the two queues.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from awacs import kms as awacs_kms
from awacs import sqs as awacs_sqs
from awacs.aws import Allow, ArnEquals, Bool, Condition, Deny, PolicyDocument, Principal, Statement
from troposphere import GetAtt, Join, Ref, Select, Split, Sub, cloudwatch, sqs

from ..core.context import Context, Grant
from ..core.diagnostics import error
from ..core.model import Component
from ..core.naming import env_prefix, logical_id
from ..platform import kms
from . import events, register
from .base import AccessMode, ComponentType, Metric

SEND = (awacs_sqs.SendMessage, awacs_sqs.GetQueueAttributes)
KMS_SEND = (awacs_kms.GenerateDataKey, awacs_kms.Decrypt)  # what SQS needs to encrypt a message for the sender
CONSUME = (awacs_sqs.ReceiveMessage, awacs_sqs.DeleteMessage, awacs_sqs.ChangeMessageVisibility,
           awacs_sqs.GetQueueAttributes)
DEAD_LETTER_RETENTION = 14 * 24 * 3600
NAME_LIMIT = 80
RECOMMENDED_FACTOR = 6  # AWS: visibility timeout >= 6 x the function timeout, room for throttled retries


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


def queue_id(name: str) -> str:
    return logical_id(name, "Queue")


def dead_letter_id(name: str) -> str:
    return logical_id(name, "DeadLetterQueue")


def queue_arn(name: str):
    return GetAtt(queue_id(name), "Arn")


def _stack_suffix():
    """The first block of the stack's UUID: unique per deployment, stable across updates."""
    return Select(0, Split("-", Select(2, Split("/", Ref("AWS::StackId")))))


def _name(ctx: Context, comp: Queue, role: str = ""):
    base = f"{ctx.arch.name}-{comp.name}" + (f"-{role}" if role else "")
    return Join("", [base[: NAME_LIMIT - 14] + "-", _stack_suffix()] + ([".fifo"] if comp.fifo else []))


def _arn_from_name(ctx: Context, comp: Queue):
    base = f"{ctx.arch.name}-{comp.name}"[: NAME_LIMIT - 14]
    return Sub("arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:" + base + "-${Suffix}"
               + (".fifo" if comp.fifo else ""), Suffix=_stack_suffix())


def _tls_only(resources) -> Statement:
    return Statement(Sid="DenyInsecureTransport", Effect=Deny, Principal=Principal("*"),
                     Action=[awacs_sqs.Action("*")], Resource=resources,
                     Condition=Condition(Bool("aws:SecureTransport", "false")))


def topic_sources(arch, queue: str) -> list[str]:
    """Topics whose subscriptions deliver to ``queue``, in DSL order."""
    return [t.name for t in arch.of_type("topic") if any(s.queue == queue for s in t.subscriptions)]


@register
class QueueType(ComponentType):
    type_name = "queue"
    spec = Queue
    layer = "data"
    access = {
        "send": AccessMode("sqs:SendMessage, sqs:GetQueueAttributes on it (+ kms:GenerateDataKey, kms:Decrypt "
                           "with encryption: kms)", ("QUEUE_URL", "QUEUE_ARN")),
        "consume": AccessMode("sqs:ReceiveMessage, sqs:DeleteMessage, sqs:ChangeMessageVisibility, "
                              "sqs:GetQueueAttributes on it (+ kms:Decrypt)", ("QUEUE_URL", "QUEUE_ARN")),
    }
    metrics = {
        "depth": Metric("AWS/SQS", "ApproximateNumberOfMessagesVisible",
                        lambda comp, ctx: {"QueueName": GetAtt(queue_id(comp.name), "QueueName")},
                        statistic="Maximum", description="messages waiting (count)"),
        "age": Metric("AWS/SQS", "ApproximateAgeOfOldestMessage",
                      lambda comp, ctx: {"QueueName": GetAtt(queue_id(comp.name), "QueueName")},
                      statistic="Maximum", description="age of the oldest message (seconds)"),
        "dlq_depth": Metric("AWS/SQS", "ApproximateNumberOfMessagesVisible",
                            lambda comp, ctx: {"QueueName": GetAtt(dead_letter_id(comp.name), "QueueName")},
                            statistic="Maximum", comparison="GreaterThanThreshold",
                            description="messages in the dead-letter queue (count)"),
    }

    def metric_names(self, comp: Queue) -> tuple[str, ...]:
        return tuple(m for m in self.metrics if comp.dead_letter or m != "dlq_depth")

    def check(self, comp: Queue, arch):
        path = ("components", comp.name)
        if not comp.dead_letter:
            for i, alarm in enumerate(arch.monitoring.alarms):
                if alarm.component == comp.name and alarm.metric == "dlq_depth":
                    yield error("E337", f"queue '{comp.name}' has no dead-letter queue to alarm on",
                                ("monitoring", "alarms", i, "metric"),
                                f"add dead_letter: {{max_receive: 3}} to '{comp.name}', or alarm on depth")
        if comp.content_based_deduplication and not comp.fifo:
            yield error("E335", "content_based_deduplication applies only to FIFO queues",
                        path + ("content_based_deduplication",), "add fifo: true, or remove it")
        for fn in arch.of_type("function"):
            for i, trigger in enumerate(fn.triggers):
                if trigger.queue != comp.name:
                    continue
                if comp.visibility_timeout < fn.timeout:
                    yield error(
                        "E334", f"visibility_timeout {comp.visibility_timeout}s is shorter than the {fn.timeout}s "
                                f"timeout of '{fn.name}', which it triggers; Lambda refuses such a queue trigger, and "
                                f"messages would be delivered again while still being processed",
                        path + ("visibility_timeout",),
                        f"set visibility_timeout: {RECOMMENDED_FACTOR * fn.timeout} on '{comp.name}' "
                        f"({RECOMMENDED_FACTOR} x the function's timeout, as AWS recommends), or lower timeout on '{fn.name}'")
                if comp.fifo and trigger.batch_size and trigger.batch_size > 10:
                    yield error("E335", f"a FIFO queue delivers at most 10 messages per batch, not {trigger.batch_size}",
                                ("components", fn.name, "triggers", i, "batch_size"), "set batch_size: 10 or less")
                if comp.fifo and trigger.max_batching_window:
                    yield error("E335", "Lambda supports no batching window on a FIFO queue",
                                ("components", fn.name, "triggers", i, "max_batching_window"),
                                "remove max_batching_window")

    def grant(self, mode, source, target: Queue, ctx) -> Grant:
        actions = SEND if mode == "send" else CONSUME
        statements = [Statement(Effect=Allow, Action=list(actions), Resource=[queue_arn(target.name)])]
        if target.encryption == "kms":
            statements.append(kms.use_statement(target.name, KMS_SEND if mode == "send" else kms.DECRYPT))
        prefix = env_prefix(target.name)
        return Grant(source.name, target.name, mode, statements=tuple(statements),
                     env=((f"{prefix}_QUEUE_URL", Ref(queue_id(target.name))),
                          (f"{prefix}_QUEUE_ARN", queue_arn(target.name))))

    def generate(self, comp: Queue, ctx: Context) -> None:
        for fn in ctx.arch.of_type("function"):
            if any(t.queue == comp.name for t in fn.triggers) and comp.visibility_timeout < RECOMMENDED_FACTOR * fn.timeout:
                ctx.note(f"components.{comp.name}.visibility_timeout: {comp.visibility_timeout}s is below "
                         f"{RECOMMENDED_FACTOR} x the {fn.timeout}s timeout of {fn.name} that AWS recommends "
                         f"({RECOMMENDED_FACTOR * fn.timeout}s); a throttled batch may be delivered twice")
        topics = topic_sources(ctx.arch, comp.name)
        rules = events.rules_to(ctx.arch, comp.name)
        key = None
        if comp.encryption == "kms":
            services = (("sns.amazonaws.com",) if topics else ()) + (("events.amazonaws.com",) if rules else ())
            key = kms.customer_key(ctx, comp, services=services)
        dlq = self._dead_letter_queue(ctx, comp, key) if comp.dead_letter else None
        queue = sqs.Queue(
            queue_id(comp.name), QueueName=_name(ctx, comp),
            VisibilityTimeout=comp.visibility_timeout, MessageRetentionPeriod=comp.retention_days * 86400,
            DelaySeconds=comp.delay_seconds, ReceiveMessageWaitTimeSeconds=comp.receive_wait_seconds,
            **_encryption(key), **_fifo(comp))
        if dlq is not None:
            queue.RedrivePolicy = sqs.RedrivePolicy(deadLetterTargetArn=GetAtt(dlq, "Arn"),
                                                   maxReceiveCount=comp.dead_letter.max_receive)
        ctx.add(queue, comp)
        if key is None:
            _sse_sqs_note(ctx, queue)
        statements = [_tls_only([queue_arn(comp.name)] + ([GetAtt(dlq, "Arn")] if dlq else []))]
        for topic in topics:
            statements.append(Statement(
                Sid=f"From{logical_id(topic)}Topic", Effect=Allow, Principal=Principal("Service", "sns.amazonaws.com"),
                Action=[awacs_sqs.SendMessage], Resource=[queue_arn(comp.name)],
                Condition=Condition(ArnEquals("aws:SourceArn", Ref(logical_id(topic, "Topic"))))))
        for rule in rules:
            statements.append(Statement(
                Sid=f"From{rule}", Effect=Allow, Principal=Principal("Service", "events.amazonaws.com"),
                Action=[awacs_sqs.SendMessage], Resource=[queue_arn(comp.name)],
                Condition=Condition(ArnEquals("aws:SourceArn", GetAtt(rule, "Arn")))))
        ctx.add(sqs.QueuePolicy(
            logical_id(comp.name, "QueuePolicy"),
            Queues=[Ref(queue)] + ([Ref(dlq)] if dlq else []),
            PolicyDocument=PolicyDocument(Version="2012-10-17", Statement=statements)), comp, tags=False)

    def _dead_letter_queue(self, ctx: Context, comp: Queue, key: str | None) -> str:
        dlq = ctx.add(sqs.Queue(
            dead_letter_id(comp.name), QueueName=_name(ctx, comp, "dlq"),
            MessageRetentionPeriod=DEAD_LETTER_RETENTION,
            RedriveAllowPolicy={"redrivePermission": "byQueue", "sourceQueueArns": [_arn_from_name(ctx, comp)]},
            **_encryption(key), **_fifo(comp)), comp)
        if key is None:
            _sse_sqs_note(ctx, dlq)
        if ctx.arch.monitoring.notify:
            alarm = cloudwatch.Alarm(
                logical_id(comp.name, "DeadLetterAlarm"),
                AlarmDescription=f"{ctx.arch.name}: messages in the dead-letter queue of {comp.name}",
                Namespace="AWS/SQS", MetricName="ApproximateNumberOfMessagesVisible",
                Dimensions=[cloudwatch.MetricDimension(Name="QueueName", Value=GetAtt(dlq, "QueueName"))],
                Statistic="Maximum", Period=60, EvaluationPeriods=1, Threshold=0,
                ComparisonOperator="GreaterThanThreshold", TreatMissingData="notBreaching",
                AlarmActions=[Ref(events.alarm_topic_id())], OKActions=[Ref(events.alarm_topic_id())])
            ctx.add(alarm, comp, layer="monitoring")
        return dlq.title


def _encryption(key: str | None) -> dict:
    if key:
        return {"KmsMasterKeyId": GetAtt(key, "Arn"), "KmsDataKeyReusePeriodSeconds": 300}
    return {"SqsManagedSseEnabled": True}


def _sse_sqs_note(ctx: Context, queue) -> None:
    ctx.suppress(queue, "CKV_AWS_27", "encrypted at rest with SQS-managed keys (SqsManagedSseEnabled); the check "
                                      "recognises only KmsMasterKeyId")


def _fifo(comp: Queue) -> dict:
    if not comp.fifo:
        return {}
    out = {"FifoQueue": True}
    if comp.content_based_deduplication:
        out["ContentBasedDeduplication"] = True
    return out

