"""Alarm metrics of a ``table`` (AWS/DynamoDB, by table name)."""
from __future__ import annotations

from troposphere import Ref

from ..base import Metric
from .model import table_id


def _table_metric(name: str, description: str, statistic: str = "Sum", comparison="GreaterThanOrEqualToThreshold"):
    return Metric("AWS/DynamoDB", name, lambda comp, ctx: {"TableName": Ref(table_id(comp.name))},
                  statistic=statistic, comparison=comparison, description=description)


METRICS = {
    "read_throttles": _table_metric("ReadThrottleEvents", "throttled read requests per minute"),
    "write_throttles": _table_metric("WriteThrottleEvents", "throttled write requests per minute"),
    "consumed_read": _table_metric("ConsumedReadCapacityUnits", "read capacity units consumed per minute"),
    "consumed_write": _table_metric("ConsumedWriteCapacityUnits", "write capacity units consumed per minute"),
}
