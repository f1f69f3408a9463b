"""The rule that runs a function on an EventBridge schedule (the expression checks live in core.schedules)."""
from __future__ import annotations

from troposphere import GetAtt, awslambda
from troposphere import events as cfn_events

from ...core.context import Context
from ...core.naming import logical_id, pascal
from ...core.schedules import schedule_problem

__all__ = ["add_schedule", "schedule_problem"]


def add_schedule(ctx: Context, fn, expression: str, target, path: tuple) -> None:
    """An EventBridge rule on ``expression`` and the permission that lets exactly it invoke ``fn``."""
    layer = ctx.layer_of(fn)
    rule = logical_id(fn.name, pascal(expression), "Schedule")
    ctx.add(cfn_events.Rule(
        rule, Description=f"{ctx.arch.name}: run {fn.name} on {expression}",
        ScheduleExpression=expression, State="ENABLED",
        Targets=[cfn_events.Target(Id=f"function-{fn.name}"[:64], Arn=target)],
    ), fn, layer=layer, path=path)
    ctx.add(awslambda.Permission(
        rule + "Permission", Action="lambda:InvokeFunction", FunctionName=target,
        Principal="events.amazonaws.com", SourceArn=GetAtt(rule, "Arn")), fn, layer=layer, path=path)
