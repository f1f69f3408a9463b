"""Checks of the ``monitoring`` section: alarms name real metrics, someone is told, AWS limits."""
from __future__ import annotations

from ...core.diagnostics import Diagnostic, did_you_mean, error
from ...core.model import Architecture
from ...core.references import reference_errors

BUDGET_EMAIL_LIMIT = 10  # AWS Budgets: e-mail subscribers per notification


def check_alarms(arch: Architecture) -> list[Diagnostic]:
    out = []
    monitoring = arch.monitoring
    for i, alarm in enumerate(monitoring.alarms):
        path = ("monitoring", "alarms", i)
        found = reference_errors(arch, alarm.component, path + ("component",), (), "alarm component")
        if found:
            out += found
            continue
        kind = arch.kind(alarm.component)
        if alarm.metric not in kind.metrics:
            names = sorted(kind.metrics)
            out.append(error("E320", f"a {kind.type_name} has no metric '{alarm.metric}'", path + ("metric",),
                             did_you_mean(alarm.metric, names) or
                             (f"{kind.type_name} metrics: {', '.join(names)}" if names else None)))
    if (monitoring.alarms or monitoring.budget) and not monitoring.notify:
        out.append(error("E321", "alarms and budgets need someone to tell", ("monitoring",),
                         "add notify: [you@example.com]"))
    return out


def check_limits(arch: Architecture) -> list[Diagnostic]:
    """Monitoring checks beyond the per-alarm reference checks: one alarm per metric, budget recipients."""
    out = []
    seen: dict[tuple, int] = {}
    for i, alarm in enumerate(arch.monitoring.alarms):
        key = (alarm.component, alarm.metric)
        if key in seen:
            out.append(error("E325", f"a second alarm on {alarm.component} {alarm.metric} (the first is "
                                     f"alarms[{seen[key]}])", ("monitoring", "alarms", i),
                             "keep one alarm per component and metric"))
        seen.setdefault(key, i)
    budget = arch.monitoring.budget
    if budget is not None and len(arch.monitoring.notify) > BUDGET_EMAIL_LIMIT:
        out.append(error("E326", f"a budget notifies at most {BUDGET_EMAIL_LIMIT} e-mail addresses, and notify "
                                 f"has {len(arch.monitoring.notify)}", ("monitoring", "notify"),
                         "use a mailing-list address for the rest"))
    return out


def check(arch: Architecture) -> list[Diagnostic]:
    return check_alarms(arch) + check_limits(arch)
