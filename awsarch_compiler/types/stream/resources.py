"""The Kinesis data stream of a ``stream`` component, and the event source mapping of each trigger."""
from __future__ import annotations

from troposphere import GetAtt, Ref, awslambda, kinesis

from ...core.context import Context
from ...core.naming import logical_id
from ...platform import kms
from .model import STARTING_POSITIONS, Stream, StreamTrigger, stream_arn, stream_id

AWS_KEY = "alias/aws/kinesis"


def generate(comp: Stream, ctx: Context) -> None:
    key = GetAtt(kms.customer_key(ctx, comp), "Arn") if comp.encryption == "kms" else AWS_KEY
    stream = kinesis.Stream(
        stream_id(comp.name), RetentionPeriodHours=comp.retention_hours,
        StreamEncryption=kinesis.StreamEncryption(EncryptionType="KMS", KeyId=key),
        StreamModeDetails=kinesis.StreamModeDetails(StreamMode="PROVISIONED" if comp.mode == "provisioned" else "ON_DEMAND"))
    if comp.mode == "provisioned":
        stream.ShardCount = comp.shards
    stream.DeletionPolicy = "Retain"
    stream.UpdateReplacePolicy = "Retain"
    ctx.add(stream, comp)
    if comp.encryption == "aws":
        ctx.suppress(stream, "CKV_AWS_185", "encrypted with the AWS managed key alias/aws/kinesis; a customer "
                                            "managed key is opt-in with encryption: kms")


def trigger_resources(comp: Stream, fn, trigger: StreamTrigger, ctx: Context, function_id: str, path: tuple) -> None:
    """The event source mapping that reads the stream for ``fn``, with partial batch responses."""
    mapping = awslambda.EventSourceMapping(
        logical_id(fn.name, "From", comp.name, "EventSource"),
        EventSourceArn=stream_arn(comp.name), FunctionName=Ref(function_id), Enabled=True,
        BatchSize=trigger.batch_size, StartingPosition=STARTING_POSITIONS[trigger.starting_position],
        MaximumRetryAttempts=trigger.retry_attempts, BisectBatchOnFunctionError=trigger.split_failed_batches,
        FunctionResponseTypes=["ReportBatchItemFailures"])
    if trigger.max_batching_window:
        mapping.MaximumBatchingWindowInSeconds = trigger.max_batching_window
    if trigger.failure_destination:
        target = ctx.component(trigger.failure_destination)
        mapping.DestinationConfig = awslambda.DestinationConfig(OnFailure=awslambda.OnFailure(
            Destination=ctx.kind(target.name).delivery_arn(target, ctx.arch)))
    else:
        ctx.note(f"components.{fn.name}: no failure_destination for its '{comp.name}' trigger — a batch that still "
                 f"fails after {trigger.retry_attempts} retries is skipped")
    ctx.add(mapping, fn, layer=ctx.later_layer(fn, comp), path=path)


def trigger_statements(comp: Stream, fn, trigger: StreamTrigger, ctx: Context) -> list:
    """Sending failed batches to the failure destination (the function's role sends them)."""
    destination = trigger.failure_destination
    if destination is None:
        return []
    kind = ctx.kind(destination)
    if fn.uses.get(destination) == kind.send_access:
        return []
    return list(kind.grant(kind.send_access, fn, ctx.component(destination), ctx).statements)
