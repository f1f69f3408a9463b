"""Checks of ``disaster_recovery:``: regions, objectives the strategy cannot meet, components that cannot follow.

Every error is located at the key that declares it, with the strategy, region or choice that would
work in the hint: a secondary equal to the primary, a declared RTO the strategy cannot reach (and
the cheapest strategy that can), a declared RPO a data store cannot meet under the strategy (and
what would), choices for components that do not exist or have no capacity, components whose type
cannot follow into another region (to be marked single_region, with why), and each type's own
errors (an engine without global-database support).
"""
from __future__ import annotations

from ..core.diagnostics import Diagnostic, did_you_mean, error
from ..core.model import Architecture
from ..core.recovery import DisasterRecovery
from . import strategies
from .secondary import primary_certificate

DEFAULT_PRIMARY = "us-east-1"


class _Probe:
    """Enough of a RegionPlan to ask a type whether it has a copy in the secondary."""

    def __init__(self, dr: DisasterRecovery):
        self.dr, self.strategy, self.role = dr, dr.strategy, "secondary"


def primary_region(arch: Architecture) -> str:
    return arch.region or DEFAULT_PRIMARY


def _regions(arch: Architecture, dr: DisasterRecovery) -> list[Diagnostic]:
    if dr.secondary == primary_region(arch):
        return [error("E930", f"the secondary region {dr.secondary} is the primary region", ("disaster_recovery",
                                                                                            "secondary"),
                      "choose another region, such as us-west-2 for us-east-1 (or set region: for the primary)")]
    return []


def _objectives(arch: Architecture, dr: DisasterRecovery) -> list[Diagnostic]:
    out = []
    if dr.rto_minutes is not None and strategies.rto(dr.strategy) > dr.rto_minutes:
        better = strategies.fastest_within(dr.rto_minutes)
        out.append(error("E931", f"{dr.strategy} recovers in about {strategies.rto(dr.strategy)} minutes, more than "
                                 f"rto_minutes: {dr.rto_minutes}", ("disaster_recovery", "rto_minutes"),
                         f"use strategy: {better}" if better else
                         "no strategy fails over faster than DNS can; raise rto_minutes to at least 2"))
    if dr.rpo_minutes is None:
        return out
    for comp in arch.components.values():
        if not dr.follows(comp.name):
            continue
        found = arch.kind(comp.name).data_recovery(comp, arch, dr.strategy)
        if found is None or found.rpo_minutes <= dr.rpo_minutes:
            continue
        better = next((s for s in strategies.ORDER[strategies.ORDER.index(dr.strategy) + 1:]
                       if (arch.kind(comp.name).data_recovery(comp, arch, s) or found).rpo_minutes <= dr.rpo_minutes),
                      None)
        hint = (f"use strategy: {better}" if better else
                "set replication_time_control: true" if found.mechanism.startswith("S3") else
                f"raise rpo_minutes to {found.rpo_minutes:g}, or mark the component single_region")
        out.append(error("E932", f"'{comp.name}' may lose up to {found.rpo_minutes:g} minutes of data under "
                                 f"{dr.strategy} ({found.mechanism}), more than rpo_minutes: {dr.rpo_minutes}",
                         ("disaster_recovery", "rpo_minutes"), hint))
    return out


def _choices(arch: Architecture, dr: DisasterRecovery) -> list[Diagnostic]:
    out = []
    for name, choice in dr.components.items():
        path = ("disaster_recovery", "components", name)
        if name not in arch.components:
            out.append(error("E934", f"'{name}' is not a component", path,
                             did_you_mean(name, arch.components) or "name a component of the file"))
            continue
        comp = arch.components[name]
        if choice.capacity is not None and not getattr(arch.kind(name), "scales_in_secondary", False):
            out.append(error("E935", f"a {comp.type} has no capacity to set in the secondary region",
                             path + ("capacity",), "set capacity on an instance group or a container service"))
        if choice.capacity is not None and choice.single_region:
            out.append(error("E936", f"'{name}' stays in the primary region and has a secondary capacity",
                             path + ("capacity",), "remove capacity, or single_region"))
    return out


def _regional_arns(value, path: tuple, prefix: str):
    """(path, ARN) of every string of a component's settings that names an ARN starting with ``prefix``."""
    if isinstance(value, str):
        if value.startswith(prefix):
            yield path, value
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from _regional_arns(getattr(value, name), path + (name,), prefix)
    elif hasattr(value, "items"):
        for key, item in value.items():
            yield from _regional_arns(item, path + (key,), prefix)
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _regional_arns(item, path + (i,), prefix)


def _certificates(arch: Architecture, dr: DisasterRecovery, comp) -> list[Diagnostic]:
    """A regional certificate of the primary cannot serve in the secondary: the file names the secondary's."""
    if dr.choice(comp.name).certificate or arch.kind(comp.name).secondary_settings(comp.name, {}, _Probe(dr)) is None:
        return []
    prefix = primary_certificate(primary_region(arch))
    return [error("E939", f"'{comp.name}' names the certificate {arn} of {primary_region(arch)}, which cannot serve "
                          f"in {dr.secondary}", ("components", comp.name) + path,
                  f"request one in {dr.secondary} and give it:  disaster_recovery:  components:  {comp.name}:  "
                  "{certificate: arn:aws:acm:...}")
            for path, arn in _regional_arns(comp, (), prefix) if path[:1] != ("name",)][:1]


def _followers(arch: Architecture, dr: DisasterRecovery) -> list[Diagnostic]:
    out = []
    for comp in arch.components.values():
        if not dr.follows(comp.name):
            continue
        out += _certificates(arch, dr, comp)
        kind = arch.kind(comp.name)
        problem = kind.recovery_problem(comp, arch)
        if problem:
            out.append(error("E933", f"'{comp.name}' cannot follow into {dr.secondary}: {problem}",
                             ("components", comp.name),
                             f"mark it  disaster_recovery:  components:  {comp.name}: {{single_region: true, "
                             "reason: ...}}"))
        out += list(kind.recovery_checks(comp, arch))
    return out


def check(arch: Architecture) -> list[Diagnostic]:
    """Every error of the disaster_recovery section, at once."""
    dr = arch.disaster_recovery
    if dr is None:
        return []
    out = _regions(arch, dr) + _choices(arch, dr) + _objectives(arch, dr) + _followers(arch, dr)
    if arch.dns is not None and arch.dns.creates_zone:
        key = "private" if arch.dns.private else "create_zone"
        out.append(error("E937", "a multi-region architecture points both regions at an existing hosted zone; "
                                 "this file would create it in one region's stacks", ("dns", key),
                         "create the zone once (a file of its own, or the console) and give dns.zone_id"))
    return out
