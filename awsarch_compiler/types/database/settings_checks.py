"""Checks of a database's engine settings: parameters the family has, options its engine offers,
read replicas, log exports and Performance Insights retention."""
from __future__ import annotations

from ...core.diagnostics import Diagnostic, did_you_mean, error
from .model import Database, engine_of, is_aurora
from .settings import OPTIONS, family_of, known_parameters, level_of


def _parameters(comp: Database, path: tuple) -> list[Diagnostic]:
    known = known_parameters(comp)
    if known is None:
        return []
    names = sorted({n for level in known.values() for n in level})
    out = []
    for name in comp.parameters:
        if level_of(comp, name) is None:
            out.append(error("E1670", f"{family_of(comp)} has no parameter '{name}'", path + ("parameters", name),
                             did_you_mean(name, names) or "see the engine's parameter group in the RDS console; "
                             "parameter names are lower case with underscores"))
    return out


def _options(comp: Database, path: tuple) -> list[Diagnostic]:
    if not comp.options:
        return []
    offered = OPTIONS.get(comp.engine)
    if offered is None:
        return [error("E1672", f"{comp.engine} has no option groups", path + ("options",),
                      "set the engine's parameters instead (parameters: {...})")]
    return [error("E1673", f"{comp.engine} option groups have no option '{option.name}'", path + ("options", i, "name"),
                  did_you_mean(option.name, offered) or f"{comp.engine} options: {', '.join(offered)}")
            for i, option in enumerate(comp.options) if option.name not in offered]


def _replicas_and_logs(comp: Database, path: tuple) -> list[Diagnostic]:
    out = []
    if comp.read_replicas and is_aurora(comp):
        out.append(error("E1674", "an Aurora cluster's readers are its instances, not read_replicas",
                         path + ("read_replicas",), f"set instances: {comp.read_replicas + 1} (the writer and the readers)"))
    logs = engine_of(comp).logs
    for i, log in enumerate(comp.log_exports or ()):
        if log not in logs:
            out.append(error("E1675", f"{comp.engine} has no '{log}' log to export", path + ("log_exports", i),
                             f"{comp.engine} logs: {', '.join(logs)}"))
    if comp.performance_insights_retention_days != 7 and not comp.performance_insights:
        out.append(error("E1676", "performance_insights_retention_days is set and Performance Insights is off",
                         path + ("performance_insights_retention_days",), "add performance_insights: true"))
    return out


def check(comp: Database) -> list[Diagnostic]:
    path = ("components", comp.name)
    return _parameters(comp, path) + _options(comp, path) + _replicas_and_logs(comp, path)
