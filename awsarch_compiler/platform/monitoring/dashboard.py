"""``monitoring.dashboard: true``: one CloudWatch dashboard for the architecture.

A widget per component whose type declares metrics (in DSL order, two per
row), plus an alarm-status widget when there are alarms. The body is JSON
with sorted keys inside ``Fn::Sub``: resource names appear as ``${LogicalId}``
tokens, which stack assembly wires across stacks like any other reference.
"""
from __future__ import annotations

import json

from troposphere import Sub, cloudwatch

from ...core.context import Context
from .alarms import GLOBAL_NAMESPACES
from .ids import DASHBOARD, LAYER, alarm_id

WIDTH, HEIGHT, COLUMNS = 12, 6, 2


class _Tokens:
    """Turns dimension values (strings, Ref, GetAtt, any intrinsic) into ``Fn::Sub`` text."""

    def __init__(self):
        self.variables: dict[str, dict] = {}  # variable name -> intrinsic
        self._names: dict[str, str] = {}  # canonical JSON of an intrinsic -> variable name

    def text(self, value) -> str:
        if isinstance(value, str):
            return value.replace("${", "${!")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        data = value.to_dict() if hasattr(value, "to_dict") else value
        if isinstance(data, dict) and len(data) == 1:
            (fn, arg), = data.items()
            if fn == "Ref" and isinstance(arg, str):
                return "${" + arg + "}"
            if fn == "Fn::GetAtt":
                name, attr = arg.split(".", 1) if isinstance(arg, str) else arg
                return "${" + name + "." + attr + "}"
        canonical = json.dumps(data, sort_keys=True)
        if canonical not in self._names:
            name = f"Value{len(self._names) + 1}"
            self._names[canonical] = name
            self.variables[name] = data
        return "${" + self._names[canonical] + "}"


def _component_widget(ctx: Context, comp, tokens: _Tokens) -> dict | None:
    kind = ctx.kind(comp.name)
    rows, regions = [], set()
    for friendly in kind.metric_names(comp):
        metric = kind.metric(comp, friendly)
        row = [metric.namespace, metric.name]
        for name, value in sorted(metric.dimensions(comp, ctx).items()):
            row += [name, tokens.text(value)]
        row.append({"label": friendly, "stat": metric.statistic})
        rows.append(row)
        regions.add(GLOBAL_NAMESPACES.get(metric.namespace, "${AWS::Region}"))
    if not rows:
        return None
    return {"type": "metric", "properties": {
        "title": f"{comp.name} ({comp.type})", "view": "timeSeries", "stacked": False, "period": 300,
        "region": sorted(regions)[0], "metrics": rows}}


def body(ctx: Context) -> tuple[str, dict]:
    """The dashboard body (Fn::Sub text) and its Sub variables."""
    tokens = _Tokens()
    widgets = []
    alarms = [alarm_id(a.component, a.metric) for a in ctx.arch.monitoring.alarms]
    if alarms:
        widgets.append({"type": "alarm", "properties": {
            "title": "Alarms", "alarms": ["${" + a + ".Arn}" for a in dict.fromkeys(alarms)]}})
    for comp in ctx.arch.components.values():
        widget = _component_widget(ctx, comp, tokens)
        if widget is not None:
            widgets.append(widget)
    for n, widget in enumerate(widgets):
        widget.update({"x": (n % COLUMNS) * WIDTH, "y": (n // COLUMNS) * HEIGHT, "width": WIDTH, "height": HEIGHT})
    return json.dumps({"widgets": widgets}, sort_keys=True, separators=(",", ":")), tokens.variables


def generate(ctx: Context) -> None:
    text, variables = body(ctx)
    ctx.add(cloudwatch.Dashboard(DASHBOARD, DashboardBody=Sub(text, **variables) if variables else Sub(text)),
            None, layer=LAYER, path=("monitoring", "dashboard"))
    if '"metric"' not in text:
        ctx.note("monitoring.dashboard: no component here declares metrics, so the dashboard has no metric widgets")
