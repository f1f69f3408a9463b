"""The SNS topic of a ``topic`` component, its policy and its subscriptions.

The topic policy denies publishing without TLS and admits exactly the
services that deliver to it (bucket events through EventBridge), each
pinned by ``aws:SourceArn``. A queue subscription is admitted by the queue's
own policy; a function's Lambda permission comes with the function. A
subscription lives in the later stack of its two ends, so a function in the
compute stack never makes the data stack depend on it.
"""
from __future__ import annotations

from awacs import sns as awacs_sns
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
from troposphere import GetAtt, Join, Ref, Select, Split, sns

from ...core.context import Context
from ...core.naming import logical_id
from ...platform import kms
from .model import Topic, topic_id


def deliveries(comp: Topic, arch) -> list:
    """The Delivery of every service that sends to the topic (bucket events), once per source."""
    out, seen = [], set()
    for edge in arch.edges_to(comp.name, "deliver"):
        if edge.source in seen or edge.source not in arch.components:
            continue
        delivery = arch.kind(edge.source).delivery(arch.components[edge.source], edge)
        if delivery is not None:
            seen.add(edge.source)
            out.append(delivery)
    return out


def subscribers(comp: Topic, arch) -> list:
    """(component name, DSL path) of every queue and function the topic delivers to: its
    subscriptions and the function triggers naming it, once each, in DSL order."""
    out = {}
    for edge in arch.edges_from(comp.name, "deliver", "trigger"):
        out.setdefault(edge.target, edge.path)
    return list(out.items())


def _topic(comp: Topic, ctx: Context, senders: list) -> sns.Topic:
    topic = sns.Topic(topic_id(comp.name), DisplayName=f"{ctx.arch.name} {comp.name}"[:100])
    if comp.encryption == "kms":
        services = tuple(dict.fromkeys(d.service for d in senders))
        topic.KmsMasterKeyId = GetAtt(kms.customer_key(ctx, comp, services=services), "Arn")
    else:
        topic.KmsMasterKeyId = "alias/aws/sns"
    if comp.fifo:
        topic.FifoTopic = True
        topic.TopicName = Join("", [f"{ctx.arch.name}-{comp.name}"[:230] + "-",
                                    Select(0, Split("-", Select(2, Split("/", Ref("AWS::StackId"))))), ".fifo"])
        if comp.content_based_deduplication:
            topic.ContentBasedDeduplication = True
    return topic


def generate(comp: Topic, ctx: Context) -> None:
    logical = topic_id(comp.name)
    senders = deliveries(comp, ctx.arch)
    ctx.add(_topic(comp, ctx, senders), comp)
    statements = [Statement(
        Sid="DenyInsecureTransport", Effect=Deny, Principal=Principal("*"), Action=[awacs_sns.Publish],
        Resource=[Ref(logical)], Condition=Condition(Bool("aws:SecureTransport", "false")))]
    for delivery in senders:
        statements.append(Statement(
            Sid=delivery.sid, Effect=Allow, Principal=Principal("Service", delivery.service),
            Action=[awacs_sns.Publish], Resource=[Ref(logical)],
            Condition=Condition(ArnEquals("aws:SourceArn", delivery.source_arn))))
    ctx.add(sns.TopicPolicy(logical_id(comp.name, "TopicPolicy"), Topics=[Ref(logical)],
                            PolicyDocument=PolicyDocument(Version="2012-10-17", Statement=statements)),
            comp, tags=False)
    _subscriptions(ctx, comp)


def _subscriptions(ctx: Context, comp: Topic) -> None:
    logical = topic_id(comp.name)
    raw = {s.component: s.raw for s in comp.subscriptions if s.component}
    for sub in comp.subscriptions:
        if sub.email:
            ctx.add(sns.SubscriptionResource(
                logical_id(comp.name, "To", sub.email, "Subscription"), TopicArn=Ref(logical),
                Protocol="email", Endpoint=sub.email), comp)
        elif sub.https:
            ctx.add(sns.SubscriptionResource(
                logical_id(comp.name, "To", sub.https.split("://", 1)[1], "Subscription"), TopicArn=Ref(logical),
                Protocol="https", Endpoint=sub.https, RawMessageDelivery=sub.raw), comp)
    for name, path in subscribers(comp, ctx.arch):
        target = ctx.component(name)
        protocol = ctx.kind(name).sns_protocol
        subscription = sns.SubscriptionResource(
            logical_id(comp.name, "To", name, "Subscription"), TopicArn=Ref(logical),
            Protocol=protocol, Endpoint=ctx.kind(name).delivery_arn(target, ctx.arch))
        if protocol == "sqs":
            subscription.RawMessageDelivery = raw.get(name, False)
        owner = comp if protocol == "sqs" else target
        ctx.add(subscription, owner, layer=ctx.later_layer(comp, target), path=path if protocol != "sqs" else None)
