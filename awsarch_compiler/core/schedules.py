"""Schedule expressions AWS accepts: EventBridge's rate() and six-field cron() (also AWS Backup's
cron), and the five-field Unix cron of Auto Scaling scheduled actions. Pure checks, no resources."""
from __future__ import annotations

import re

RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")
CRON_FIELD = re.compile(r"^[0-9A-Za-z*?,/#L\-W]+$")
# Each cron field: its name, the numbers it takes, the names it takes and the specials beyond * , - /.
CRON_FIELDS = (("minutes", 0, 59, (), ""), ("hours", 0, 23, (), ""), ("day-of-month", 1, 31, (), "?LW"),
               ("month", 1, 12, ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), ""),
               ("day-of-week", 1, 7, ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), "?L#"),
               ("year", 1970, 2199, (), ""))
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


def _cron_value(value: str, low: int, high: int, names: tuple) -> bool:
    if value.upper() in names:
        return True
    return value.isdigit() and low <= int(value) <= high


def _cron_item_ok(item: str, spec: tuple) -> bool:
    """One comma-separated item of a cron field: *, ?, N, N-M, */S, N/S, N-M/S, L, NW, NL, N#K."""
    _, low, high, names, specials = spec
    if item == "*" or (item in ("?", "L") and item in specials):
        return True
    if "#" in item and "#" in specials:
        day, _, nth = item.partition("#")
        return _cron_value(day, low, high, names) and nth.isdigit() and 1 <= int(nth) <= 5
    if item[-1:] in ("W", "L") and item[-1] in specials and len(item) > 1:
        return _cron_value(item[:-1], low, high, names)
    base, _, step = item.partition("/")
    if step and not (step.isdigit() and 1 <= int(step) <= high):
        return False
    if base == "*" and step:
        return True
    start, _, end = base.partition("-")
    return _cron_value(start, low, high, names) and (not end or _cron_value(end, low, high, names))


def _cron_values_problem(fields: list[str]) -> str | None:
    for field, spec in zip(fields, CRON_FIELDS):
        if not all(item and _cron_item_ok(item, spec) for item in field.split(",")):
            name, low, high, names, _ = spec
            taken = f"{low}-{high}" + (f" or {names[0]}-{names[-1]}" if names else "")
            return f"the {name} field '{field}' is not valid (it takes {taken}): {CRON_HELP}"
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
        return _cron_values_problem(fields)
    return f"use rate(5 minutes) or {CRON_HELP}"


UNIX_FIELDS = (("minute", 0, 59, (), ""), ("hour", 0, 23, (), ""), ("day-of-month", 1, 31, (), ""),
               ("month", 1, 12, CRON_FIELDS[3][3], ""), ("day-of-week", 0, 6, CRON_FIELDS[4][3], ""))
UNIX_HELP = "five fields MIN HOUR DAY-OF-MONTH MONTH DAY-OF-WEEK in UTC, such as 0 8 * * 1-5"


def unix_cron_problem(expression: str) -> str | None:
    """Why an Auto Scaling scheduled action's recurrence (Unix cron, five fields) is invalid, or None."""
    fields = expression.split()
    if len(fields) != 5:
        return f"a recurrence has five fields, this one has {len(fields)}: {UNIX_HELP}"
    for field, spec in zip(fields, UNIX_FIELDS):
        if not all(item and item != "?" and _cron_item_ok(item, spec) for item in field.split(",")):
            name, low, high, names, _ = spec
            return f"the {name} field '{field}' is not valid (it takes {low}-{high} or *): {UNIX_HELP}"
    return None
