"""Checks of an instance group's alarm policies and scheduled actions."""
from __future__ import annotations

from ...core.diagnostics import did_you_mean, error
from ...core.schedules import unix_cron_problem
from .metrics import METRICS


def _policy(policy, path: tuple):
    if (policy.above is None) == (policy.below is None):
        yield error("E2270", "a scaling policy needs its alarm: exactly one of above and below", path,
                    "above: 60 (scale out when the metric is above 60) or below: 40 (scale in)")
        return
    actions = [name for name, given in (("add", policy.add is not None), ("remove", policy.remove is not None),
                                        ("steps", bool(policy.steps))) if given]
    wrong = "remove" if policy.above is not None else "add"
    if len(actions) != 1 or actions[0] == wrong:
        right = "add: N" if policy.above is not None else "remove: N"
        yield error("E2271", f"a policy that alarms {'above' if policy.above is not None else 'below'} its threshold "
                             f"needs exactly one action ({right}, or steps), not {', '.join(actions) or 'none'}",
                    path, f"write {right} or steps: [{{change: 1}}]")
    if policy.metric not in METRICS:
        yield error("E2272", f"an instance group has no metric '{policy.metric}'", path + ("metric",),
                    did_you_mean(policy.metric, METRICS) or f"metrics: {', '.join(METRICS)}")


def _action(comp, action, path: tuple):
    problem = unix_cron_problem(action.cron)
    if problem:
        yield error("E2274", f"'{action.cron}' is not a valid recurrence: {problem}", path + ("cron",),
                    "such as 0 8 * * 1-5 (08:00 UTC on weekdays)")
    low = comp.capacity.min if action.min is None else action.min
    high = comp.capacity.max if action.max is None else action.max
    problem = None
    if low > high:
        problem = (f"scheduled action '{action.name}' sets min {low} above max {high}", path,
                   "make min at most max (the group's capacity counts for the one left out)")
    elif action.desired is not None and not low <= action.desired <= high:
        problem = (f"scheduled action '{action.name}' sets desired {action.desired} outside {low}..{high}",
                   path + ("desired",), f"choose desired between {low} and {high}")
    if problem:
        yield error("E2273", *problem)

def check(comp, path: tuple):
    for i, policy in enumerate(comp.scaling.policies):
        yield from _policy(policy, path + ("policies", i))
    seen = set()
    for i, action in enumerate(comp.scaling.schedule):
        where = path + ("schedule", i)
        if action.name in seen:
            yield error("E2275", f"two scheduled actions are named '{action.name}'", where + ("name",),
                        "give each action its own name")
        seen.add(action.name)
        yield from _action(comp, action, where)
