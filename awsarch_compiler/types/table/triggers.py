"""Functions triggered by a table's DynamoDB stream: the checks, the event source mapping and the
stream-read statements of the function's role."""
from __future__ import annotations

from awacs import dynamodb as awacs_ddb
from awacs.aws import Allow, Statement
from troposphere import GetAtt, Ref, awslambda

from ...core.context import Context
from ...core.diagnostics import error
from ...core.naming import logical_id
from ...core.references import reference_errors
from .model import Table, TableTrigger, table_id

STARTING_POSITIONS = {"latest": "LATEST", "trim-horizon": "TRIM_HORIZON"}
STREAM_READ = (awacs_ddb.DescribeStream, awacs_ddb.GetRecords, awacs_ddb.GetShardIterator, awacs_ddb.ListStreams)


def trigger_checks(comp: Table, fn, trigger: TableTrigger, arch, path: tuple):
    if comp.stream is None:
        yield error("E1470", f"table '{comp.name}' has no stream to trigger '{fn.name}'", path + ("table",),
                    f"add stream: new-and-old-images (or new-image, old-image, keys-only) to '{comp.name}'")
    destination = trigger.failure_destination
    if destination is None:
        return
    where = path + ("failure_destination",)
    senders = tuple(name for name, kind in arch.kinds.items() if kind.send_access)
    found = reference_errors(arch, destination, where, senders, "failure_destination")
    yield from found
    if not found and getattr(arch.components[destination], "fifo", False):
        yield error("E1471", f"Lambda sends failed stream batches only to a standard queue or topic, and "
                             f"'{destination}' is FIFO", where, "name a standard queue or topic")


def trigger_resources(comp: Table, fn, trigger: TableTrigger, ctx: Context, function_id: str, path: tuple) -> None:
    mapping = awslambda.EventSourceMapping(
        logical_id(fn.name, "From", comp.name, "EventSource"),
        EventSourceArn=GetAtt(table_id(comp.name), "StreamArn"), FunctionName=Ref(function_id), Enabled=True,
        BatchSize=trigger.batch_size, StartingPosition=STARTING_POSITIONS[trigger.starting_position],
        MaximumRetryAttempts=trigger.retry_attempts, BisectBatchOnFunctionError=trigger.split_failed_batches,
        FunctionResponseTypes=["ReportBatchItemFailures"])
    if trigger.max_batching_window:
        mapping.MaximumBatchingWindowInSeconds = trigger.max_batching_window
    if trigger.failure_destination:
        target = ctx.component(trigger.failure_destination)
        mapping.DestinationConfig = awslambda.DestinationConfig(OnFailure=awslambda.OnFailure(
            Destination=ctx.kind(target.name).delivery_arn(target)))
    else:
        ctx.note(f"components.{fn.name}: no failure_destination for its '{comp.name}' trigger — a batch that still "
                 f"fails after {trigger.retry_attempts} retries is skipped")
    ctx.add(mapping, fn, layer=ctx.later_layer(fn, comp), path=path)


def trigger_statements(comp: Table, fn, trigger: TableTrigger, ctx: Context) -> list:
    """Reading exactly this table's stream, and sending failed batches to the failure destination."""
    statements = [Statement(Effect=Allow, Action=list(STREAM_READ), Resource=[GetAtt(table_id(comp.name), "StreamArn")])]
    if comp.encryption == "kms":
        statements.append(Statement(Effect=Allow, Action=[awacs_ddb.Action("DescribeTable")],
                                    Resource=[GetAtt(table_id(comp.name), "Arn")]))
    destination = trigger.failure_destination
    if destination is not None:
        kind = ctx.kind(destination)
        if fn.uses.get(destination) != kind.send_access:
            statements += list(kind.grant(kind.send_access, fn, ctx.component(destination), ctx).statements)
    return statements
