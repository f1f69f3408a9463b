"""The SQS queue of a ``queue`` component: dead-letter queue, one queue policy, the trigger's mapping.

Every queue gets one queue policy (one per queue: a second
``AWS::SQS::QueuePolicy`` on the same queue would replace the first). It
denies requests without TLS and admits exactly the AWS services that deliver
to the queue (topic subscriptions, bucket events), each pinned with
``aws:SourceArn`` by the sending type's ``delivery`` hook. Everything in the
account reaches the queue only through the IAM statements that ``uses``
grants.

Queues are named ``<architecture>-<component>-<stack id>`` (``.fifo`` for
FIFO): FIFO queues must be named, and a known name lets the dead-letter
queue's redrive allow policy name its one source queue without a
dependency cycle between the two queues.
"""
from __future__ import annotations

from awacs import sqs as awacs_sqs
from awacs.aws import (
    Allow,
    ArnEquals,
    Bool,
    Condition,
    Deny,
    PolicyDocument,
    Principal,
    Statement,
)
from troposphere import (
    GetAtt,
    Join,
    Ref,
    Select,
    Split,
    Sub,
    awslambda,
    cloudwatch,
    sqs,
)
from troposphere.validators import integer

from ...core.context import Context
from ...core.naming import logical_id
from ...platform import kms
from ...platform.monitoring.ids import TOPIC as ALARM_TOPIC
from .checks import RECOMMENDED_FACTOR
from .model import Queue, QueueTrigger, dead_letter_id, queue_arn, queue_id

DEAD_LETTER_RETENTION = 14 * 24 * 3600
NAME_LIMIT = 80


class QueueScalingConfig(awslambda.ScalingConfig):
    """EventSourceMapping ScalingConfig (troposphere's own class of that name is another resource's)."""

    props = {"MaximumConcurrency": (integer, False)}


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


def deliveries(comp: Queue, arch) -> list:
    """The Delivery of every service that sends to the queue (topics, bucket events), once per source."""
    out, seen = [], set()
    for edge in arch.edges_to(comp.name, "deliver"):
        if edge.source in seen or edge.source not in arch.components:
            continue
        delivery = arch.kind(edge.source).delivery(arch.components[edge.source], edge)
        if delivery is not None:
            seen.add(edge.source)
            out.append(delivery)
    return out


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


def _timeout_notes(comp: Queue, ctx: Context) -> None:
    for edge in ctx.arch.edges_from(comp.name, "trigger"):
        fn = ctx.arch.components.get(edge.target)
        if fn is not None and comp.visibility_timeout < RECOMMENDED_FACTOR * fn.timeout:
            ctx.note(f"components.{comp.name}.visibility_timeout: {comp.visibility_timeout}s is below "
                     f"{RECOMMENDED_FACTOR} x the {fn.timeout}s timeout of {fn.name} that AWS recommends "
                     f"({RECOMMENDED_FACTOR * fn.timeout}s); a throttled batch may be delivered twice")


def generate(comp: Queue, ctx: Context) -> None:
    _timeout_notes(comp, ctx)
    senders = deliveries(comp, ctx.arch)
    key = None
    if comp.encryption == "kms":
        key = kms.customer_key(ctx, comp, services=tuple(dict.fromkeys(d.service for d in senders)))
    dlq = _dead_letter_queue(ctx, comp, key) if comp.dead_letter else None
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
    for delivery in senders:
        statements.append(Statement(
            Sid=delivery.sid, Effect=Allow, Principal=Principal("Service", delivery.service),
            Action=[awacs_sqs.SendMessage], Resource=[queue_arn(comp.name)],
            Condition=Condition(ArnEquals("aws:SourceArn", delivery.source_arn))))
    ctx.add(sqs.QueuePolicy(
        logical_id(comp.name, "QueuePolicy"),
        Queues=[Ref(queue)] + ([Ref(dlq)] if dlq else []),
        PolicyDocument=PolicyDocument(Version="2012-10-17", Statement=statements)), comp, tags=False)


def _dead_letter_queue(ctx: Context, comp: Queue, key: str | None) -> str:
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
            AlarmActions=[Ref(ALARM_TOPIC)], OKActions=[Ref(ALARM_TOPIC)])
        ctx.add(alarm, comp, layer="monitoring")
    return dlq.title


def trigger_resources(comp: Queue, fn, trigger: QueueTrigger, ctx: Context, function_id: str, path: tuple) -> None:
    """The event source mapping that polls the queue for ``fn``, with partial batch responses."""
    mapping = awslambda.EventSourceMapping(
        logical_id(fn.name, "From", comp.name, "EventSource"),
        EventSourceArn=queue_arn(comp.name), FunctionName=Ref(function_id),
        BatchSize=trigger.batch_size or 10, FunctionResponseTypes=["ReportBatchItemFailures"], Enabled=True)
    if trigger.max_batching_window:
        mapping.MaximumBatchingWindowInSeconds = trigger.max_batching_window
    if trigger.max_concurrency:
        mapping.ScalingConfig = QueueScalingConfig(MaximumConcurrency=trigger.max_concurrency)
    ctx.add(mapping, fn, layer=ctx.later_layer(fn, comp), path=path)
