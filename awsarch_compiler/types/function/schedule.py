"""EventBridge schedule expressions: what AWS accepts, and the rule that runs a function on one."""
from __future__ import annotations

import re

from troposphere import GetAtt, awslambda
from troposphere import events as cfn_events

from ...core.context import Context
from ...core.naming import logical_id, pascal

RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
CRON_FIELD = re.compile(r"^[0-9A-Za-z*?,/#L\-W]+$")
CRON_HELP = ("cron(MIN HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK YEAR), six fields in UTC with '?' in either "
             "day-of-month or day-of-week, such as cron(0 12 * * ? *)")


def _rate_problem(expression: str) -> str | None:
    match = RATE.match(expression)
    if not match:
        return "a rate is rate(N UNIT) with a whole number and minute(s), hour(s) or day(s)"
    value, unit = int(match.group(1)), match.group(2)
    if value < 1:
        return "a rate must be at least 1"
    if value == 1 and unit.endswith("s"):
        return f"EventBridge wants the singular for 1: rate(1 {unit[:-1]})"
    if value > 1 and not unit.endswith("s"):
        return f"EventBridge wants the plural above 1: rate({value} {unit}s)"
    return None


def schedule_problem(expression: str) -> str | None:
    """Why an EventBridge schedule expression is invalid, or None."""
    if expression.startswith("rate("):
        return _rate_problem(expression)
    if expression.startswith("cron(") and expression.endswith(")"):
        fields = expression[5:-1].split()
        if len(fields) != 6:
            return f"a cron expression has six fields, this one has {len(fields)}: {CRON_HELP}"
        if not all(CRON_FIELD.match(f) for f in fields):
            return f"a cron field has characters EventBridge does not accept: {CRON_HELP}"
        day_of_month, day_of_week = fields[2], fields[4]
        if (day_of_month == "?") == (day_of_week == "?"):
            return f"exactly one of day-of-month and day-of-week must be '?': {CRON_HELP}"
        return None
    return f"use rate(5 minutes) or {CRON_HELP}"


def add_schedule(ctx: Context, fn, expression: str, function_id: str, path: tuple) -> None:
    """An EventBridge rule on ``expression`` and the permission that lets exactly it invoke ``fn``."""
    layer = ctx.layer_of(fn)
    rule = logical_id(fn.name, pascal(expression), "Schedule")
    ctx.add(cfn_events.Rule(
        rule, Description=f"{ctx.arch.name}: run {fn.name} on {expression}",
        ScheduleExpression=expression, State="ENABLED",
        Targets=[cfn_events.Target(Id=f"function-{fn.name}"[:64], Arn=GetAtt(function_id, "Arn"))],
    ), fn, layer=layer, path=path)
    ctx.add(awslambda.Permission(
        rule + "Permission", Action="lambda:InvokeFunction", FunctionName=GetAtt(function_id, "Arn"),
        Principal="events.amazonaws.com", SourceArn=GetAtt(rule, "Arn")), fn, layer=layer, path=path)
