"""Alarm metrics of a ``stream`` (AWS/Kinesis, by stream name)."""
from __future__ import annotations

from troposphere import Ref

from ..base import Metric
from .model import stream_id


def _metric(name: str, statistic: str, description: str, **kw) -> Metric:
    return Metric("AWS/Kinesis", name, lambda comp, ctx: {"StreamName": Ref(stream_id(comp.name))},
                  statistic=statistic, description=description, **kw)


METRICS = {
    "iterator_age": _metric("GetRecords.IteratorAgeMilliseconds", "Maximum",
                            "age of the last record read, milliseconds (how far readers lag behind)"),
    "incoming_records": _metric("IncomingRecords", "Sum", "records written per minute"),
    "read_throttles": _metric("ReadProvisionedThroughputExceeded", "Sum", "reads throttled per minute"),
    "write_throttles": _metric("WriteProvisionedThroughputExceeded", "Sum", "writes throttled per minute"),
}
