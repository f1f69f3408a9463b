"""Alarm metrics of a ``function`` (AWS/Lambda, by function name)."""
from __future__ import annotations

from troposphere import Ref

from ..base import Metric
from .model import function_id


def _metric(name: str, statistic: str, description: str, **kw) -> Metric:
    return Metric("AWS/Lambda", name, lambda comp, ctx: {"FunctionName": Ref(function_id(comp.name))},
                  statistic=statistic, description=description, **kw)


METRICS = {
    "errors": _metric("Errors", "Sum", "invocations that failed (count)"),
    "throttles": _metric("Throttles", "Sum", "throttled invocations (count)"),
    "duration_p95": _metric("Duration", "p95", "95th percentile duration (milliseconds)"),
    "invocations": _metric("Invocations", "Sum", "invocations (count)"),
    "concurrent_executions": _metric("ConcurrentExecutions", "Maximum", "concurrent executions (count)"),
}
