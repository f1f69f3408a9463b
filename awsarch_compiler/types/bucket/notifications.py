"""Bucket object events to queues, functions and topics, through Amazon EventBridge.

Why EventBridge and not the bucket's classic ``NotificationConfiguration``:
S3 validates a classic notification when the bucket is created or updated,
so the bucket must depend on the target's resource policy (queue policy,
topic policy or Lambda permission), while that policy must name the bucket's
ARN — the well-known circular dependency. With the bucket in the data stack
and a function in the compute stack, the classic wiring would also make the
data stack depend on the compute stack, which already depends on the data
stack (the function's role names the bucket): a stack cycle.

So the bucket only turns on ``EventBridgeConfiguration`` (it names no
target), and one ``AWS::Events::Rule`` per (bucket, target) pair lives in the
*target's* stack. The rule matches ``aws.s3`` events of that bucket's name,
the chosen detail types and the key prefix/suffix, and targets the queue,
function or topic. The target's resource policy admits exactly that rule
(``aws:SourceArn`` = the rule's ARN; see :meth:`BucketType.delivery`).
References all point from the target's stack to the bucket's (earlier)
stack; nothing points back.

Routes come from the bucket's ``notifications`` and from functions'
``bucket`` triggers (both ``deliver``/``trigger`` edges from the bucket).
Consumers receive EventBridge's event shape: ``detail.bucket.name`` and
``detail.object.key`` rather than the classic ``Records[0].s3``.
"""
from __future__ import annotations

from troposphere import Ref
from troposphere import events as cfn_events

from ...core.context import Context
from ...core.diagnostics import error
from ...core.references import reference_errors
from .model import bucket_id, rule_id

DETAIL_TYPES = {
    "created": ("Object Created",),
    "removed": ("Object Deleted",),
    "restored": ("Object Restore Completed",),
    "tagged": ("Object Tags Added", "Object Tags Deleted"),
    "storage-class-changed": ("Object Storage Class Changed",),
}
EVENTS = "events.amazonaws.com"


def routes(arch, bucket: str) -> list:
    """Every edge that sends the bucket's object events somewhere, in DSL order."""
    return arch.edges_from(bucket, "deliver", "trigger")


def check(arch, bucket: str) -> list:
    """The bucket's own notifications: targets exist, can receive, and accept EventBridge deliveries."""
    out = []
    receivers = tuple(name for name, kind in arch.kinds.items() if kind.event_target)
    for edge in arch.edges_from(bucket, "deliver"):
        where = edge.path + ("target",)
        found = reference_errors(arch, edge.target, where, receivers, "notification target")
        out += found
        if found:
            continue
        problem = arch.kind(edge.target).delivery_problem(arch.components[edge.target], EVENTS)
        if problem:
            code, message, hint = problem
            out.append(error(code, message, where, hint))
    return out


def _key_matcher(prefix, suffix) -> dict | None:
    if prefix and suffix:
        escape = lambda s: s.replace("\\", "\\\\").replace("*", "\\*")  # noqa: E731
        return {"wildcard": f"{escape(prefix)}*{escape(suffix)}"}
    if prefix:
        return {"prefix": prefix}
    if suffix:
        return {"suffix": suffix}
    return None


def pattern(bucket: str, group: list) -> dict:
    """EventBridge pattern for one (bucket, target) pair; several entries join with $or."""
    def one(detail) -> dict:
        detail_types = [t for e in detail.events for t in DETAIL_TYPES[e]]
        matched = {"bucket": {"name": [Ref(bucket_id(bucket))]}}
        key = _key_matcher(detail.prefix, detail.suffix)
        if key:
            matched["object"] = {"key": [key]}
        return {"detail-type": detail_types, "detail": matched}

    parts = [one(edge.detail) for edge in group]
    if len(parts) == 1:
        return {"source": ["aws.s3"], **parts[0]}
    return {"source": ["aws.s3"], "$or": parts}


def generate_rules(ctx: Context, bucket: str) -> None:
    """One rule per target of the bucket's routes, each in its target's stack."""
    groups: dict[str, list] = {}
    for edge in routes(ctx.arch, bucket):
        groups.setdefault(edge.target, []).append(edge)
    for target_name, group in groups.items():
        target = ctx.component(target_name)
        kind = ctx.kind(target_name)
        rule_target = cfn_events.Target(Id=f"{target.type}-{target_name}"[:64], Arn=kind.delivery_arn(target, ctx.arch),
                                        **kind.event_target_options(target, bucket))
        ctx.add(cfn_events.Rule(
            rule_id(bucket, target_name), Description=f"{ctx.arch.name}: object events of {bucket} to {target_name}",
            State="ENABLED", EventPattern=pattern(bucket, group), Targets=[rule_target],
        ), target, layer=ctx.layer_of(target), path=group[0].path)
