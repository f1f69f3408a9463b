"""Alarm metrics of a ``queue`` (AWS/SQS, by queue name)."""
from __future__ import annotations

from troposphere import GetAtt

from ..base import Metric
from .model import dead_letter_id, queue_id

METRICS = {
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
