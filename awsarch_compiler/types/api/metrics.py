"""Alarm metrics of an ``api`` (AWS/ApiGateway; REST and HTTP APIs name two of them differently)."""
from __future__ import annotations

from troposphere import Ref

from ..base import Metric
from .model import Api, api_id, stage_name


def _dimensions(comp: Api, ctx) -> dict:
    if comp.protocol == "http":
        return {"ApiId": Ref(api_id(comp)), "Stage": stage_name(comp, ctx.arch)}
    return {"ApiName": f"{ctx.arch.name}-{comp.name}", "Stage": stage_name(comp, ctx.arch)}


HTTP_METRICS = {
    "5xx": Metric("AWS/ApiGateway", "5xx", _dimensions, "Sum", description="server errors (5xx responses)"),
    "4xx": Metric("AWS/ApiGateway", "4xx", _dimensions, "Sum", description="client errors (4xx responses)"),
    "latency_p95": Metric("AWS/ApiGateway", "Latency", _dimensions, "p95", description="p95 latency in ms"),
    "count": Metric("AWS/ApiGateway", "Count", _dimensions, "Sum", description="requests"),
}
REST_METRICS = {
    **HTTP_METRICS,
    "5xx": Metric("AWS/ApiGateway", "5XXError", _dimensions, "Sum", description="server errors (5xx responses)"),
    "4xx": Metric("AWS/ApiGateway", "4XXError", _dimensions, "Sum", description="client errors (4xx responses)"),
}
