"""``topic``: an encrypted SNS topic and its subscriptions.

The topic policy denies publishing without TLS and admits exactly the
EventBridge rules that deliver bucket events to it (``aws:SourceArn``).
A queue subscription is admitted by the queue's own policy (see queue.py);
a function subscription comes with a Lambda permission scoped to this
topic's ARN. A subscription lives in the later stack of its two ends, so a
function in the compute stack never makes the data stack depend on it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from awacs import sns as awacs_sns
from awacs.aws import Allow, ArnEquals, Bool, Condition, Deny, PolicyDocument, Principal, Statement
from troposphere import GetAtt, Join, Ref, Select, Split, awslambda, sns

from ..core.context import Context, Grant
from ..core.diagnostics import error
from ..core.model import Component
from ..core.naming import LAYERS, env_prefix, logical_id
from ..platform import kms
from . import events, register
from .base import AccessMode, ComponentType, Metric


@dataclass(frozen=True, kw_only=True)
class Subscription:
    email: Optional[str] = None
    https: Optional[str] = None
    queue: Optional[str] = None
    function: Optional[str] = None
    raw: bool = False


@dataclass(frozen=True, kw_only=True)
class Topic(Component):
    fifo: bool = False
    content_based_deduplication: bool = False
    encryption: str = "aws"
    subscriptions: tuple[Subscription, ...] = ()


def topic_id(name: str) -> str:
    return logical_id(name, "Topic")


def function_subscriptions(arch, topic: str) -> list[tuple[str, tuple]]:
    """(function, DSL path) pairs subscribed to ``topic``: topic subscriptions and function triggers."""
    out = {}
    comp = arch.components[topic]
    for i, s in enumerate(comp.subscriptions):
        if s.function:
            out.setdefault(s.function, ("components", topic, "subscriptions", i))
    for fn in arch.of_type("function"):
        for i, t in enumerate(fn.triggers):
            if t.topic == topic:
                out.setdefault(fn.name, ("components", fn.name, "triggers", i))
    return list(out.items())


def later_layer(ctx: Context, *components) -> str:
    return max((ctx.layer_of(c) for c in components), key=LAYERS.index)


def _metric(name: str, description: str) -> Metric:
    return Metric("AWS/SNS", name, lambda comp, ctx: {"TopicName": GetAtt(topic_id(comp.name), "TopicName")},
                  statistic="Sum", description=description)


@register
class TopicType(ComponentType):
    type_name = "topic"
    spec = Topic
    layer = "data"
    access = {
        "publish": AccessMode("sns:Publish on it (+ kms:GenerateDataKey, kms:Decrypt with encryption: kms)",
                              ("TOPIC_ARN",)),
    }
    metrics = {
        "published": _metric("NumberOfMessagesPublished", "messages published (count)"),
        "failed": _metric("NumberOfNotificationsFailed", "deliveries that failed (count)"),
        "delivered": _metric("NumberOfNotificationsDelivered", "deliveries that succeeded (count)"),
    }

    def check(self, comp: Topic, arch):
        from ..check import reference_errors

        path = ("components", comp.name)
        if comp.content_based_deduplication and not comp.fifo:
            yield error("E335", "content_based_deduplication applies only to FIFO topics",
                        path + ("content_based_deduplication",), "add fifo: true, or remove it")
        for i, sub in enumerate(comp.subscriptions):
            where = path + ("subscriptions", i)
            if sub.queue:
                found = reference_errors(arch, sub.queue, where + ("queue",), ("queue",), "subscribed queue")
                yield from found
                if not found and arch.components[sub.queue].fifo and not comp.fifo:
                    yield error("E336", f"a standard topic cannot deliver to the FIFO queue '{sub.queue}'",
                                where + ("queue",), f"add fifo: true to '{comp.name}', or use a standard queue")
            elif sub.function:
                yield from reference_errors(arch, sub.function, where + ("function",), ("function",), "subscribed function")
            if comp.fifo and not sub.queue:
                kind = "e-mail" if sub.email else "HTTPS" if sub.https else "function"
                yield error("E336", f"a FIFO topic delivers only to queues, not to {kind} subscriptions",
                            where, "subscribe a queue, or make the topic standard (fifo: false)")

    def grant(self, mode, source, target: Topic, ctx) -> Grant:
        statements = [Statement(Effect=Allow, Action=[awacs_sns.Publish], Resource=[Ref(topic_id(target.name))])]
        if target.encryption == "kms":
            statements.append(kms.use_statement(target.name, (kms.ENCRYPT[1], kms.ENCRYPT[2])))
        return Grant(source.name, target.name, mode, statements=tuple(statements),
                     env=((f"{env_prefix(target.name)}_TOPIC_ARN", Ref(topic_id(target.name))),))

    def generate(self, comp: Topic, ctx: Context) -> None:
        rules = events.rules_to(ctx.arch, comp.name)
        logical = topic_id(comp.name)
        topic = sns.Topic(logical, DisplayName=f"{ctx.arch.name} {comp.name}"[:100])
        if comp.encryption == "kms":
            services = ("events.amazonaws.com",) if rules else ()
            topic.KmsMasterKeyId = GetAtt(kms.customer_key(ctx, comp, services=services), "Arn")
        else:
            topic.KmsMasterKeyId = "alias/aws/sns"
        if comp.fifo:
            topic.FifoTopic = True
            topic.TopicName = Join("", [f"{ctx.arch.name}-{comp.name}"[:230] + "-",
                                        Select(0, Split("-", Select(2, Split("/", Ref("AWS::StackId"))))), ".fifo"])
            if comp.content_based_deduplication:
                topic.ContentBasedDeduplication = True
        ctx.add(topic, comp)
        statements = [Statement(
            Sid="DenyInsecureTransport", Effect=Deny, Principal=Principal("*"), Action=[awacs_sns.Publish],
            Resource=[Ref(logical)], Condition=Condition(Bool("aws:SecureTransport", "false")))]
        for rule in rules:
            statements.append(Statement(
                Sid=f"From{rule}", Effect=Allow, Principal=Principal("Service", "events.amazonaws.com"),
                Action=[awacs_sns.Publish], Resource=[Ref(logical)],
                Condition=Condition(ArnEquals("aws:SourceArn", GetAtt(rule, "Arn")))))
        ctx.add(sns.TopicPolicy(logical_id(comp.name, "TopicPolicy"), Topics=[Ref(logical)],
                                PolicyDocument=PolicyDocument(Version="2012-10-17", Statement=statements)),
                comp, tags=False)
        self._subscriptions(ctx, comp)

    def _subscriptions(self, ctx: Context, comp: Topic) -> None:
        logical = topic_id(comp.name)
        for sub in comp.subscriptions:
            if sub.email:
                ctx.add(sns.SubscriptionResource(
                    logical_id(comp.name, "To", sub.email, "Subscription"), TopicArn=Ref(logical),
                    Protocol="email", Endpoint=sub.email), comp)
            elif sub.https:
                ctx.add(sns.SubscriptionResource(
                    logical_id(comp.name, "To", sub.https.split("://", 1)[1], "Subscription"), TopicArn=Ref(logical),
                    Protocol="https", Endpoint=sub.https, RawMessageDelivery=sub.raw), comp)
            elif sub.queue:
                queue = ctx.component(sub.queue)
                ctx.add(sns.SubscriptionResource(
                    logical_id(comp.name, "To", sub.queue, "Subscription"), TopicArn=Ref(logical),
                    Protocol="sqs", Endpoint=GetAtt(logical_id(sub.queue, "Queue"), "Arn"),
                    RawMessageDelivery=sub.raw), comp, layer=later_layer(ctx, comp, queue))
        for fn_name, path in function_subscriptions(ctx.arch, comp.name):
            fn = ctx.component(fn_name)
            layer = later_layer(ctx, comp, fn)
            fn_arn = GetAtt(logical_id(fn_name, "Function"), "Arn")
            ctx.add(awslambda.Permission(
                logical_id(comp.name, "To", fn_name, "Permission"), Action="lambda:InvokeFunction",
                FunctionName=fn_arn, Principal="sns.amazonaws.com", SourceArn=Ref(logical)),
                fn, layer=layer, path=path)
            ctx.add(sns.SubscriptionResource(
                logical_id(comp.name, "To", fn_name, "Subscription"), TopicArn=Ref(logical),
                Protocol="lambda", Endpoint=fn_arn), fn, layer=layer, path=path)
