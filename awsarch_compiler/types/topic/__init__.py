"""``topic``: an encrypted SNS topic, its subscriptions, and the functions it triggers."""
from __future__ import annotations

from troposphere import GetAtt, Ref

from ...core.model import Edge
from ..base import ComponentType, Delivery, Metric
from . import checks, resources
from .access import MODES, grant_for
from .codes import BLOCK, CODES
from .model import TYPE_NAME, Topic, TopicTrigger, topic_id


def _metric(name: str, description: str) -> Metric:
    return Metric("AWS/SNS", name, lambda comp, ctx: {"TopicName": GetAtt(topic_id(comp.name), "TopicName")},
                  statistic="Sum", description=description)


class TopicType(ComponentType):
    type_name = TYPE_NAME
    code_block = BLOCK
    codes = CODES
    spec = Topic
    summary = "SNS, encrypted, subscriptions"
    layer = "data"
    access = MODES
    metrics = {
        "published": _metric("NumberOfMessagesPublished", "messages published (count)"),
        "failed": _metric("NumberOfNotificationsFailed", "deliveries that failed (count)"),
        "delivered": _metric("NumberOfNotificationsDelivered", "deliveries that succeeded (count)"),
    }
    api_endpoint = "sns"
    trigger_spec = TopicTrigger
    send_access = "publish"
    event_target = True

    def edges(self, comp: Topic):
        for i, sub in enumerate(comp.subscriptions):
            if sub.component:
                yield Edge("deliver", comp.name, sub.component, ("components", comp.name, "subscriptions", i), sub)

    def check(self, comp: Topic, arch):
        return checks.check(comp, arch)

    def trigger_checks(self, source: Topic, function, trigger, arch, path):
        return checks.trigger_checks(source, function, trigger, arch, path)

    def delivery(self, source: Topic, edge) -> Delivery:
        return Delivery("sns.amazonaws.com", Ref(topic_id(source.name)), f"From{topic_id(source.name)}")

    def delivery_arn(self, comp: Topic, arch=None):
        return Ref(topic_id(comp.name))

    def delivery_problem(self, comp: Topic, service: str):
        return checks.delivery_problem(comp, service)

    def grant(self, mode, source, target: Topic, ctx):
        return grant_for(mode, source, target)

    def generate(self, comp: Topic, ctx) -> None:
        resources.generate(comp, ctx)


TYPE = TopicType()
