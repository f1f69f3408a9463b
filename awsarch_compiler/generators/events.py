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
(``aws:SourceArn`` = the rule's ARN). References all point from the target's
stack to the bucket's (earlier) stack; nothing points back.

Consumers receive EventBridge's event shape: ``detail.bucket.name`` and
``detail.object.key`` rather than the classic ``Records[0].s3``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from troposphere import GetAtt, Ref, awslambda
from troposphere import events as cfn_events

from ..core.context import Context
from ..core.diagnostics import error
from ..core.naming import logical_id

DETAIL_TYPES = {
    "created": ("Object Created",),
    "removed": ("Object Deleted",),
    "restored": ("Object Restore Completed",),
    "tagged": ("Object Tags Added", "Object Tags Deleted"),
    "storage-class-changed": ("Object Storage Class Changed",),
}
TARGET_TYPES = ("queue", "function", "topic")


@dataclass(frozen=True, kw_only=True)
class Notification:
    """One ``notifications`` entry of a bucket: object events to a target."""

    target: str
    events: tuple[str, ...] = ("created",)
    prefix: Optional[str] = None
    suffix: Optional[str] = None


@dataclass(frozen=True)
class Route:
    bucket: str
    target: str
    events: tuple
    prefix: Optional[str]
    suffix: Optional[str]
    path: tuple  # where it was declared


def alarm_topic_id() -> str:
    """The monitoring stack's alarm topic (its logical ID, read from the monitoring module)."""
    from ..platform.monitoring import alarms as monitoring
    return monitoring.TOPIC


def routes(arch) -> list[Route]:
    """Every bucket-event route: bucket ``notifications`` and function ``bucket`` triggers, in DSL order."""
    out = []
    for bucket in arch.of_type("bucket"):
        for i, n in enumerate(getattr(bucket, "notifications", ())):
            out.append(Route(bucket.name, n.target, tuple(n.events), n.prefix, n.suffix,
                             ("components", bucket.name, "notifications", i)))
    for fn in arch.of_type("function"):
        for i, t in enumerate(fn.triggers):
            if t.bucket:
                out.append(Route(t.bucket, fn.name, tuple(t.events), t.prefix, t.suffix,
                                 ("components", fn.name, "triggers", i)))
    return out


def rule_id(bucket: str, target: str) -> str:
    return logical_id(bucket, "To", target, "Rule")


def rules_to(arch, target: str) -> list[str]:
    """Logical IDs of the rules that deliver bucket events to ``target``."""
    return sorted({rule_id(r.bucket, r.target) for r in routes(arch) if r.target == target})


def has_routes(arch, bucket: str) -> bool:
    return any(r.bucket == bucket for r in routes(arch))


def check(arch, owner: str) -> list:
    """The routes ``owner`` declares: targets exist, fit, and can receive EventBridge deliveries."""
    from ..check import reference_errors

    out = []
    for route in routes(arch):
        if route.path[1] != owner:
            continue
        declared_on_bucket = route.path[2] == "notifications"
        where = route.path + (("target",) if declared_on_bucket else ("bucket",))
        if declared_on_bucket:
            found = reference_errors(arch, route.target, where, (), "notification target")
            if not found and arch.components[route.target].type not in TARGET_TYPES:
                found = [error("E332", f"'{route.target}' is a {arch.components[route.target].type}; bucket "
                                       f"notifications go to a queue, function or topic", where)]
        else:
            found = reference_errors(arch, route.bucket, where, ("bucket",), "trigger bucket")
        out += found
        if found:
            continue
        target = arch.components[route.target]
        if target.type == "queue" and target.fifo and not target.content_based_deduplication:
            out.append(error("E335", f"EventBridge delivers to the FIFO queue '{target.name}' only with "
                                     f"content-based deduplication", where,
                             f"set content_based_deduplication: true on '{target.name}'"))
        if target.type == "topic" and target.encryption != "kms":
            out.append(error("E333", f"topic '{target.name}' uses the AWS-managed key alias/aws/sns, which "
                                     f"EventBridge cannot use to deliver bucket events", where,
                             f"set encryption: kms on '{target.name}'"))
    return out


def pattern(bucket: str, group: list[Route]) -> dict:
    """EventBridge pattern for one (bucket, target) pair; several entries join with $or."""
    def one(route: Route) -> dict:
        detail_types = [t for e in route.events for t in DETAIL_TYPES[e]]
        detail = {"bucket": {"name": [Ref(logical_id(bucket, "Bucket"))]}}
        key = _key_matcher(route.prefix, route.suffix)
        if key:
            detail["object"] = {"key": [key]}
        return {"detail-type": detail_types, "detail": detail}

    parts = [one(r) for r in group]
    if len(parts) == 1:
        return {"source": ["aws.s3"], **parts[0]}
    return {"source": ["aws.s3"], "$or": parts}


def _key_matcher(prefix, suffix) -> dict | None:
    if prefix and suffix:
        escape = lambda s: s.replace("\\", "\\\\").replace("*", "\\*")  # noqa: E731
        return {"wildcard": f"{escape(prefix)}*{escape(suffix)}"}
    if prefix:
        return {"prefix": prefix}
    if suffix:
        return {"suffix": suffix}
    return None


def generate_rules(ctx: Context, bucket: str) -> None:
    """The rules (and Lambda permissions) for every route from ``bucket``, each in its target's stack."""
    groups: dict[str, list[Route]] = {}
    for route in routes(ctx.arch):
        if route.bucket == bucket:
            groups.setdefault(route.target, []).append(route)
    for target_name, group in groups.items():
        target = ctx.component(target_name)
        layer = ctx.layer_of(target)
        logical = rule_id(bucket, target_name)
        arn = GetAtt(_target_id(target), "Arn") if target.type != "topic" else Ref(_target_id(target))
        rule_target = cfn_events.Target(Id=f"{target.type}-{target_name}"[:64], Arn=arn)
        if target.type == "queue" and target.fifo:
            rule_target.SqsParameters = cfn_events.SqsParameters(MessageGroupId=bucket)
        ctx.add(cfn_events.Rule(
            logical, Description=f"{ctx.arch.name}: object events of {bucket} to {target_name}",
            State="ENABLED", EventPattern=pattern(bucket, group), Targets=[rule_target],
        ), target, layer=layer, path=group[0].path)
        if target.type == "function":
            ctx.add(awslambda.Permission(
                logical_id(bucket, "To", target_name, "Permission"), Action="lambda:InvokeFunction",
                FunctionName=GetAtt(_target_id(target), "Arn"), Principal="events.amazonaws.com",
                SourceArn=GetAtt(logical, "Arn"),
            ), target, layer=layer, path=group[0].path)


def _target_id(target) -> str:
    return logical_id(target.name, {"queue": "Queue", "function": "Function", "topic": "Topic"}[target.type])
