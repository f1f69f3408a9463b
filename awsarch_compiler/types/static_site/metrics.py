"""Alarm metrics of a ``static-site`` (AWS/CloudFront, published in us-east-1 only)."""
from __future__ import annotations

from troposphere import Ref

from ..base import Metric
from .model import distribution_id


def _metric(name: str, statistic: str, description: str) -> Metric:
    return Metric("AWS/CloudFront", name,
                  lambda comp, ctx: {"DistributionId": Ref(distribution_id(comp.name)), "Region": "Global"},
                  statistic=statistic, description=description)


METRICS = {
    "error_rate_4xx": _metric("4xxErrorRate", "Average", "percent of viewer requests answered 4xx"),
    "error_rate_5xx": _metric("5xxErrorRate", "Average", "percent of viewer requests answered 5xx"),
    "requests": _metric("Requests", "Sum", "viewer requests per minute"),
}
