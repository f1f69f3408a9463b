"""Checks of the ``backup:`` section: every plan selects something AWS Backup can protect, its schedule
and lifecycle are ones AWS Backup accepts, and its retention fits the vault lock."""
from __future__ import annotations

from ...core.backup import SCHEDULES, BackupPlan
from ...core.diagnostics import Diagnostic, error, one_of
from ...core.model import Architecture, Component
from ...core.references import reference_errors
from ...core.schedules import schedule_problem

CONTINUOUS_MAX_DAYS = 35  # AWS Backup keeps continuous backups (point-in-time restore) at most 35 days
COLD_MINIMUM_DAYS = 90  # a recovery point stays in cold storage at least 90 days


def component_tags(arch: Architecture, comp: Component) -> dict:
    return {**arch.tags, **comp.tags}


def selected(arch: Architecture, plan: BackupPlan) -> list[Component]:
    """The components a plan protects: named ones, then those carrying all its tags, in file order;
    tag matches of types AWS Backup does not protect are left out."""
    named = [arch.components[n] for n in plan.components if n in arch.components]
    tagged = []
    if plan.tags:
        for comp in arch.components.values():
            tags = component_tags(arch, comp)
            if all(tags.get(k) == v for k, v in plan.tags.items()) and arch.kind(comp.name).backup_scope(comp):
                tagged.append(comp)
    return list({c.name: c for c in named + tagged}.values())


def protectable(arch: Architecture) -> tuple[str, ...]:
    """The component types a backup plan can select."""
    return tuple(sorted(n for n, k in arch.kinds.items() if k.backup_service))


def _selection(arch: Architecture, name: str, plan: BackupPlan, path: tuple) -> list[Diagnostic]:
    out = []
    kinds = protectable(arch)
    for i, target in enumerate(plan.components):
        where = path + ("components", i)
        found = reference_errors(arch, target, where, kinds, "backup component")
        out += found
        if found:
            continue
        comp = arch.components[target]
        problem = arch.kind(target).backup_problem(comp)
        if problem:
            out.append(error("E382", problem[0], where, problem[1]))
    if not out and not selected(arch, plan):
        if plan.tags:
            wanted = ", ".join(f"{k}: {v}" for k, v in plan.tags.items())
            message = f"backup plan '{name}' selects nothing: no component AWS Backup protects carries {wanted}"
        else:
            message = f"backup plan '{name}' selects nothing: it names no components and no tags"
        out.append(error("E380", message, path, f"list components: [...] ({one_of(kinds)}) or tags: {{KEY: VALUE}} "
                                                "that those components carry"))
    return out


def _schedule(name: str, plan: BackupPlan, path: tuple) -> list[Diagnostic]:
    if plan.schedule in SCHEDULES:
        return []
    if plan.schedule.startswith("rate("):
        message = f"backup plan '{name}' has a rate() schedule; AWS Backup takes cron() only"
    else:
        problem = schedule_problem(plan.schedule)
        if problem is None:
            return []
        message = f"'{plan.schedule}' is not a valid backup schedule: {problem}"
    return [error("E383", message, path + ("schedule",), "use hourly, daily, weekly, monthly or cron(0 5 ? * * *)")]


def _lifecycle(name: str, plan: BackupPlan, path: tuple) -> list[Diagnostic]:
    out = []
    cold = plan.cold_storage_after_days
    if cold is not None and plan.retention_days < cold + COLD_MINIMUM_DAYS:
        out.append(error("E384", f"backup plan '{name}' deletes recovery points after {plan.retention_days} days, "
                                 f"less than {COLD_MINIMUM_DAYS} days after they move to cold storage (day {cold})",
                         path + ("retention_days",), f"set retention_days to at least {cold + COLD_MINIMUM_DAYS}, "
                                                     "or remove cold_storage_after_days"))
    if plan.continuous and (plan.retention_days > CONTINUOUS_MAX_DAYS or cold is not None):
        out.append(error("E385", f"backup plan '{name}' is continuous, which keeps at most {CONTINUOUS_MAX_DAYS} days "
                                 "and has no cold storage", path + ("continuous",),
                         f"set retention_days to {CONTINUOUS_MAX_DAYS} or less without cold storage, or make a "
                         "second plan for the long-term copies"))
    if plan.completion_window_minutes <= plan.start_window_minutes:
        out.append(error("E388", f"backup plan '{name}' must allow more minutes to complete "
                                 f"({plan.completion_window_minutes}) than to start ({plan.start_window_minutes})",
                         path + ("completion_window_minutes",),
                         f"raise completion_window_minutes above {plan.start_window_minutes}"))
    return out


def _lock(arch: Architecture) -> list[Diagnostic]:
    lock = arch.backup.vault.lock
    if lock is None:
        return []
    path = ("backup", "vault", "lock")
    high = lock.max_retention_days
    if high is not None and high < lock.min_retention_days:
        return [error("E387", f"the vault lock's max_retention_days ({high}) is below its min_retention_days "
                              f"({lock.min_retention_days})", path + ("max_retention_days",),
                      "make max_retention_days at least min_retention_days")]
    out = []
    for name, plan in arch.backup.plans.items():
        if plan.retention_days < lock.min_retention_days or (high is not None and plan.retention_days > high):
            limits = f"{lock.min_retention_days}" + (f" to {high}" if high is not None else " or more")
            out.append(error("E386", f"backup plan '{name}' keeps recovery points {plan.retention_days} days, "
                                     f"outside the vault lock's {limits} days", ("backup", "plans", name, "retention_days"),
                             "AWS Backup refuses to store them: change retention_days or the lock's limits"))
    return out


def customer_key_wanted(arch: Architecture) -> bool:
    """The vault's key: kms unless the file says aws, or the architecture uses AWS-managed keys only."""
    chosen = arch.backup.vault.encryption
    return chosen == "kms" or (chosen is None and arch.encryption != "aws-managed")


def check(arch: Architecture) -> list[Diagnostic]:
    if arch.backup is None:
        return []
    out = []
    for name, plan in arch.backup.plans.items():
        path = ("backup", "plans", name)
        out += _selection(arch, name, plan, path) + _schedule(name, plan, path) + _lifecycle(name, plan, path)
    return out + _lock(arch)
